package care.neighbourhood.fhirserver.worklist;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BiPredicate;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * A Task as the worklist keeps it: what the worklist filters, counts and orders by.
 *
 * @param taskId the Task's id
 * @param version the Task's version; an older version never replaces a newer one
 * @param personId the Patient the Task is for, or null
 * @param owner the owner's reference ({@code Practitioner/x}, {@code Organization/y}), or null
 * @param status the Task's status code, or {@code deleted}
 * @param priorityRank 4 stat, 3 asap, 2 urgent, 1 routine or none
 * @param due the last day of {@code restriction.period.end}, or null
 * @param restricted whether the Task carries a label the sharing agreement restricts
 * @param times when the Task was asked for, claimed and completed, as far as it says
 */
public record WorklistRow(
        String taskId,
        long version,
        String personId,
        String owner,
        String status,
        int priorityRank,
        LocalDate due,
        boolean restricted,
        Handling handling) {

    /**
     * Who asked for the Task ({@code requester}, a reference) and when ({@code authoredOn}), when it was
     * first acted on ({@code executionPeriod.start}: the portal sets it when someone claims the task)
     * and completed ({@code executionPeriod.end}, or {@code lastModified} for a completed Task without
     * one); each null when the Task does not say.
     */
    public record Handling(String requester, Instant requested, Instant claimed, Instant completed) {
        static final Handling NONE = new Handling(null, null, null, null);
    }

    /** A row without its handling. */
    public WorklistRow(
            String taskId,
            long version,
            String personId,
            String owner,
            String status,
            int priorityRank,
            LocalDate due,
            boolean restricted) {
        this(taskId, version, personId, owner, status, priorityRank, due, restricted, Handling.NONE);
    }

    /** Task statuses that still need someone to act. */
    public static final List<String> OPEN_STATUSES =
            List.of("requested", "received", "accepted", "ready", "in-progress", "on-hold");

    static final String DELETED = "deleted";

    /** The priorities in rising order of urgency; the rank is the position plus one. */
    public static final List<String> PRIORITIES = List.of("routine", "urgent", "asap", "stat");

    /** The row for a Task; {@code isRestricted} tells whether a label (system, code) is restricted. */
    static WorklistRow of(Task task, BiPredicate<String, String> isRestricted) {
        boolean restricted = false;
        for (Coding label : task.getMeta().getSecurity()) {
            restricted |= isRestricted.test(label.getSystem(), label.getCode());
        }
        return new WorklistRow(
                task.getIdElement().getIdPart(),
                versionOf(task),
                personOf(task.getFor()),
                referenceOf(task.getOwner()),
                task.hasStatus() ? task.getStatus().toCode() : "unknown",
                rankOf(task.hasPriority() ? task.getPriority().toCode() : null),
                task.getRestriction().hasPeriod()
                        ? lastDay(task.getRestriction().getPeriod().getEndElement())
                        : null,
                restricted,
                handlingOf(task));
    }

    private static Handling handlingOf(Task task) {
        Instant completed = null;
        if (task.getStatus() == Task.TaskStatus.COMPLETED) {
            completed = task.getExecutionPeriod().hasEnd()
                    ? task.getExecutionPeriod().getEnd().toInstant()
                    : task.hasLastModified() ? task.getLastModified().toInstant() : null;
        }
        return new Handling(
                referenceOf(task.getRequester()),
                task.hasAuthoredOn() ? task.getAuthoredOn().toInstant() : null,
                task.getExecutionPeriod().hasStart()
                        ? task.getExecutionPeriod().getStart().toInstant()
                        : null,
                completed);
    }

    /** What is kept of a deleted Task: that it is gone, so that an older version never comes back. */
    static WorklistRow deleted(Task task) {
        return new WorklistRow(
                task.getIdElement().getIdPart(), versionOf(task) + 1, null, null, DELETED, 1, null, false);
    }

    static int rankOf(String priority) {
        int position = priority == null ? -1 : PRIORITIES.indexOf(priority);
        return position < 0 ? 1 : position + 1;
    }

    static long versionOf(org.hl7.fhir.r4.model.Resource resource) {
        Long version = resource.getIdElement().getVersionIdPartAsLong();
        if (version == null && resource.getMeta().hasVersionId()) {
            try {
                version = Long.parseLong(resource.getMeta().getVersionId());
            } catch (NumberFormatException e) {
                version = null;
            }
        }
        return version == null ? 1 : version;
    }

    private static String personOf(Reference subject) {
        String reference = referenceOf(subject);
        return reference != null && reference.startsWith("Patient/") ? reference.substring("Patient/".length()) : null;
    }

    private static String referenceOf(Reference reference) {
        if (reference == null || reference.getReferenceElement().isEmpty()) {
            return null;
        }
        var id = reference.getReferenceElement();
        if (!id.hasResourceType() || !id.hasIdPart() || id.isAbsolute()) {
            return null;
        }
        return id.getResourceType() + "/" + id.getIdPart();
    }

    /** The last day a date or dateTime covers: a year's 31 December, a month's last day. */
    static LocalDate lastDay(BaseDateTimeType value) {
        String text = value == null ? null : value.getValueAsString();
        if (text == null || text.length() < 4) {
            return null;
        }
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 12, 31);
                case 7 -> YearMonth.parse(text).atEndOfMonth();
                default -> LocalDate.parse(text.substring(0, 10));
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
