package care.neighbourhood.portal.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;

/**
 * Reads the access token from the user's {@code OAuth2AuthorizedClient} through the client manager,
 * which uses the refresh token when the access token has expired (or is about to).
 */
@Component
class AuthorizedClientAccessTokens implements AccessTokens {

    private final OAuth2AuthorizedClientManager authorizedClientManager;

    AuthorizedClientAccessTokens(OAuth2AuthorizedClientManager authorizedClientManager) {
        this.authorizedClientManager = authorizedClientManager;
    }

    @Override
    public String currentAccessToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof OAuth2AuthenticationToken login)) {
            throw new SignInRequiredException("No user is signed in through Keycloak");
        }
        OAuth2AuthorizedClient client;
        try {
            client = authorizedClientManager.authorize(
                    OAuth2AuthorizeRequest.withClientRegistrationId(login.getAuthorizedClientRegistrationId())
                            .principal(authentication)
                            .build());
        } catch (OAuth2AuthorizationException e) {
            throw new SignInRequiredException("The access token could not be refreshed", e);
        }
        if (client == null) {
            throw new SignInRequiredException("The session holds no access token");
        }
        return client.getAccessToken().getTokenValue();
    }
}
