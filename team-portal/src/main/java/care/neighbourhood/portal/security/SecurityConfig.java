package care.neighbourhood.portal.security;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Everything but the health probe, the signed-out landing page and static assets needs a signed-in
 * user. Unauthenticated requests go to {@code /login}, which offers the way in through Keycloak.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    @Bean
    SecurityFilterChain portalSecurity(
            HttpSecurity http,
            ClientRegistrationRepository clientRegistrations,
            OAuth2AuthorizedClientRepository authorizedClients,
            KeycloakProperties keycloak,
            SignInAvailability signInAvailability)
            throws Exception {
        http.addFilterBefore(
                        new SignInAvailabilityFilter(signInAvailability),
                        OAuth2AuthorizationRequestRedirectFilter.class)
                .authorizeHttpRequests(
                        requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                                .permitAll()
                                .requestMatchers(
                                        SignIn.LOGIN_PAGE,
                                        "/actuator/health",
                                        "/actuator/health/**",
                                        "/nhsuk/**",
                                        "/assets/**",
                                        "/css/**",
                                        "/js/**",
                                        "/favicon.ico")
                                .permitAll()
                                .anyRequest()
                                .authenticated())
                .oauth2Login(login -> login.loginPage(SignIn.LOGIN_PAGE)
                        .authorizationEndpoint(endpoint ->
                                endpoint.authorizationRequestResolver(pkceAuthorizationRequests(clientRegistrations)))
                        .authorizedClientRepository(authorizedClients))
                .logout(logout -> logout.logoutSuccessHandler(keycloakLogout(clientRegistrations)))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(contentSecurityPolicy(keycloak)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * PKCE on top of the client secret: a stolen authorization code is useless without the verifier
     * that only this session holds (OAuth 2.1 and the realm both require it).
     */
    private static OAuth2AuthorizationRequestResolver pkceAuthorizationRequests(
            ClientRegistrationRepository clientRegistrations) {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(
                clientRegistrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        return resolver;
    }

    /** Ends the Keycloak session too, so that "Log in" afterwards asks for the password again. */
    private static OidcClientInitiatedLogoutSuccessHandler keycloakLogout(
            ClientRegistrationRepository clientRegistrations) {
        var handler = new OidcClientInitiatedLogoutSuccessHandler(clientRegistrations);
        handler.setPostLogoutRedirectUri("{baseUrl}/");
        return handler;
    }

    /**
     * Only our own scripts, styles and images. The NHS stylesheet declares the Frutiger web font on
     * assets.nhs.uk; the portal's stylesheet sets Arial instead, so the font is never requested, and
     * the host is allowed only so that browsers do not report the unused declaration as a
     * violation. Forms may post to Keycloak because logging out redirects there.
     */
    static String contentSecurityPolicy(KeycloakProperties keycloak) {
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self' https://assets.nhs.uk",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "frame-ancestors 'none'",
                "form-action 'self' " + keycloak.origin());
    }
}
