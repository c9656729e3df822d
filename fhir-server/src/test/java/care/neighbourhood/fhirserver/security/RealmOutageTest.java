package care.neighbourhood.fhirserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.neighbourhood.fhirserver.support.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The realm's keys are fetched from its JWKS endpoint and kept for a while; when the realm cannot be
 * reached after that while, the keys last fetched stay in use, so tokens issued before the outage keep
 * working (also ones this server has not seen before), and a token signed by a key the realm never
 * published is still refused.
 */
class RealmOutageTest {

    private static final Duration KEYS_CACHED_FOR = Duration.ofMillis(300);

    @Test
    void tokensIssuedBeforeAnOutageKeepWorkingAfterTheKeysCacheRanOut() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        byte[] keys = TestTokens.TRUSTED.publicJwkSet().getBytes(StandardCharsets.UTF_8);
        HttpServer realm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        realm.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        realm.start();
        String jwks = "http://127.0.0.1:" + realm.getAddress().getPort() + "/certs";
        JwtDecoder decoder = AccessTokenDecoderFactory.create(
                new TokenProperties(TestTokens.ISSUER, jwks, "fhir-api", null), KEYS_CACHED_FOR);
        String before = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        String unseen = TestTokens.TRUSTED.token("omar.hassan", "riverside-practice", "health", "gp");
        String forged = TestTokens.UNTRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

        assertThat(decoder.decode(before).getClaimAsString("preferred_username"))
                .isEqualTo("nina.patel");
        assertThat(fetches).hasValue(1);

        realm.stop(0); // the identity provider goes down
        Thread.sleep(KEYS_CACHED_FOR.toMillis() * 3);

        assertThat(decoder.decode(unseen).getClaimAsString("preferred_username"))
                .as("a valid token this server had not verified yet, after the keys' cache ran out")
                .isEqualTo("omar.hassan");
        assertThatThrownBy(() -> decoder.decode(forged))
                .as("a token signed by a key the realm never published")
                .isInstanceOf(JwtException.class);
    }
}
