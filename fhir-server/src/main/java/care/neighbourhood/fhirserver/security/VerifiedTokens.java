package care.neighbourhood.fhirserver.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens already verified, until they expire: a client sends the same token with every
 * request for its lifetime, and checking its signature and claims again each time costs more than
 * reading a record. A remembered token is used only while unexpired (and after its not-before); any
 * other is verified in full by the decoder behind. Bounded; the memory is the server's own.
 */
final class VerifiedTokens implements JwtDecoder {

    static final int REMEMBERED = 10_000;

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Jwt known = verified.get(token);
        if (known != null) {
            if (inForce(known, now)) {
                return known;
            }
            verified.remove(token);
        }
        Jwt jwt = verifier.decode(token);
        if (inForce(jwt, now) && jwt.getExpiresAt() != null) {
            if (verified.size() >= REMEMBERED) {
                verified.values().removeIf(each -> !inForce(each, now));
                if (verified.size() >= REMEMBERED) {
                    verified.clear();
                }
            }
            verified.put(token, jwt);
        }
        return jwt;
    }

    private static boolean inForce(Jwt jwt, Instant now) {
        return (jwt.getExpiresAt() == null || now.isBefore(jwt.getExpiresAt()))
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
