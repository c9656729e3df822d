package care.neighbourhood.fhirserver.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How each resource type belongs to a person: the search parameter that names the person and the
 * element that holds the reference. Types listed here are "about a person" and are visible only
 * through a care relationship; {@link #DIRECTORY} types describe the neighbourhood itself and every
 * member may read them. Any other type is refused.
 */
public final class PersonLinks {

    /** Who works where: readable by every member of the neighbourhood. */
    public static final Set<String> DIRECTORY =
            Set.of("Organization", "Practitioner", "PractitionerRole", "Location", "HealthcareService", "Endpoint");

    /** Kept by the server itself, never served or changed through the API. */
    public static final Set<String> INTERNAL = Set.of(CareAccessIndex.ENTRY_TYPE);

    /**
     * @param searchParameter the search parameter on the type that refers to the person
     * @param element the FHIR path (terser form) of the reference to the person
     */
    public record Link(String searchParameter, String element) {}

    private static final Map<String, Link> LINKS = Map.ofEntries(
            Map.entry("Patient", new Link("_id", "Patient")),
            Map.entry("RelatedPerson", new Link("patient", "RelatedPerson.patient")),
            Map.entry("CareTeam", new Link("patient", "CareTeam.subject")),
            Map.entry("CarePlan", new Link("patient", "CarePlan.subject")),
            Map.entry("Goal", new Link("patient", "Goal.subject")),
            Map.entry("Task", new Link("patient", "Task.for")),
            Map.entry("Communication", new Link("patient", "Communication.subject")),
            Map.entry("Appointment", new Link("patient", "Appointment.participant.actor")),
            Map.entry("Consent", new Link("patient", "Consent.patient")),
            Map.entry("Condition", new Link("patient", "Condition.subject")),
            Map.entry("Observation", new Link("patient", "Observation.subject")),
            Map.entry("MedicationRequest", new Link("patient", "MedicationRequest.subject")),
            Map.entry("AllergyIntolerance", new Link("patient", "AllergyIntolerance.patient")),
            Map.entry("Procedure", new Link("patient", "Procedure.subject")),
            Map.entry("DiagnosticReport", new Link("patient", "DiagnosticReport.subject")),
            Map.entry("QuestionnaireResponse", new Link("patient", "QuestionnaireResponse.subject")),
            Map.entry("Encounter", new Link("patient", "Encounter.subject")),
            Map.entry("List", new Link("patient", "List.subject")),
            Map.entry("DocumentReference", new Link("patient", "DocumentReference.subject")),
            Map.entry("ServiceRequest", new Link("patient", "ServiceRequest.subject")));

    private PersonLinks() {}

    public static Optional<Link> of(String resourceType) {
        return Optional.ofNullable(LINKS.get(resourceType));
    }

    public static Set<String> personLinkedTypes() {
        return LINKS.keySet();
    }

    public static boolean isAboutAPerson(String resourceType) {
        return LINKS.containsKey(resourceType);
    }

    public static boolean isDirectory(String resourceType) {
        return DIRECTORY.contains(resourceType);
    }
}
