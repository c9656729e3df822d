package care.neighbourhood.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The client assertions of SMART Backend Services: a JWT the system signs with its private key to
 * authenticate at the token endpoint ({@code private_key_jwt}). The sample systems' keys are made on
 * this machine when Keycloak is first started ({@code scripts/SampleClientKeys.java}) and kept in
 * {@code .runtime/sample-client-keys} (or {@code $SAMPLE_CLIENT_KEYS}).
 */
public final class ClientAssertions {

    /** The longest life SMART allows an assertion. */
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private ClientAssertions() {}

    /** The sample private key of a system client of the realm. */
    public static RSAKey sampleKey(String clientId) {
        Path file = keyDirectory().resolve(clientId + ".private.jwk.json");
        try {
            return RSAKey.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no sample key for " + clientId + " at " + file + " (scripts/keycloak.sh makes it at first start)",
                    e);
        } catch (ParseException e) {
            throw new IllegalStateException("the sample key at " + file + " is not a JWK", e);
        }
    }

    /**
     * A signed assertion for the client: issuer and subject the client, audience the token endpoint
     * (one value, as Keycloak wants it), a fresh {@code jti} and an expiry five minutes ahead.
     */
    public static String sign(String clientId, RSAKey key, String tokenEndpoint) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenEndpoint)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS384)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a client assertion for " + clientId, e);
        }
        return jwt.serialize();
    }

    static Path keyDirectory() {
        String configured = System.getenv("SAMPLE_CLIENT_KEYS");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return KeycloakTestServer.workspaceRoot().resolve(".runtime/sample-client-keys");
    }
}
