package care.neighbourhood.portal.security;

/** The signed-in user's access token, for relaying to the FHIR server. */
@FunctionalInterface
public interface AccessTokens {

    /**
     * The current user's access token, refreshed first if it has expired.
     *
     * @throws SignInRequiredException when there is no signed-in user or the token cannot be refreshed
     */
    String currentAccessToken();
}
