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
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;

/**
 * The server is killed (SIGKILL) in the middle of a burst of reads and writes on PostgreSQL. After a
 * restart, every request that was answered with a 2xx has its audit record.
 */
class AuditDurabilityTest {

    private static final int PORT = 18090;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedRequestKeepsItsAuditRecordAfterAKill() throws Exception {
        KeycloakTestServer keycloak = KeycloakTestServer.shared();
        String database = "nw_audit_crash_" + UUID.randomUUID().toString().substring(0, 8);
        execute("postgres", "create database " + database);
        try {
            ServiceProcess server = start(keycloak, database, "fhir-server-before-kill.log");
            String nurse = keycloak.userToken("nina.patel");
            String margaret =
                    firstId(get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9991042113", nurse, "setup"));

            Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean crashed = new AtomicBoolean();
            ExecutorService burst = Executors.newFixedThreadPool(6);
            for (int worker = 0; worker < 6; worker++) {
                boolean writer = worker % 2 == 0;
                burst.submit(() -> {
                    while (!crashed.get()) {
                        String requestId =
                                "crash" + UUID.randomUUID().toString().replace("-", "");
                        try {
                            HttpResponse<String> response = writer
                                    ? post("/Task", task(margaret), nurse, requestId)
                                    : get("/Patient/" + margaret, nurse, requestId);
                            if (response.statusCode() / 100 == 2) {
                                acknowledged.add(requestId);
                            }
                        } catch (IOException connectionLost) {
                            // the server is gone: this request was never acknowledged
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(4000);
            server.kill();
            crashed.set(true);
            burst.shutdown();
            assertThat(burst.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(acknowledged).as("requests answered before the kill").hasSizeGreaterThan(20);

            ServiceProcess restarted = start(keycloak, database, "fhir-server-after-kill.log");
            try {
                Set<String> audited = auditedRequestIds(database);
                List<String> missing = new ArrayList<>(acknowledged);
                missing.removeAll(audited);
                assertThat(missing)
                        .as("acknowledged requests without an audit record")
                        .isEmpty();

                String officer = keycloak.userToken("irene.walsh");
                String one = acknowledged.peek();
                HttpResponse<String> found = get("/AuditEvent?request-id=" + one, officer, "check");
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.body()).contains(one).contains("\"total\":1");
            } finally {
                restarted.stop();
            }
        } finally {
            execute("postgres", "drop database if exists " + database + " with (force)");
        }
    }

    private static ServiceProcess start(KeycloakTestServer keycloak, String database, String logName) {
        Path root = Path.of(System.getProperty("workspace.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path runDir = root.resolve("e2e-tests/target/audit-durability");
        return ServiceProcess.startJar(
                        "fhir-server (audit durability)",
                        Path.of(System.getProperty("e2e.fhir-server.jar")),
                        runDir.resolve(logName),
                        List.of(
                                "--server.port=" + PORT,
                                "--spring.profiles.active=postgres",
                                "--spring.datasource.url=" + POSTGRES + database,
                                "--workspace.data-dir=" + runDir.resolve("data"),
                                "--workspace.sample-data.enabled=true",
                                "--workspace.sample-data.directory=" + root.resolve("config/sample-data"),
                                "--workspace.access.sharing-agreement="
                                        + root.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"),
                                "--workspace.security.token.issuer=" + keycloak.issuer()))
                .awaitHealthy("http://localhost:" + PORT + "/actuator/health/readiness", Duration.ofMinutes(4));
    }

    private static String task(String person) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + person + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"description\":\"Written during the burst\"}";
    }

    private static HttpResponse<String> get(String path, String token, String requestId)
            throws IOException, InterruptedException {
        return HTTP.send(request(path, token, requestId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String token, String requestId)
            throws IOException, InterruptedException {
        return HTTP.send(
                request(path, token, requestId)
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String token, String requestId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/fhir" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token)
                .header("X-Request-ID", requestId);
    }

    private static String firstId(HttpResponse<String> bundle) {
        Matcher id = Pattern.compile("\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"")
                .matcher(bundle.body());
        assertThat(id.find()).as(bundle.body()).isTrue();
        return id.group(1);
    }

    private static Set<String> auditedRequestIds(String database) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select request_id from nw_audit_event where request_id like 'crash%'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
