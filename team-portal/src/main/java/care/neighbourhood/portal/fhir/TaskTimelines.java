package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.tasks.TimelineEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Task;

/**
 * A task's timeline, newest first. From the version history when the server gives it: the first
 * version is the request; each later version is told by the notes it added (who, from which
 * organisation, when, what and why) or, when it added none (a change made outside the portal), by
 * what differs from the version before, at the time the server stored it. Without the history, the
 * request and the notes alone.
 */
final class TaskTimelines {

    private TaskTimelines() {}

    /** @param versions every version of the task, in any order */
    static List<TimelineEntry> fromHistory(List<Task> versions, ReferenceNames names) {
        List<Task> ordered = versions.stream()
                .sorted(Comparator.comparingLong(TaskTimelines::versionNumber))
                .toList();
        List<Dated> entries = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Task version = ordered.get(i);
            if (i == 0) {
                entries.add(requested(version, names));
                version.getNote().forEach(note -> entries.add(noted(note, names)));
                continue;
            }
            Task before = ordered.get(i - 1);
            List<Annotation> added = version.getNote()
                    .subList(
                            Math.min(before.getNote().size(), version.getNote().size()),
                            version.getNote().size());
            if (added.isEmpty()) {
                entries.add(changedElsewhere(before, version, names));
            } else {
                added.forEach(note -> entries.add(noted(note, names)));
            }
        }
        return newestFirst(entries);
    }

    /** The request and the notes of the task as it is now. */
    static List<TimelineEntry> fromNotes(Task task, ReferenceNames names) {
        List<Dated> entries = new ArrayList<>();
        entries.add(requested(task, names));
        task.getNote().forEach(note -> entries.add(noted(note, names)));
        return newestFirst(entries);
    }

    private record Dated(Date time, TimelineEntry entry) {}

    private static List<TimelineEntry> newestFirst(List<Dated> entries) {
        List<Dated> sorted = new ArrayList<>(entries);
        // Stable: entries of one moment keep the order they were recorded in, then all are reversed.
        sorted.sort(Comparator.comparing(Dated::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<TimelineEntry> result = new ArrayList<>();
        for (int i = sorted.size() - 1; i >= 0; i--) {
            result.add(sorted.get(i).entry());
        }
        return result;
    }

    private static Dated requested(Task task, ReferenceNames names) {
        Date time = task.hasAuthoredOn()
                ? task.getAuthoredOn()
                : task.getMeta().hasLastUpdated() ? task.getMeta().getLastUpdated() : null;
        String owner = names.nameOf(task.getOwner());
        String what = owner == null ? "Asked for, not yet assigned" : "Asked for, assigned to " + owner;
        return new Dated(time, new TimelineEntry(when(time), names.nameOf(task.getRequester()), null, what, null));
    }

    private static Dated noted(Annotation note, ReferenceNames names) {
        TaskNotes.Note read = TaskNotes.read(note, names);
        return new Dated(
                read.time(),
                new TimelineEntry(
                        when(read.time()),
                        read.author(),
                        read.organisation(),
                        read.what().isBlank() ? "Note" : read.what(),
                        read.reason()));
    }

    private static Dated changedElsewhere(Task before, Task after, ReferenceNames names) {
        List<String> changes = new ArrayList<>();
        String statusBefore = before.hasStatus() ? Words.code(before.getStatus().toCode()) : null;
        String statusAfter = after.hasStatus() ? Words.code(after.getStatus().toCode()) : null;
        if (!Objects.equals(statusBefore, statusAfter)) {
            changes.add("status " + orNone(statusBefore) + " to " + orNone(statusAfter));
        }
        String ownerBefore = names.nameOf(before.getOwner());
        String ownerAfter = names.nameOf(after.getOwner());
        if (!Objects.equals(
                ResourceIndex.referenceOf(before.getOwner()), ResourceIndex.referenceOf(after.getOwner()))) {
            changes.add("owner " + orNone(ownerBefore) + " to " + orNone(ownerAfter));
        }
        if (TaskRows.priorityOf(before) != TaskRows.priorityOf(after)) {
            changes.add("priority " + TaskRows.priorityOf(before).label() + " to "
                    + TaskRows.priorityOf(after).label());
        }
        String what = changes.isEmpty()
                ? "Changed outside the portal"
                : "Changed outside the portal: " + String.join("; ", changes);
        Date time = after.getMeta().hasLastUpdated() ? after.getMeta().getLastUpdated() : null;
        return new Dated(time, new TimelineEntry(when(time), null, null, what, null));
    }

    private static String orNone(String value) {
        return value == null ? "nobody" : value;
    }

    static String when(Date time) {
        return time == null ? null : FhirDates.forDisplay(new DateTimeType(time));
    }

    private static long versionNumber(Task task) {
        try {
            return Long.parseLong(TaskRows.versionOf(task));
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }
}
