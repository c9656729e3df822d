package care.neighbourhood.bench.drive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One side of the comparison: a FHIR server at {@code base}, and how a member of staff authenticates
 * to it (a token from the realm for fhir-server; nothing for the vanilla server, which checks none).
 */
public final class Arm {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TOKEN_LIFE = Duration.ofSeconds(60);

    private record Token(String value, long until) {}

    private final String name;
    private final String base;
    private final ServerProcess process;
    private final Function<String, String> tokens;
    private final Map<String, Token> kept = new ConcurrentHashMap<>();

    /** @param tokens a username → access token, or null when the server takes none */
    public Arm(String name, String base, ServerProcess process, Function<String, String> tokens) {
        this.name = name;
        this.base = base;
        this.process = process;
        this.tokens = tokens;
    }

    public String name() {
        return name;
    }

    public ServerProcess process() {
        return process;
    }

    public HttpRequest.Builder request(String path, String username) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/fhir+json")
                .header("Cache-Control", "no-cache");
        String token = tokenFor(username);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String username) throws IOException, InterruptedException {
        return send(request(path, username).GET().build());
    }

    public HttpResponse<String> post(String path, String body, String username)
            throws IOException, InterruptedException {
        return send(request(path, username)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private String tokenFor(String username) {
        if (tokens == null || username == null) {
            return null;
        }
        long now = System.nanoTime();
        Token token = kept.get(username);
        if (token == null || token.until() < now) {
            token = new Token(tokens.apply(username), now + TOKEN_LIFE.toNanos());
            kept.put(username, token);
        }
        return token.value();
    }
}
