package care.neighbourhood.portal.security;

/** Where the portal sends a user to log in. */
public final class SignIn {

    /** Starts the authorization code flow with Keycloak (registration {@code keycloak}). */
    public static final String KEYCLOAK_LOGIN = "/oauth2/authorization/" + OAuth2ClientConfig.REGISTRATION_ID;

    /** The landing page of signed-out users. */
    public static final String LOGIN_PAGE = "/login";

    private SignIn() {}
}
