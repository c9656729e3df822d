package care.neighbourhood.portal.tasks;

import java.time.LocalDate;
import java.util.Set;

/**
 * One open task as the board and the task page show it.
 *
 * @param id the Task's resource id
 * @param version the version the user sees, sent back with every change (optimistic locking)
 * @param personId the Patient's resource id, or {@code null}
 * @param personName e.g. {@code ELLIS, Margaret}, or {@code null} when the record does not say
 * @param description what is to be done, as written
 * @param status e.g. {@code in-progress}
 * @param priority its priority (routine when not given)
 * @param owner who has it, e.g. {@code Nina Patel}, or {@code null} for nobody
 * @param requester who asked for it, or {@code null}
 * @param due the due date, or {@code null}
 * @param dueText the due date for people to read, or {@code null}
 * @param overdue the due date has passed
 * @param mine the user has claimed it
 * @param ownedByMyOrganisation the user's organisation has it and nobody there has claimed it yet
 * @param unassigned nobody, or only an organisation or team, has it
 * @param actions what the user is offered
 */
public record TaskOnBoard(
        String id,
        String version,
        String personId,
        String personName,
        String description,
        String status,
        TaskPriority priority,
        String owner,
        String requester,
        LocalDate due,
        String dueText,
        boolean overdue,
        boolean mine,
        boolean ownedByMyOrganisation,
        boolean unassigned,
        Set<TaskAction> actions) {

    public TaskOnBoard {
        actions = Set.copyOf(actions);
    }

    /** {@code In progress}. */
    public String statusLabel() {
        return TaskStatusFilter.labelOf(status);
    }

    public boolean offers(TaskAction action) {
        return actions.contains(action);
    }

    public boolean offers(String action) {
        return TaskAction.of(action).map(actions::contains).orElse(false);
    }

    /** Whether priority is shown as a tag (anything but routine). */
    public boolean urgent() {
        return priority != TaskPriority.ROUTINE;
    }
}
