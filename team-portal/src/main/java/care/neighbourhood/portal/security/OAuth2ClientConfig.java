package care.neighbourhood.portal.security;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/** The Keycloak client registration and where the signed-in user's tokens are kept. */
@Configuration(proxyBeanMethods = false)
class OAuth2ClientConfig {

    /** The registration id; it appears in the login URL {@code /oauth2/authorization/keycloak}. */
    static final String REGISTRATION_ID = "keycloak";

    @Bean
    ClientRegistrationRepository clientRegistrationRepository(KeycloakProperties keycloak) {
        return new InMemoryClientRegistrationRepository(keycloakRegistration(keycloak));
    }

    static ClientRegistration keycloakRegistration(KeycloakProperties keycloak) {
        return ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("Keycloak")
                .clientId(keycloak.clientId())
                .clientSecret(keycloak.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .issuerUri(keycloak.issuer())
                .authorizationUri(keycloak.openIdConnectEndpoint("auth"))
                .tokenUri(keycloak.openIdConnectEndpoint("token"))
                .jwkSetUri(keycloak.openIdConnectEndpoint("certs"))
                .userInfoUri(keycloak.openIdConnectEndpoint("userinfo"))
                .userNameAttributeName("preferred_username")
                // Discovery would supply this; without it, logout could not end the Keycloak session.
                .providerConfigurationMetadata(Map.of("end_session_endpoint", keycloak.openIdConnectEndpoint("logout")))
                .build();
    }

    /**
     * Tokens live in the user's HTTP session: they never reach the browser, and logging out (which
     * invalidates the session) discards them. The in-memory default would keep them after logout.
     */
    @Bean
    OAuth2AuthorizedClientRepository authorizedClientRepository() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** Hands out the user's access token, refreshing it first when it has expired. */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(
            ClientRegistrationRepository clientRegistrations, OAuth2AuthorizedClientRepository authorizedClients) {
        OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken()
                .build();
        var manager = new DefaultOAuth2AuthorizedClientManager(clientRegistrations, authorizedClients);
        manager.setAuthorizedClientProvider(provider);
        return manager;
    }
}
