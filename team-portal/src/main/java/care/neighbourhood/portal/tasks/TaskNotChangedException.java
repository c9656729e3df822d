package care.neighbourhood.portal.tasks;

/**
 * The shared care record did not make the change; the message is for the user, in plain words.
 */
public class TaskNotChangedException extends RuntimeException {

    /** Why, in the HTTP status the page is answered with. */
    public enum Why {
        /** Someone changed the task after the user saw it: 409, and nothing was overwritten. */
        CHANGED_MEANWHILE(409),
        /** The shared care record refused it: 403. */
        REFUSED(403),
        /** No such task, or not one the user may see: 404. */
        NOT_FOUND(404),
        /** The task is no longer in a state where the action is offered: 409. */
        NOT_OFFERED(409),
        /** The record rejected what was sent: 400. */
        REJECTED(400);

        private final int status;

        Why(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Why why;

    public TaskNotChangedException(Why why, String message, Throwable cause) {
        super(message, cause);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
