package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.RecentChange;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The latest changes across the person's record, from the records the page has already been given
 * (so the server's rules decide what appears, and no call is made per change): the records stored
 * most recently, newest first, each as what it is, added or updated, when (Europe/London) and, where
 * the record says so, who.
 */
final class RecentChanges {

    /** How many changes the page shows. */
    static final int SHOWN = 10;

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("Patient", "Personal details"),
            Map.entry("RelatedPerson", "Key contact"),
            Map.entry("CareTeam", "Care team"),
            Map.entry("CarePlan", "Individual Plan"),
            Map.entry("Goal", "Goal"),
            Map.entry("Task", "Task"),
            Map.entry("Communication", "Message"),
            Map.entry("Appointment", "Appointment"),
            Map.entry("Condition", "Condition"),
            Map.entry("Observation", "Observation"),
            Map.entry("MedicationRequest", "Medicine"),
            Map.entry("AllergyIntolerance", "Allergy"),
            Map.entry("Procedure", "Procedure"),
            Map.entry("DiagnosticReport", "Test result"),
            Map.entry("Encounter", "Encounter"),
            Map.entry("DocumentReference", "Document"),
            Map.entry("ServiceRequest", "Referral"),
            Map.entry("QuestionnaireResponse", "Assessment"),
            Map.entry("Consent", "Sharing decision"));

    /** Who made a new record, by element name, in the order to look. */
    private static final List<String> AUTHORS =
            List.of("recorder", "author", "performer", "asserter", "requester", "sender");

    private RecentChanges() {}

    static List<RecentChange> latest(Collection<? extends Resource> records, ReferenceNames names) {
        return records.stream()
                .filter(record -> KINDS.containsKey(record.fhirType()))
                .filter(record -> record.getMeta().hasLastUpdated())
                .sorted(Comparator.comparing(
                                (Resource record) -> record.getMeta().getLastUpdated())
                        .reversed()
                        .thenComparing(
                                record -> record.getIdElement().getIdPart(),
                                Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(SHOWN)
                .map(record -> change(record, names))
                .toList();
    }

    private static RecentChange change(Resource record, ReferenceNames names) {
        boolean added = "1".equals(record.getMeta().getVersionId());
        String title = titleOf(record);
        String what =
                KINDS.get(record.fhirType()) + (added ? " added" : " updated") + (title == null ? "" : ": " + title);
        return new RecentChange(
                what,
                FhirDates.forDisplay(new InstantType(record.getMeta().getLastUpdated())),
                whoOf(record, added, names));
    }

    private static String titleOf(Resource record) {
        String title;
        if (record instanceof Task task) {
            title = task.hasDescription() ? task.getDescription() : Words.concept(task.getCode());
        } else if (record instanceof CarePlan plan) {
            title = plan.getTitle();
        } else if (record instanceof Goal goal) {
            title = Words.concept(goal.getDescription());
        } else if (record instanceof CareTeam team) {
            title = team.getName();
        } else if (record instanceof RelatedPerson person) {
            title = PatientFacts.preferredName(person.getName())
                    .map(PatientFacts::asSaid)
                    .orElse(null);
        } else if (record instanceof Patient) {
            title = null;
        } else {
            title = firstConcept(record, "code");
        }
        return title == null || title.isBlank() ? null : title;
    }

    /**
     * Who changed it, where the record says so: the writer of a task's newest note written at the
     * change; for a new record, its author or recorder. Nobody is guessed.
     */
    private static String whoOf(Resource record, boolean added, ReferenceNames names) {
        if (record instanceof Task task) {
            Date stored = record.getMeta().getLastUpdated();
            return task.getNote().stream()
                    .filter(note -> note.hasTime() && note.hasAuthorReference())
                    .filter(note -> Math.abs(note.getTime().getTime() - stored.getTime()) < 60_000)
                    .max(Comparator.comparing(note -> note.getTime()))
                    .map(note -> names.nameOf(note.getAuthorReference()))
                    .orElseGet(() -> added ? names.nameOf(task.getRequester()) : null);
        }
        if (!added) {
            return null;
        }
        return AUTHORS.stream()
                .map(element -> firstReference(record, element))
                .filter(Objects::nonNull)
                .map(names::nameOf)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static String firstConcept(Resource record, String element) {
        return values(record, element).stream()
                .filter(CodeableConcept.class::isInstance)
                .map(value -> Words.concept((CodeableConcept) value))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static Reference firstReference(Resource record, String element) {
        return values(record, element).stream()
                .filter(Reference.class::isInstance)
                .map(Reference.class::cast)
                .filter(reference -> !reference.isEmpty())
                .findFirst()
                .orElse(null);
    }

    private static List<Base> values(Resource record, String element) {
        var property = record.getNamedProperty(element);
        return property == null ? List.of() : property.getValues();
    }
}
