package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import java.util.List;

/** Where the board and the task page get their tasks, and how changes are written. */
public interface TaskWork {

    /**
     * The page of the board the query asks for (the last page if it asks for one past it): the open
     * tasks for the people on the user's caseload that pass its filters, most urgent first, then the
     * earliest due, with what the user may do to each, and the counts in every scope. Filtered,
     * counted, ordered and paged by the FHIR server. Names may be missing until {@link #shown}
     * completes the rows.
     */
    TaskBoardPage boardFor(CurrentUser user, TaskBoardQuery query);

    /**
     * The rows of one page of the board as the board shows them, in the same order: with the
     * person's, owner's and requester's names and the description, and the version to send back with
     * a change, as the record holds them now. A row whose task can no longer be read stays as it was.
     * By default the rows as given, for sources whose rows are already complete.
     */
    default List<TaskOnBoard> shown(CurrentUser user, List<TaskOnBoard> rows) {
        return rows;
    }

    /**
     * One task with its timeline.
     *
     * @param taskId already checked to be a well-formed id
     */
    TaskDetail taskFor(CurrentUser user, String taskId);

    /**
     * Makes the change, recorded on the task with who, from which organisation, when and why, only if
     * the task is still the version the user saw.
     *
     * @throws TaskNotChangedException when the change was not made, with a message for the user
     */
    void change(CurrentUser user, TaskChange change);

    /**
     * Whether the shared care record still shows the person to the user: after a change that may
     * have ended their only care relationship (a task handed on, closed), their page may be closed.
     *
     * @param personId already checked to be a well-formed id
     */
    boolean stillShowsPerson(CurrentUser user, String personId);
}
