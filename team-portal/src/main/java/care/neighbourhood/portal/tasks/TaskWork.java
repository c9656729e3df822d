package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import java.util.List;

/** Where the board and the task page get their tasks, and how changes are written. */
public interface TaskWork {

    /** Every open task for the people on the user's caseload, with what the user may do to each. */
    List<TaskOnBoard> openTasksFor(CurrentUser user);

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
}
