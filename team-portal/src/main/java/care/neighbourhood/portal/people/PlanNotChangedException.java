package care.neighbourhood.portal.people;

/**
 * The shared care record did not change the plan. When someone else saved first, {@code theirs} is
 * what is saved now and {@code yours} what the user tried to save, so the page can show both.
 */
public class PlanNotChangedException extends RuntimeException {

    private final CareTeamNotChangedException.Why why;
    private final String theirs;
    private final String yours;

    public PlanNotChangedException(
            CareTeamNotChangedException.Why why, String message, String theirs, String yours, Throwable cause) {
        super(message, cause);
        this.why = why;
        this.theirs = theirs;
        this.yours = yours;
    }

    public CareTeamNotChangedException.Why why() {
        return why;
    }

    public String theirs() {
        return theirs;
    }

    public String yours() {
        return yours;
    }
}
