package care.neighbourhood.portal.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the realm's discovery document whether Keycloak answers, waiting at most two seconds. An answer
 * is remembered for ten seconds, so a busy clinic's logins do not each cost a call; a failure is not
 * remembered, so signing in works again as soon as Keycloak is back.
 */
@Component
class KeycloakProbe implements SignInAvailability {

    private static final Logger log = LoggerFactory.getLogger(KeycloakProbe.class);
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration REMEMBER_ANSWER = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final URI discovery;
    private volatile long answeredAtNanos;
    private volatile boolean answeredOnce;

    KeycloakProbe(KeycloakProperties keycloak) {
        this.discovery = URI.create(keycloak.issuer() + "/.well-known/openid-configuration");
    }

    @Override
    public boolean keycloakAnswers() {
        long now = System.nanoTime();
        if (answeredOnce && now - answeredAtNanos < REMEMBER_ANSWER.toNanos()) {
            return true;
        }
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(discovery).timeout(WAIT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                answeredAtNanos = now;
                answeredOnce = true;
                return true;
            }
            log.warn("Keycloak answered {} at {}: signing in is not offered", response.statusCode(), discovery);
        } catch (IOException e) {
            log.warn("Keycloak did not answer at {} ({}): signing in is not offered", discovery, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
