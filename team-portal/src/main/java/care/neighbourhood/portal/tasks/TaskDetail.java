package care.neighbourhood.portal.tasks;

import java.util.List;

/**
 * The task page: the task, every change to it, and where it can be handed.
 *
 * @param task the task (its actions are empty when it is closed)
 * @param open whether someone still has to act on it
 * @param requestedOn when it was asked for, or {@code null}
 * @param timeline every change, newest first
 * @param fromHistory whether the timeline includes the task's version history, not only its notes
 * @param handOnTo organisations of the neighbourhood other than the current owner
 * @param namedPractitioner who at the owning organisation the task was meant for, when a team meeting
 *     named someone, or {@code null}
 * @param reason why the task was asked for (e.g. the meeting that decided it), or {@code null}
 */
public record TaskDetail(
        TaskOnBoard task,
        boolean open,
        String requestedOn,
        List<TimelineEntry> timeline,
        boolean fromHistory,
        List<Organisation> handOnTo,
        String namedPractitioner,
        String reason) {

    public TaskDetail {
        timeline = List.copyOf(timeline);
        handOnTo = List.copyOf(handOnTo);
    }

    /** A task that names no practitioner and gives no reason. */
    public TaskDetail(
            TaskOnBoard task,
            boolean open,
            String requestedOn,
            List<TimelineEntry> timeline,
            boolean fromHistory,
            List<Organisation> handOnTo) {
        this(task, open, requestedOn, timeline, fromHistory, handOnTo, null, null);
    }
}
