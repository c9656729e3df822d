package care.neighbourhood.portal.people;

/**
 * The shared care record did not change the plan. When someone else saved first, {@code theirs} is
 * what is saved now and {@code yours} what the user tried to save, so the page can show both.
 */
public class PlanNotChangedException extends RuntimeException {

    private final NotChangedBecause why;
    private final String theirs;
    private final String yours;

    public PlanNotChangedException(
            NotChangedBecause why, String message, String theirs, String yours, Throwable cause) {
        super(message, cause);
        this.why = why;
        this.theirs = theirs;
        this.yours = yours;
    }

    public NotChangedBecause why() {
        return why;
    }

    public String theirs() {
        return theirs;
    }

    public String yours() {
        return yours;
    }
}
