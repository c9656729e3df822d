package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.IQuery;
import care.neighbourhood.portal.people.PersonRecord;
import care.neighbourhood.portal.people.PersonRecords;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * The person's record from a fixed number of FHIR calls made with the user's own token, whatever
 * the size of the record: a read of the Patient (which the server refuses, 403, for a person the user
 * has no care relationship with, and answers with its access basis otherwise), one search for the
 * coordination record (carers, plans, goals, care teams with their members, tasks and the rest of
 * the class), and one search per other data class of the agreement, made only to learn how many of
 * its records the server withholds. The agreement and organisation names are kept between pages.
 */
@Service
class FhirPersonRecords implements PersonRecords {

    /** The coordination class when the agreement cannot be read: what the page shows. */
    private static final List<String> COORDINATION_TYPES =
            List.of("Patient", "RelatedPerson", "CareTeam", "CarePlan", "Goal", "Task");

    private final FhirSearches searches;
    private final FhirAgreementTerms agreement;
    private final OrganisationDirectory organisations;
    private final Clock clock;

    FhirPersonRecords(
            FhirSearches searches, FhirAgreementTerms agreement, OrganisationDirectory organisations, Clock clock) {
        this.searches = searches;
        this.agreement = agreement;
        this.organisations = organisations;
        this.clock = clock;
    }

    @Override
    public PersonRecord recordOf(CurrentUser user, String personId) {
        var patient = searches.read("reading the person's record", Patient.class, personId);
        AgreementTerms terms = agreement.current();
        var coordinationClass = terms.classOf("Patient");
        String coordinationName =
                coordinationClass.map(AgreementTerms.DataClass::name).orElse("coordination");
        var coordination = searches.counted(
                "reading the person's care coordination record",
                recordOf(
                        personId,
                        coordinationClass
                                .map(AgreementTerms.DataClass::resourceTypes)
                                .orElse(COORDINATION_TYPES),
                        true));

        Map<String, Integer> withheld = new LinkedHashMap<>();
        for (AgreementTerms.DataClass dataClass : terms.dataClasses()) {
            if (dataClass.name().equals(coordinationName)) {
                withheld.put(dataClass.name(), coordination.withheld());
            } else if (dataClass.resourceTypes().stream().anyMatch(type -> !type.equals("Patient"))) {
                withheld.put(
                        dataClass.name(),
                        searches.counted(
                                        "counting what is withheld from the person's record",
                                        recordOf(personId, dataClass.resourceTypes(), false))
                                .withheld());
            }
        }
        if (terms.dataClasses().isEmpty()) {
            withheld.put(coordinationName, coordination.withheld());
        }

        LocalDate today = LocalDate.now(clock);
        var found = new ResourceIndex(coordination.resources());
        String patientReference = "Patient/" + personId;
        var names = new ReferenceNames(found, organisations.namesOf(organisationCodes(found)));
        List<CareTeam> teams =
                CareTeamMembers.activeTeams(about(found.all(CareTeam.class), CareTeam::getSubject, patientReference));
        return new PersonRecord(
                PersonSummaries.summary(
                        patient.resource(),
                        found.all(RelatedPerson.class).stream()
                                .filter(related ->
                                        patientReference.equals(ResourceIndex.referenceOf(related.getPatient())))
                                .toList(),
                        today),
                IndividualPlans.plans(
                        about(found.all(CarePlan.class), CarePlan::getSubject, patientReference), found, names),
                CareTeamMembers.members(teams, names, today),
                PersonTaskRows.openTasks(
                        about(found.all(Task.class), Task::getFor, patientReference), names, today, user),
                WithheldWords.notices(withheld, user, terms),
                new AccessBasisWords(user, found, names, terms).explain(patient.accessBasis()));
    }

    /**
     * {@code Patient?_id=<id>} with a {@code _revinclude} of every type of the class: one search for
     * all of the person's records of that class, and one withheld count for them.
     */
    private static Function<IGenericClient, IQuery<Bundle>> recordOf(
            String personId, List<String> types, boolean withTeamMembers) {
        return client -> {
            var query = client.search()
                    .forResource(Patient.class)
                    .where(IAnyResource.RES_ID.exactly().code(personId))
                    .returnBundle(Bundle.class);
            for (String type : types) {
                if (!type.equals("Patient")) {
                    query = query.revInclude(new Include(type + ":patient"));
                }
            }
            if (withTeamMembers) {
                query = query.include(new Include("CareTeam:participant").asRecursive());
            }
            return query;
        };
    }

    /** The resources of a type that are about this person (a search may bring others in). */
    private static <T extends Resource> List<T> about(
            List<T> resources, Function<T, Reference> person, String patientReference) {
        List<T> about = new ArrayList<>();
        for (T resource : resources) {
            if (patientReference.equals(ResourceIndex.referenceOf(person.apply(resource)))) {
                about.add(resource);
            }
        }
        return about;
    }

    /** Organisation codes the records name, so that their names can be looked up in one go. */
    private static Set<String> organisationCodes(ResourceIndex found) {
        Set<String> codes = new TreeSet<>();
        for (CareTeam team : found.all(CareTeam.class)) {
            team.getParticipant().forEach(participant -> {
                addOrganisation(codes, participant.getMember());
                addOrganisation(codes, participant.getOnBehalfOf());
            });
        }
        for (Task task : found.all(Task.class)) {
            addOrganisation(codes, task.getOwner());
        }
        for (CarePlan plan : found.all(CarePlan.class)) {
            plan.getActivity()
                    .forEach(activity -> activity.getDetail().getPerformer().forEach(p -> addOrganisation(codes, p)));
        }
        return codes;
    }

    private static void addOrganisation(Set<String> codes, Reference reference) {
        String target = ResourceIndex.referenceOf(reference);
        if (target != null && target.startsWith("Organization/")) {
            codes.add(ResourceIndex.idPart(target));
        }
    }
}
