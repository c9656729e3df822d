package care.neighbourhood.portal.security;

/**
 * Whether Keycloak answers at the moment, so that "Log in" can say plainly that signing in is not
 * possible rather than send the browser to a sign-in service that is down.
 */
public interface SignInAvailability {

    boolean keycloakAnswers();
}
