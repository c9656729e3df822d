package care.neighbourhood.fhirserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** A token is verified once and remembered until it expires; nothing else is remembered. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void aVerifiedTokenIsRememberedUntilItExpires() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder verifier = token -> {
            verifications.incrementAndGet();
            return jwt(token, NOW.plusSeconds(300));
        };
        MovableClock clock = new MovableClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock);

        tokens.decode("a");
        tokens.decode("a");
        assertThat(verifications).hasValue(1);

        tokens.decode("b");
        assertThat(verifications).hasValue(2);

        clock.now = NOW.plusSeconds(301);
        tokens.decode("a");
        assertThat(verifications).as("expired: verified again").hasValue(3);
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder verifier = token -> {
            verifications.incrementAndGet();
            throw new BadJwtException("bad signature");
        };
        VerifiedTokens tokens = new VerifiedTokens(verifier, new MovableClock(NOW));

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    private static Jwt jwt(String token, Instant expires) {
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("someone")
                .issuedAt(NOW.minusSeconds(10))
                .expiresAt(expires)
                .build();
    }

    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
