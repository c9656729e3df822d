package care.neighbourhood.portal.people;

/** The shared care record did not change the care team; the message is for the user, in plain words. */
public class CareTeamNotChangedException extends RuntimeException {

    private final NotChangedBecause why;

    public CareTeamNotChangedException(NotChangedBecause why, String message, Throwable cause) {
        super(message, cause);
        this.why = why;
    }

    public NotChangedBecause why() {
        return why;
    }
}
