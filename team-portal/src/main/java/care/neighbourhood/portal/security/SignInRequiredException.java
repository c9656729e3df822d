package care.neighbourhood.portal.security;

/**
 * The user has to log in again: their tokens are gone from the session or could not be refreshed
 * (typically because the Keycloak session has ended).
 */
public class SignInRequiredException extends RuntimeException {

    public SignInRequiredException(String message) {
        super(message);
    }

    public SignInRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
