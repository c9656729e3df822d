package care.neighbourhood.portal.people;

/** The shared care record did not change the care team; the message is for the user, in plain words. */
public class CareTeamNotChangedException extends RuntimeException {

    /** Why, in the HTTP status the page is answered with. */
    public enum Why {
        /** Someone changed the team after the user saw it: 409, and nothing was overwritten. */
        CHANGED_MEANWHILE(409),
        /** The shared care record refused it: 403. */
        REFUSED(403),
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

    public CareTeamNotChangedException(Why why, String message, Throwable cause) {
        super(message, cause);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
