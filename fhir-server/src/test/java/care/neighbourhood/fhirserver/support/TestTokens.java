package care.neighbourhood.fhirserver.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Access tokens minted in the test JVM. {@link #TRUSTED} signs with a key the test server is told
 * to trust (through the test-only {@code additional-trusted-keys} setting); {@link #UNTRUSTED}
 * signs with a key nobody trusts.
 */
public final class TestTokens {

    public static final String ISSUER = "http://localhost:8180/realms/neighbourhood";
    public static final TestTokens TRUSTED = new TestTokens("test-trusted");
    public static final TestTokens UNTRUSTED = new TestTokens("test-untrusted");

    private final RSAKey key;

    private TestTokens(String keyId) {
        try {
            this.key = new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half, as the JWK set JSON the server is configured with. */
    public String publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A token shaped like the realm's, for the given user, adjusted by {@code customise}. */
    public String token(
            String username,
            String organisation,
            String sector,
            String role,
            UnaryOperator<JWTClaimsSet.Builder> customise) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(UUID.nameUUIDFromBytes(username.getBytes()).toString())
                .audience(List.of("fhir-api"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", username)
                .claim("organisation", organisation)
                .claim("sector", sector)
                .claim("roles", List.of(role))
                .claim("fhirUser", "Practitioner/" + username.replace('.', '-'));
        return sign(customise.apply(claims).build());
    }

    public String token(String username, String organisation, String sector, String role) {
        return token(username, organisation, sector, role, UnaryOperator.identity());
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
