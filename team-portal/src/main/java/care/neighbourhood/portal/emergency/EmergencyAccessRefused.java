package care.neighbourhood.portal.emergency;

/**
 * The shared care record did not accept a look-up or an emergency-access request as asked (a bad
 * parameter, or too many people matching), as opposed to being unavailable or refusing the user.
 */
public class EmergencyAccessRefused extends RuntimeException {

    private final boolean tooManyMatches;

    public EmergencyAccessRefused(boolean tooManyMatches, String message) {
        super(message);
        this.tooManyMatches = tooManyMatches;
    }

    /** More people match than the look-up names: the user should narrow it. */
    public boolean tooManyMatches() {
        return tooManyMatches;
    }
}
