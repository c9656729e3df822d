package care.neighbourhood.portal.people;

/** Why the shared care record did not make a change to a person's care team or plan, as an HTTP status. */
public enum NotChangedBecause {
    /** Someone changed the record after the user saw it: 409, and nothing was overwritten. */
    CHANGED_MEANWHILE(409),
    /** The shared care record refused it: 403. */
    REFUSED(403),
    /** The record rejected what was sent: 400. */
    REJECTED(400);

    private final int status;

    NotChangedBecause(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
