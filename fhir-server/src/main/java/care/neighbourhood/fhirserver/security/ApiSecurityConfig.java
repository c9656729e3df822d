package care.neighbourhood.fhirserver.security;

import care.neighbourhood.fhirserver.server.ApiDocumentation;
import care.neighbourhood.fhirserver.smart.SmartDiscoveryConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Every FHIR request needs a bearer token from the realm, except reading the CapabilityStatement;
 * health and readiness probes are open. No sessions, no cookies, so no CSRF.
 */
@Configuration
public class ApiSecurityConfig {

    @Bean
    JwtDecoder accessTokenDecoder(TokenProperties properties) {
        return AccessTokenDecoderFactory.create(properties);
    }

    /**
     * Paths are matched as plain path patterns: the FHIR endpoint is a servlet of its own, so there is
     * no Spring MVC handler to look up for each request.
     */
    @Bean
    PathPatternRequestMatcher.Builder pathPatterns() {
        return PathPatternRequestMatcher.withDefaults();
    }

    /** See {@link SecurityFilterChainUnwrapped}. */
    @Bean
    static SecurityFilterChainUnwrapped securityFilterChainUnwrapped() {
        return new SecurityFilterChainUnwrapped();
    }

    /**
     * No observations of authentication, authorisation or the filter chain: nothing here reads them,
     * and wrapping every filter to record them cost every request.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring's strict firewall, its header checks without regular expressions. */
    @Bean
    HttpFirewall firewall() {
        return PlainHeaderChecks.firewall();
    }

    /** What the firewall refuses is answered with an OperationOutcome, like every other refusal. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(OperationOutcomeResponses responses) {
        return responses.rejected();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, OperationOutcomeResponses responses)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.GET, "/fhir/metadata", SmartDiscoveryConfig.DISCOVERY_PATH)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, ApiDocumentation.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.bearerTokenResolver(PlainHeaderChecks.bearerTokens())
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(responses.unauthenticated())
                        .accessDeniedHandler(responses.forbidden()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(responses.unauthenticated())
                        .accessDeniedHandler(responses.forbidden()))
                .addFilterBefore(
                        new TokenCheckUnavailableFilter(responses),
                        org.springframework.security.oauth2.server.resource.web.authentication
                                .BearerTokenAuthenticationFilter.class)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }
}
