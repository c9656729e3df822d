package care.neighbourhood.portal.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * How the portal records a change on the Task itself, in the same update: a {@code Task.note}
 * whose author is the user's Practitioner, whose time is the change's, and whose text says what
 * changed and why. Two extensions keep the parts apart for the timeline: the organisation the user
 * acted for and the reason as given. Any FHIR client reads the text; the timeline reads the parts.
 */
final class TaskNotes {

    static final String ORGANISATION_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/task-note-organisation";
    static final String REASON_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/task-note-reason";

    private TaskNotes() {}

    /** One note of a change, as read back. */
    record Note(String author, String organisation, Date time, String what, String reason) {}

    static void add(
            Task task,
            String practitioner,
            String practitionerName,
            String organisation,
            String organisationName,
            Date time,
            String what,
            String reason) {
        Annotation note = task.addNote()
                .setAuthor(new Reference(practitioner).setDisplay(practitionerName))
                .setTimeElement(new org.hl7.fhir.r4.model.DateTimeType(time))
                .setText(reason == null || reason.isEmpty() ? what : what + " Reason: " + reason);
        if (organisation != null) {
            note.addExtension(
                    new Extension(ORGANISATION_EXTENSION, new Reference(organisation).setDisplay(organisationName)));
        }
        if (reason != null && !reason.isEmpty()) {
            note.addExtension(new Extension(REASON_EXTENSION, new StringType(reason)));
        }
    }

    /** A note as the timeline shows it, whoever wrote it and however. */
    static Note read(Annotation note, ReferenceNames names) {
        String author = note.hasAuthorReference()
                ? names.nameOf(note.getAuthorReference())
                : note.hasAuthorStringType() ? note.getAuthorStringType().getValue() : null;
        Extension organisation = note.getExtensionByUrl(ORGANISATION_EXTENSION);
        String organisationName = organisation != null && organisation.getValue() instanceof Reference reference
                ? names.nameOf(reference)
                : null;
        Extension reason = note.getExtensionByUrl(REASON_EXTENSION);
        String reasonText = reason != null && reason.getValue() instanceof StringType text ? text.getValue() : null;
        String what = note.hasText() ? note.getText() : "";
        if (reasonText != null && what.endsWith(" Reason: " + reasonText)) {
            what = what.substring(0, what.length() - (" Reason: " + reasonText).length());
        }
        return new Note(author, organisationName, note.hasTime() ? note.getTime() : null, what, reasonText);
    }
}
