package care.neighbourhood.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sample Keycloak (realm {@code neighbourhood}) for tests, one per JVM.
 *
 * <p>{@link #shared()} reuses a Keycloak that already answers on the configured port, or starts one with
 * {@code scripts/keycloak.sh} (the same script the workspace start script uses) and stops it again when the
 * JVM exits. Its output goes to {@code <workspace root>/target/keycloak-test.log}.
 *
 * <p>Settings: system property {@code workspace.root} (set by surefire in the root pom; otherwise the nearest
 * folder above the working directory that holds {@code mvnw}), system property {@code keycloak.port} or
 * environment variable {@code KEYCLOAK_PORT} (default 8180).
 */
public final class KeycloakTestServer {

    public static final String REALM = "neighbourhood";
    /** The password of every persona of the sample realm. */
    public static final String PASSWORD = "neighbourhood";
    /** The public client used for password grants in tests. */
    public static final String CLI_CLIENT = "workspace-cli";
    /** The audience every access token of the realm carries. */
    public static final String AUDIENCE = "fhir-api";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration TOKEN_CACHE_TIME = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 40;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeycloakTestServer shared;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private final String issuer;
    private final String wellKnown;
    private volatile String tokenEndpoint;
    private volatile String jwksUri;
    private volatile Process process;

    private record CachedToken(String value, long fetchedAtNanos) {
        boolean fresh() {
            return System.nanoTime() - fetchedAtNanos < TOKEN_CACHE_TIME.toNanos();
        }
    }

    private KeycloakTestServer(int port) {
        this.issuer = "http://localhost:" + port + "/realms/" + REALM;
        this.wellKnown = issuer + "/.well-known/openid-configuration";
    }

    /** The Keycloak of this JVM: reused if one already runs, otherwise started (and stopped at JVM exit). */
    public static synchronized KeycloakTestServer shared() {
        if (shared == null) {
            KeycloakTestServer server = new KeycloakTestServer(port());
            server.startOrReuse();
            shared = server;
        }
        return shared;
    }

    /** {@code http://localhost:8180/realms/neighbourhood} with the default port. */
    public String issuer() {
        return issuer;
    }

    public String tokenEndpoint() {
        return tokenEndpoint;
    }

    public String jwksUri() {
        return jwksUri;
    }

    /** Whether this JVM started the Keycloak process (and will stop it at exit). */
    public boolean startedByThisJvm() {
        return process != null;
    }

    /** An access token of a persona (password grant through {@code workspace-cli}), cached for 60 s. */
    public String userToken(String username) {
        return cached(
                "user:" + username,
                () -> requestToken(Map.of(
                        "grant_type", "password",
                        "client_id", CLI_CLIENT,
                        "username", username,
                        "password", PASSWORD,
                        "scope", "openid")));
    }

    /** An access token of a confidential client (client-credentials grant), cached for 60 s. */
    public String clientToken(String clientId, String secret) {
        return cached(
                "client:" + clientId + ":" + sha256(secret),
                () -> requestToken(Map.of(
                        "grant_type", "client_credentials",
                        "client_id", clientId,
                        "client_secret", secret)));
    }

    /**
     * An access token of a system client by SMART Backend Services (client-credentials grant with a
     * client assertion signed by the client's key), with the scopes asked for; cached for 60 s.
     */
    public String backendServicesToken(String clientId, com.nimbusds.jose.jwk.RSAKey key, List<String> scopes) {
        String scope = String.join(" ", scopes);
        return cached(
                "system:" + clientId + ":" + key.getKeyID() + ":" + scope,
                () -> requestToken(
                        backendServicesForm(clientId, ClientAssertions.sign(clientId, key, tokenEndpoint), scope)));
    }

    /**
     * The raw token endpoint answer for a client-credentials grant with the given client assertion,
     * not cached and not checked: for tests that expect a refusal.
     */
    public HttpResponse<String> backendServicesGrant(String clientId, String assertion, String scope) {
        return post(tokenEndpoint, backendServicesForm(clientId, assertion, scope));
    }

    private static Map<String, String> backendServicesForm(String clientId, String assertion, String scope) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        return form;
    }

    /**
     * The raw token endpoint answer for a password grant through {@code workspace-cli}, not cached and not
     * checked: for tests that expect a refusal.
     */
    public HttpResponse<String> passwordGrant(String username, String password) {
        return post(
                tokenEndpoint,
                Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username, "password", password));
    }

    /** The decoded payload (claims) of a JWT, without verifying its signature. */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT: " + abbreviate(jwt));
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decode the JWT payload: " + abbreviate(jwt), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // start / stop

    private void startOrReuse() {
        Optional<JsonNode> discovery = discovery();
        if (discovery.isPresent()) {
            System.err.println("[testkit] reusing the Keycloak that already answers at " + issuer);
            warnIfRealmFileChanged();
        } else {
            start();
            discovery = discovery();
        }
        JsonNode doc =
                discovery.orElseThrow(() -> new IllegalStateException("Keycloak stopped answering " + wellKnown));
        tokenEndpoint = doc.path("token_endpoint").asText(issuer + "/protocol/openid-connect/token");
        jwksUri = doc.path("jwks_uri").asText(issuer + "/protocol/openid-connect/certs");
        String advertised = doc.path("issuer").asText();
        if (!issuer.equals(advertised)) {
            throw new IllegalStateException(
                    "Keycloak advertises issuer " + advertised + " but the tests expect " + issuer);
        }
    }

    private void start() {
        Path root = workspaceRoot();
        Path script = root.resolve("scripts/keycloak.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("cannot start Keycloak: " + script + " not found");
        }
        Path log = root.resolve("target/keycloak-test.log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log.getParent(), e);
        }
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("KEYCLOAK_PORT", String.valueOf(port()));
        System.err.println("[testkit] starting Keycloak with " + script + " (log: " + log + ")");
        long startedAt = System.nanoTime();
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        }
        process = started;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-test-server-stop"));

        long deadline = startedAt + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (discovery().isPresent()) {
                System.err.printf(
                        "[testkit] Keycloak is up after %d s%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt));
                return;
            }
            if (!started.isAlive()) {
                String tail = tail(log);
                if (process == started && tail.contains("already in use") && httpPortOpen()) {
                    // Another build started Keycloak a moment ago: wait for it instead of failing.
                    process = null;
                    System.err.println("[testkit] Keycloak port taken by another process; waiting for it");
                } else if (process == started) {
                    process = null;
                    throw new IllegalStateException("Keycloak exited with code " + started.exitValue() + " before "
                            + wellKnown + " answered; last lines of " + log + ":\n" + tail);
                }
            }
            sleep(Duration.ofSeconds(1));
        }
        stop();
        throw new IllegalStateException("Keycloak did not answer " + wellKnown + " within " + START_TIMEOUT.toSeconds()
                + " s; last lines of " + log + ":\n" + tail(log));
    }

    /**
     * Freezes Keycloak (SIGSTOP to its processes) for a fault test: it keeps its port but answers
     * nothing, as a hung identity provider would, until {@link #resume()}. Only a Keycloak this JVM
     * started can be frozen.
     */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** Lets a frozen Keycloak run again (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("Keycloak at " + issuer + " was not started by this test run, so it"
                    + " cannot be frozen; stop the Keycloak that is running and run the test again");
        }
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal, String.valueOf(p.pid())));
        p.descendants().forEach(child -> command.add(String.valueOf(child.pid())));
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal Keycloak: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        process = null;
        // kc.sh may still be the parent of the java process; signal both.
        List<ProcessHandle> children = p.descendants().collect(Collectors.toList());
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (System.nanoTime() < deadline && (p.isAlive() || children.stream().anyMatch(ProcessHandle::isAlive))) {
            sleep(Duration.ofMillis(200));
        }
        if (p.isAlive() || children.stream().anyMatch(ProcessHandle::isAlive)) {
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private boolean httpPortOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The realm's discovery document, or empty when Keycloak (or the realm) does not answer yet. */
    private Optional<JsonNode> discovery() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(wellKnown))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    /** A Keycloak that runs already keeps the realm it imported; say so when the realm file is newer. */
    private void warnIfRealmFileChanged() {
        try {
            Path root = workspaceRoot();
            Path realmFile = root.resolve("config/keycloak/neighbourhood-realm.json");
            String home = System.getProperty("keycloak.home");
            if (home == null || !Files.isRegularFile(realmFile)) {
                return;
            }
            Path hashFile = Path.of(home, "neighbourhood-realm.sha256");
            if (!Files.isRegularFile(hashFile)) {
                return;
            }
            String imported = Files.readString(hashFile).trim();
            String current = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(realmFile)));
            if (!imported.equals(current)) {
                System.err.println("[testkit] WARNING: the running Keycloak was started with an older "
                        + realmFile.getFileName() + "; restart it (scripts/keycloak.sh) to import the new realm");
            }
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            // only a hint; never fail the tests for it
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // tokens

    private String cached(String key, Supplier<String> supplier) {
        CachedToken hit = tokens.get(key);
        if (hit != null && hit.fresh()) {
            return hit.value();
        }
        String token = supplier.get();
        tokens.put(key, new CachedToken(token, System.nanoTime()));
        return token;
    }

    private String requestToken(Map<String, String> form) {
        HttpResponse<String> response = post(tokenEndpoint, form);
        String who = form.containsKey("username") ? "user " + form.get("username") : "client " + form.get("client_id");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request (" + form.get("grant_type") + ") for " + who
                    + " failed: HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("access_token").asText(null);
            if (token == null || token.isEmpty()) {
                throw new IllegalStateException("token answer for " + who + " has no access_token: " + response.body());
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("token answer for " + who + " is not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + url, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // helpers

    private static int port() {
        String value = System.getProperty("keycloak.port");
        if (value == null || value.isBlank()) {
            value = System.getenv("KEYCLOAK_PORT");
        }
        if (value == null || value.isBlank()) {
            return 8180;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("keycloak.port / KEYCLOAK_PORT is not a number: " + value, e);
        }
    }

    /** The repository root: system property {@code workspace.root}, else the nearest folder up with mvnw. */
    static Path workspaceRoot() {
        String configured = System.getProperty("workspace.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("scripts"))) {
                return d;
            }
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                return d;
            }
        }
        throw new IllegalStateException(
                "cannot find the workspace root (no mvnw above " + dir + "); set -Dworkspace.root=<repo root>");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }
}
