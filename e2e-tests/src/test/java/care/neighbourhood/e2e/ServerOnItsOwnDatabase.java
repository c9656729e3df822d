package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.testkit.KeycloakTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fhir-server process of its own on a fresh PostgreSQL database with the sample neighbourhood, for
 * tests that stop and restart it; the database is dropped on close.
 */
final class ServerOnItsOwnDatabase implements AutoCloseable {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String MARGARET_NHS_NUMBER = "9991042113";

    private final String name;
    private final int port;
    private final String database;

    ServerOnItsOwnDatabase(String name, int port) throws SQLException {
        this.name = name;
        this.port = port;
        this.database = "nw_" + name.replace('-', '_') + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        execute("postgres", "create database " + database);
    }

    /** Starts the server on the database and waits until it is ready; its log is {@code logName}. */
    ServiceProcess start(KeycloakTestServer keycloak, String logName) {
        return start(keycloak, logName, List.of());
    }

    /** As {@link #start(KeycloakTestServer, String)}, with more settings ({@code --name=value}). */
    ServiceProcess start(KeycloakTestServer keycloak, String logName, List<String> settings) {
        Path root = Path.of(System.getProperty("workspace.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path runDir = root.resolve("e2e-tests/target/" + name);
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + POSTGRES + database,
                "--workspace.data-dir=" + runDir.resolve("data"),
                "--workspace.sample-data.enabled=true",
                "--workspace.sample-data.directory=" + root.resolve("config/sample-data"),
                "--workspace.access.sharing-agreement="
                        + root.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"),
                "--workspace.security.token.issuer=" + keycloak.issuer()));
        arguments.addAll(settings);
        return ServiceProcess.startJar(
                        "fhir-server (" + name + ")",
                        Path.of(System.getProperty("e2e.fhir-server.jar")),
                        runDir.resolve(logName),
                        arguments)
                .awaitHealthy("http://localhost:" + port + "/actuator/health/readiness", Duration.ofMinutes(4));
    }

    /** What the server's readiness probe answers (its HTTP status). */
    int readiness() throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Margaret Ellis's record id, as the sample gave it. */
    String margaret(String token) throws IOException, InterruptedException {
        HttpResponse<String> bundle =
                get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + MARGARET_NHS_NUMBER, token, "setup");
        Matcher id = Pattern.compile("\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"")
                .matcher(bundle.body());
        assertThat(id.find()).as(bundle.body()).isTrue();
        return id.group(1);
    }

    /** A Task for the nurse herself about {@code person}. */
    static String task(String person, String description) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + person + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"description\":\"" + description + "\"}";
    }

    HttpResponse<String> get(String path, String token, String requestId) throws IOException, InterruptedException {
        return HTTP.send(request(path, token, requestId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String token, String requestId)
            throws IOException, InterruptedException {
        return HTTP.send(
                request(path, token, requestId)
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token, String requestId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token)
                .header("X-Request-ID", requestId);
    }

    /**
     * Six clients at once, half reading {@code person}'s record and half writing Tasks about them, each
     * request with an id starting with {@code prefix}, until {@link Burst#stop} is called.
     */
    Burst burst(String token, String person, String prefix) {
        return new Burst(token, person, prefix);
    }

    /** What a burst of requests was answered. */
    final class Burst {
        private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        private final Queue<String> serverErrors = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService clients = Executors.newFixedThreadPool(6);

        private Burst(String token, String person, String prefix) {
            for (int client = 0; client < 6; client++) {
                boolean writer = client % 2 == 0;
                clients.submit(() -> {
                    while (!stopped.get()) {
                        String requestId = prefix + UUID.randomUUID().toString().replace("-", "");
                        try {
                            HttpResponse<String> response = writer
                                    ? post("/Task", task(person, "Written during the burst"), token, requestId)
                                    : get("/Patient/" + person, token, requestId);
                            if (response.statusCode() / 100 == 2) {
                                acknowledged.add(requestId);
                            } else if (response.statusCode() >= 500) {
                                serverErrors.add(response.statusCode() + " " + response.body());
                            }
                        } catch (IOException notTaken) {
                            Thread.sleep(50); // the server never took it: refused, closed or gone
                        }
                    }
                    return null;
                });
            }
        }

        /** Stops the clients and waits for their last requests. */
        void stop() throws InterruptedException {
            stopped.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }

        /** The ids of the requests answered with a 2xx. */
        Queue<String> acknowledged() {
            return acknowledged;
        }

        /** Each answer with a 5xx: its status and body. */
        Queue<String> serverErrors() {
            return serverErrors;
        }
    }

    /** The request ids starting with {@code prefix} that have an audit record in the database. */
    Set<String> auditedRequestIds(String prefix) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select request_id from nw_audit_event where request_id like '" + prefix + "%'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    @Override
    public void close() throws SQLException {
        execute("postgres", "drop database if exists " + database + " with (force)");
    }

    private static void execute(String databaseName, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES + databaseName, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
