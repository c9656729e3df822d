package care.neighbourhood.fhirserver.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the decoder for API access tokens. Keys come from the realm's JWKS endpoint, fetched when
 * the first token arrives (so the server may start before Keycloak) and cached; tokens must be
 * RS256, unexpired, from the configured issuer and for the configured audience. A token verified once
 * is remembered until it expires ({@link VerifiedTokens}). While the realm cannot be reached, the keys
 * last fetched stay in use (for {@link #KEYS_KEPT_THROUGH_AN_OUTAGE}), so valid tokens keep working.
 */
final class AccessTokenDecoderFactory {

    private static final Logger log = LoggerFactory.getLogger(AccessTokenDecoderFactory.class);

    private AccessTokenDecoderFactory() {}

    /** How long the realm's keys are used before they are fetched again (Nimbus's default). */
    static final Duration KEYS_CACHED_FOR = Duration.ofMillis(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE);

    /**
     * How long the last keys fetched stay in use while the realm cannot be reached: tokens already
     * issued keep working through an identity provider's outage (new logins cannot happen meanwhile).
     */
    static final Duration KEYS_KEPT_THROUGH_AN_OUTAGE = Duration.ofHours(12);

    static JwtDecoder create(TokenProperties properties) {
        return create(properties, KEYS_CACHED_FOR);
    }

    static JwtDecoder create(TokenProperties properties, Duration keysCachedFor) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256), keySource(properties, keysCachedFor)));
        // Claims are checked by Spring's validators below, with readable error descriptions.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()), audience(properties.audience())));
        return new VerifiedTokens(decoder, java.time.Clock.systemUTC());
    }

    private static JWKSource<SecurityContext> keySource(TokenProperties properties, Duration keysCachedFor) {
        java.net.URL jwks;
        try {
            jwks = URI.create(properties.effectiveJwksUri()).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("workspace.security.token.jwks-uri is not a URL: " + e.getMessage(), e);
        }
        // Nimbus's defaults, scaled down only for a cache shorter than they fit (in tests).
        long cachedFor = keysCachedFor.toMillis();
        JWKSource<SecurityContext> fetched = JWKSourceBuilder.create(jwks)
                .cache(cachedFor, Math.min(JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, cachedFor / 4))
                .refreshAheadCache(Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, cachedFor / 4), false)
                .rateLimited(Math.min(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL, cachedFor / 2))
                .outageTolerant(KEYS_KEPT_THROUGH_AN_OUTAGE.toMillis())
                .retrying(true)
                .build();
        JWKSource<SecurityContext> realmKeys = noneWhileRateLimited(fetched);
        if (properties.additionalTrustedKeys() == null
                || properties.additionalTrustedKeys().isBlank()) {
            return realmKeys;
        }
        JWKSet extra = parse(properties.additionalTrustedKeys());
        log.warn(
                "Trusting {} additional token signing key(s) besides the realm's: a test-only setting",
                extra.getKeys().size());
        return (selector, context) -> {
            List<JWK> keys = new ArrayList<>(selector.select(extra));
            if (keys.isEmpty()) {
                keys.addAll(realmKeys.get(selector, context));
            }
            return keys;
        };
    }

    /**
     * A token naming a key the cached set lacks makes the source fetch the realm's keys again, at most
     * once in a while; until it may fetch again it finds no key, so such a token is refused as signed
     * by an unknown key (401) rather than as uncheckable (503). 503 stays for a realm that cannot be
     * reached.
     */
    private static JWKSource<SecurityContext> noneWhileRateLimited(JWKSource<SecurityContext> realmKeys) {
        return (selector, context) -> {
            try {
                return realmKeys.get(selector, context);
            } catch (RateLimitReachedException e) {
                return List.of();
            }
        };
    }

    private static JWKSet parse(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(
                    "workspace.security.token.additional-trusted-keys is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static OAuth2TokenValidator<Jwt> audience(String required) {
        OAuth2Error error = new OAuth2Error("invalid_token", "The token is not meant for this API (audience).", null);
        return token -> token.getAudience() != null && token.getAudience().contains(required)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(error);
    }
}
