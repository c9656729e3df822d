package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.IQuery;
import care.neighbourhood.portal.people.HandOnOrganisation;
import care.neighbourhood.portal.people.PersonRecord;
import care.neighbourhood.portal.people.PersonRecords;
import care.neighbourhood.portal.people.PersonTask;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.tasks.TaskAction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.OperationOutcome;
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
 * the class) and one for the rest of the record (every other data class, only what each record is
 * and who made it). The server says in each search's outcome entry what it withheld and why; the
 * latest changes are read off the records both searches return. The agreement and organisation names
 * are kept between pages.
 */
@Service
class FhirPersonRecords implements PersonRecords {

    /** The coordination class when the agreement cannot be read: what the page shows. */
    private static final List<String> COORDINATION_TYPES =
            List.of("Patient", "RelatedPerson", "CareTeam", "CarePlan", "Goal", "Task");

    /** What the page says of records outside the coordination class: what each is and who made it. */
    private static final String[] REST_ELEMENTS = {
        "code", "recorder", "asserter", "performer", "author", "requester", "subject", "patient"
    };

    private final FhirSearches searches;
    private final FhirAgreementTerms agreement;
    private final OrganisationDirectory organisations;
    private final NeighbourhoodOrganisations neighbourhood;
    private final Clock clock;

    FhirPersonRecords(
            FhirSearches searches,
            FhirAgreementTerms agreement,
            OrganisationDirectory organisations,
            NeighbourhoodOrganisations neighbourhood,
            Clock clock) {
        this.searches = searches;
        this.agreement = agreement;
        this.organisations = organisations;
        this.neighbourhood = neighbourhood;
        this.clock = clock;
    }

    @Override
    public PersonRecord recordOf(CurrentUser user, String personId) {
        var patient = searches.read("reading the person's record", Patient.class, personId);
        AgreementTerms terms = agreement.current();
        List<String> coordinationTypes = terms.classOf("Patient")
                .map(AgreementTerms.DataClass::resourceTypes)
                .orElse(COORDINATION_TYPES);
        var coordination = searches.counted(
                "reading the person's care coordination record", recordOf(personId, coordinationTypes, true));
        List<String> otherTypes = terms.dataClasses().stream()
                .flatMap(dataClass -> dataClass.resourceTypes().stream())
                .filter(type -> !coordinationTypes.contains(type) && !type.equals("Patient"))
                .distinct()
                .toList();
        var rest = otherTypes.isEmpty()
                ? new FhirSearches.Found(List.of(), 0, List.of())
                : searches.counted("reading the rest of the person's record", restOf(personId, otherTypes));

        LocalDate today = LocalDate.now(clock);
        var found = new ResourceIndex(coordination.resources());
        String patientReference = "Patient/" + personId;
        var names = new ReferenceNames(found, organisations.namesOf(organisationCodes(found)));
        List<CareTeam> teams =
                CareTeamMembers.activeTeams(about(found.all(CareTeam.class), CareTeam::getSubject, patientReference));
        List<Resource> seen = new ArrayList<>(coordination.resources());
        seen.addAll(rest.resources());
        List<OperationOutcome> outcomes = new ArrayList<>(coordination.outcomes());
        outcomes.addAll(rest.outcomes());
        List<PersonTask> openTasks = PersonTaskRows.openTasks(
                about(found.all(Task.class), Task::getFor, patientReference), names, today, user);
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
                openTasks,
                WithheldWords.notices(outcomes, coordination.withheld() + rest.withheld()),
                new AccessBasisWords(user, found, names, terms).explain(patient.accessBasis()),
                RecentChanges.latest(aboutThePerson(seen, patientReference), names),
                handOnTo(user, openTasks));
    }

    /** Where the user may hand a task: every organisation of the neighbourhood but their own. */
    private List<HandOnOrganisation> handOnTo(CurrentUser user, List<PersonTask> openTasks) {
        if (openTasks.stream().noneMatch(task -> task.offers(TaskAction.HAND_ON.value()))) {
            return List.of();
        }
        return neighbourhood.all().stream()
                .filter(o -> !o.code().equals(user.organisationCode()))
                .map(o -> new HandOnOrganisation(o.code(), o.name()))
                .toList();
    }

    /** The search parameter naming the person, for the types where it is not {@code patient}. */
    private static final java.util.Map<String, String> PERSON_PARAMETER = java.util.Map.of("Group", "member");

    /**
     * {@code Patient?_id=<id>} with a {@code _revinclude} of every type outside the coordination
     * class: one search for the rest of the person's record, asking only for what the page says of
     * it (what each record is and who made it), so that the server says what it withheld, and why.
     */
    private static Function<IGenericClient, IQuery<Bundle>> restOf(String personId, List<String> types) {
        return client -> recordOf(personId, types, false).apply(client).elementsSubset(REST_ELEMENTS);
    }

    /** The person's own records among those found (a search may bring in others, and the directory). */
    private static List<Resource> aboutThePerson(List<Resource> records, String patientReference) {
        return records.stream()
                .filter(record -> record instanceof Patient
                        ? patientReference.equals(ResourceIndex.referenceTo(record))
                        : namesThePerson(record, patientReference))
                .toList();
    }

    private static boolean namesThePerson(Resource record, String patientReference) {
        for (String element : List.of("subject", "patient", "for")) {
            var property = record.getNamedProperty(element);
            if (property != null
                    && property.getValues().stream()
                            .anyMatch(value -> value instanceof Reference reference
                                    && patientReference.equals(ResourceIndex.referenceOf(reference)))) {
                return true;
            }
        }
        return false;
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
                    query = query.revInclude(new Include(type + ":" + PERSON_PARAMETER.getOrDefault(type, "patient")));
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
