package care.neighbourhood.fhirserver.record;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one table of what each resource type the server serves is, and which of its elements say whose
 * record it is, who acted, and who recorded it. The access rules, the audit trail and the custodian
 * lookup all read it from here. A type that is not in this table is not served to API callers.
 */
public final class RecordTypes {

    /** What a type of record is, for the access rules. */
    public enum Kind {
        /** About one person (or, for a few types, several): seen only through a care relationship. */
        ABOUT_A_PERSON,
        /** Who works where in the neighbourhood: readable by every member, changed by administrators. */
        DIRECTORY,
        /** The audit trail: read by information governance only, written by the server alone. */
        GOVERNANCE,
        /** An external system's own subscription: seen and changed by that system alone. */
        SUBSCRIPTION,
        /** A file of a bulk export: fetched by whoever asked for the export, written by the server alone. */
        EXPORT_FILE,
        /** Kept by the server for itself (the care access index): never served or written through the API. */
        INTERNAL
    }

    /**
     * One row of the table.
     *
     * @param name the resource type
     * @param kind what it is
     * @param personParameter the search parameter that names the person ({@code _id} for Patient)
     * @param personElements where the person is named (terser paths); the Patient itself names itself
     * @param namesSeveralPeople whether one record may name several people (all must be visible)
     * @param authorElements who did what the record records: a writer may name only themselves, their
     *     role or their organisation here
     * @param recordedByElements who holds the record, looked at before the authors to find the
     *     organisation whose data it is
     */
    public record RecordType(
            String name,
            Kind kind,
            String personParameter,
            List<String> personElements,
            boolean namesSeveralPeople,
            List<String> authorElements,
            List<String> recordedByElements) {

        /** Custodian candidates in order: who holds the record, then who made it. */
        public List<String> custodianElements() {
            return Stream.concat(recordedByElements.stream(), authorElements.stream())
                    .toList();
        }
    }

    /**
     * The people whose records a Provenance points to, named in an extension (R4's Provenance has no
     * element for them); the {@code person} search parameter indexes it.
     */
    public static final String PROVENANCE_PERSON_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/provenance-person";

    private static final String PROVENANCE_PEOPLE = "Provenance.extension('" + PROVENANCE_PERSON_EXTENSION + "').value";

    // spotless:off
    private static final List<RecordType> TABLE = List.of(
            //     type                     person param  person elements                          authors                                                   recorded by
            person("Patient",               "_id",        List.of(),                               List.of(),                                                List.of("Patient.managingOrganization", "Patient.generalPractitioner")),
            person("RelatedPerson",         "patient",    List.of("RelatedPerson.patient"),        List.of(),                                                List.of()),
            person("CareTeam",              "patient",    List.of("CareTeam.subject"),             List.of(),                                                List.of("CareTeam.managingOrganization")),
            person("CarePlan",              "patient",    List.of("CarePlan.subject"),             List.of("CarePlan.author"),                               List.of()),
            person("Goal",                  "patient",    List.of("Goal.subject"),                 List.of(),                                                List.of("Goal.expressedBy")),
            person("Task",                  "patient",    List.of("Task.for"),                     List.of("Task.requester", "Task.note.authorReference"),   List.of()),
            person("Communication",         "patient",    List.of("Communication.subject"),        List.of("Communication.sender"),                          List.of()),
            several("Appointment",          "patient",    List.of("Appointment.participant.actor"), List.of(),                                               List.of()),
            person("Consent",               "patient",    List.of("Consent.patient"),              List.of(),                                                List.of("Consent.organization", "Consent.performer")),
            person("Condition",             "patient",    List.of("Condition.subject"),            List.of("Condition.recorder", "Condition.asserter"),      List.of()),
            person("Observation",           "patient",    List.of("Observation.subject"),          List.of("Observation.performer"),                         List.of()),
            person("MedicationRequest",     "patient",    List.of("MedicationRequest.subject"),    List.of("MedicationRequest.requester", "MedicationRequest.recorder"), List.of()),
            person("AllergyIntolerance",    "patient",    List.of("AllergyIntolerance.patient"),   List.of("AllergyIntolerance.recorder", "AllergyIntolerance.asserter"), List.of()),
            person("Procedure",             "patient",    List.of("Procedure.subject"),            List.of("Procedure.recorder"),                            List.of()),
            person("DiagnosticReport",      "patient",    List.of("DiagnosticReport.subject"),     List.of("DiagnosticReport.performer"),                    List.of()),
            person("QuestionnaireResponse", "patient",    List.of("QuestionnaireResponse.subject"), List.of("QuestionnaireResponse.author"),                 List.of()),
            person("Encounter",             "patient",    List.of("Encounter.subject"),            List.of(),                                                List.of("Encounter.serviceProvider")),
            several("Provenance",           "person",     List.of(PROVENANCE_PEOPLE),              List.of(),                                                List.of()),
            several("List",                 "patient",    List.of("List.subject", "List.entry.item"), List.of(),                                             List.of()),
            person("DocumentReference",     "patient",    List.of("DocumentReference.subject"),    List.of("DocumentReference.author"),                      List.of("DocumentReference.custodian")),
            several("Group",                "member",     List.of("Group.member.entity"),          List.of(),                                                List.of("Group.managingEntity")),
            person("ServiceRequest",        "patient",    List.of("ServiceRequest.subject"),       List.of("ServiceRequest.requester"),                      List.of()),
            other("Organization", Kind.DIRECTORY),
            other("Practitioner", Kind.DIRECTORY),
            other("PractitionerRole", Kind.DIRECTORY),
            other("Location", Kind.DIRECTORY),
            other("HealthcareService", Kind.DIRECTORY),
            other("Endpoint", Kind.DIRECTORY),
            other("AuditEvent", Kind.GOVERNANCE),
            other("Subscription", Kind.SUBSCRIPTION),
            other("Binary", Kind.EXPORT_FILE),
            other("Basic", Kind.INTERNAL));
    // spotless:on

    private static final Map<String, RecordType> BY_NAME =
            TABLE.stream().collect(Collectors.toUnmodifiableMap(RecordType::name, Function.identity()));

    private RecordTypes() {}

    public static Optional<RecordType> of(String resourceType) {
        return Optional.ofNullable(resourceType == null ? null : BY_NAME.get(resourceType));
    }

    /** The kind of a type, or empty for a type the server does not serve. */
    public static Optional<Kind> kindOf(String resourceType) {
        return of(resourceType).map(RecordType::kind);
    }

    public static boolean is(String resourceType, Kind kind) {
        return kindOf(resourceType).filter(kind::equals).isPresent();
    }

    public static boolean isAboutAPerson(String resourceType) {
        return is(resourceType, Kind.ABOUT_A_PERSON);
    }

    public static boolean isDirectory(String resourceType) {
        return is(resourceType, Kind.DIRECTORY);
    }

    /** Every type that is about a person. */
    public static Set<String> personLinkedTypes() {
        return TABLE.stream()
                .filter(type -> type.kind() == Kind.ABOUT_A_PERSON)
                .map(RecordType::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    public static List<RecordType> all() {
        return TABLE;
    }

    private static RecordType person(
            String name, String parameter, List<String> people, List<String> authors, List<String> recordedBy) {
        return new RecordType(name, Kind.ABOUT_A_PERSON, parameter, people, false, authors, recordedBy);
    }

    private static RecordType several(
            String name, String parameter, List<String> people, List<String> authors, List<String> recordedBy) {
        return new RecordType(name, Kind.ABOUT_A_PERSON, parameter, people, true, authors, recordedBy);
    }

    private static RecordType other(String name, Kind kind) {
        return new RecordType(name, kind, null, List.of(), false, List.of(), List.of());
    }
}
