package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.caseload.Caseload;
import care.neighbourhood.portal.caseload.CaseloadService;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * Builds the caseload from FHIR searches made with the user's own token, so the server's access rules
 * apply: at most one search for the user's practitioner roles, the care teams with their subjects and
 * participants, the open tasks of those people (a handful of patients per search), and the names of
 * organisations the results do not carry.
 */
@Service
class FhirCaseloadService implements CaseloadService {

    /** Patients per task search: keeps the URL short whatever the caseload's size. */
    private static final int PATIENTS_PER_TASK_SEARCH = 40;

    private final FhirSearches searches;
    private final OrganisationDirectory organisationDirectory;
    private final CaseloadAssembler assembler;

    FhirCaseloadService(FhirSearches searches, OrganisationDirectory organisationDirectory, Clock clock) {
        this.searches = searches;
        this.organisationDirectory = organisationDirectory;
        this.assembler = new CaseloadAssembler(clock);
    }

    @Override
    public Caseload caseloadFor(CurrentUser user) {
        Set<String> userReferences = participantReferences(user);
        if (userReferences.isEmpty()) {
            return Caseload.empty();
        }
        var found = new ResourceIndex(searches.all(
                "searching the care teams of the caseload",
                client -> client.search()
                        .forResource(CareTeam.class)
                        .where(CareTeam.STATUS.exactly().code("active"))
                        .and(CareTeam.PARTICIPANT.hasAnyOfIds(userReferences))
                        .include(CareTeam.INCLUDE_SUBJECT)
                        .include(CareTeam.INCLUDE_PARTICIPANT)
                        .returnBundle(Bundle.class)));
        List<CareTeam> careTeams = assembler.careTeamsOnCaseload(found.all(CareTeam.class), userReferences);
        if (careTeams.isEmpty()) {
            return Caseload.empty();
        }
        Map<String, Integer> openTasks = assembler.openTasksByPatient(openTasksOf(assembler.patientsOf(careTeams)));
        Map<String, String> organisationNames =
                organisationDirectory.namesOf(assembler.organisationsToLookUp(careTeams, found));
        return assembler.caseload(careTeams, found, openTasks, organisationNames);
    }

    /** The references a care team may use for this user: practitioner, their roles, organisation. */
    private Set<String> participantReferences(CurrentUser user) {
        Set<String> references = new LinkedHashSet<>();
        String practitioner = user.practitionerReference();
        if (practitioner != null && practitioner.startsWith("Practitioner/")) {
            references.add(practitioner);
            searches
                    .all(
                            "searching the user's practitioner roles",
                            client -> client.search()
                                    .forResource(PractitionerRole.class)
                                    .where(PractitionerRole.PRACTITIONER.hasId(practitioner))
                                    .elementsSubset("active")
                                    .returnBundle(Bundle.class))
                    .stream()
                    .filter(PractitionerRole.class::isInstance)
                    .map(PractitionerRole.class::cast)
                    .filter(role -> !role.hasActive() || role.getActive())
                    .map(ResourceIndex::referenceTo)
                    .forEach(references::add);
        }
        if (user.organisationReference() != null) {
            references.add(user.organisationReference());
        }
        return references;
    }

    private List<Task> openTasksOf(Set<String> patients) {
        List<String> all = List.copyOf(patients);
        List<Task> tasks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += PATIENTS_PER_TASK_SEARCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + PATIENTS_PER_TASK_SEARCH));
            for (Resource resource : searches.all(
                    "searching the open tasks of the caseload",
                    client -> client.search()
                            .forResource(Task.class)
                            .where(Task.STATUS.exactly().codes(CaseloadAssembler.OPEN_TASK_STATUSES))
                            .and(Task.PATIENT.hasAnyOfIds(batch))
                            .elementsSubset("for", "status")
                            .returnBundle(Bundle.class))) {
                if (resource instanceof Task task) {
                    tasks.add(task);
                }
            }
        }
        return tasks;
    }
}
