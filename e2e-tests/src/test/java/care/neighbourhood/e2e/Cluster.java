package care.neighbourhood.e2e;

import care.neighbourhood.testkit.KeycloakTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The workspace as a cluster, started by {@code scripts/start-cluster.sh} as an operator would: two
 * fhir-servers and two team-portals on a fresh PostgreSQL database behind HAProxy, each replica under
 * the script's supervisor (a replica that stops is started again). One per test run, shared by the
 * tests that need several servers; the databases are dropped when it stops.
 */
final class Cluster implements AutoCloseable {

    static final int FHIR_PORT = 18190;
    /** The portal's address through the load balancer; the realm allows it as a redirect URI. */
    static final int PORTAL_PORT = 18091;

    private static final int REPLICA_PORTS = 18200;
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Cluster shared;

    private final Process script;
    private boolean closed;
    private final Path dir;
    private final String database;

    private Cluster(Process script, Path dir, String database) {
        this.script = script;
        this.dir = dir;
        this.database = database;
    }

    /** The cluster of this test run: started at first use, stopped (and its databases dropped) at exit. */
    static synchronized Cluster shared(KeycloakTestServer keycloak) throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(keycloak);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "cluster-stop"));
        }
        return shared;
    }

    /**
     * For the test classes that use the cluster: stops it once every test of the run has finished
     * (JUnit closes what is kept in the root context's store then), rather than in the JVM's last
     * seconds.
     */
    static final class StoppedAfterTheRun implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.create(Cluster.class))
                    .getOrComputeIfAbsent(
                            "cluster", key -> (ExtensionContext.Store.CloseableResource) Cluster::closeShared);
        }
    }

    private static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    /** Where replica {@code n} (1 or 2) of fhir-server listens, on 127.0.0.1. */
    static int replicaPort(int n) {
        return REPLICA_PORTS + n;
    }

    /** Where replica {@code n} (1 or 2) of team-portal listens, on 127.0.0.1. */
    static int portalReplicaPort(int n) {
        return REPLICA_PORTS + 100 + n;
    }

    private static Cluster start(KeycloakTestServer keycloak) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("workspace.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path dir = root.resolve("e2e-tests/target/cluster");
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("ready"));
        String database = "nw_cluster_" + UUID.randomUUID().toString().substring(0, 8);
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", root.resolve("scripts/start-cluster.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("start-cluster.out").toFile());
        builder.environment()
                .putAll(java.util.Map.of(
                        "WORKSPACE_REPLICAS",
                        "2",
                        "FHIR_SERVER_PORT",
                        String.valueOf(FHIR_PORT),
                        "PORTAL_PORT",
                        String.valueOf(PORTAL_PORT),
                        "REPLICA_PORTS",
                        String.valueOf(REPLICA_PORTS),
                        "DB_URL",
                        POSTGRES + database,
                        "SESSIONS_DB_URL",
                        POSTGRES + database + "_sessions",
                        "KEYCLOAK_ISSUER",
                        keycloak.issuer(),
                        "SKIP_BUILD",
                        "true",
                        "CLUSTER_DIR",
                        dir.toString(),
                        "JAVA_OPTS",
                        "-Xmx640m"));
        builder.environment().put("FHIR_JAR", System.getProperty("e2e.fhir-server.jar"));
        builder.environment().put("PORTAL_JAR", System.getProperty("e2e.team-portal.jar"));
        Cluster cluster = new Cluster(builder.start(), dir, database);
        long deadline = System.nanoTime() + Duration.ofMinutes(9).toNanos();
        while (!Files.exists(dir.resolve("ready"))) {
            if (!cluster.script.isAlive() || System.nanoTime() > deadline) {
                cluster.close();
                throw new IllegalStateException("the cluster did not start; scripts/start-cluster.sh said:\n"
                        + Files.readString(dir.resolve("start-cluster.out")));
            }
            Thread.sleep(1000);
        }
        return cluster;
    }

    /** The FHIR base URL through the load balancer. */
    String fhirBase() {
        return "http://localhost:" + FHIR_PORT + "/fhir";
    }

    /** The FHIR base URL of replica {@code n} (1 or 2), bypassing the load balancer. */
    String replicaBase(int n) {
        return "http://127.0.0.1:" + replicaPort(n) + "/fhir";
    }

    String portalUrl() {
        return "http://localhost:" + PORTAL_PORT;
    }

    /** The process id of a replica as its supervisor last started it, e.g. {@code fhir-server-1}. */
    long pid(String replica) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(replica + ".pid")).trim());
    }

    /** Sends {@code signal} (KILL, TERM) to the replica's process; its supervisor starts it again. */
    long signal(String replica, String signal) throws IOException, InterruptedException {
        long pid = pid(replica);
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " (" + replica + ") failed");
        }
        return pid;
    }

    /** Waits until a replica started again (a new process) answers its readiness probe. */
    void awaitRestarted(String replica, long oldPid, String readinessUrl, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pid(replica) != oldPid && answers200(readinessUrl)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                replica + " was not ready again within " + timeout + "; log:\n" + tail(dir.resolve(replica + ".log")));
    }

    static boolean answers200(String url) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Which of {@code requestIds} have an audit record in the cluster's database. */
    Set<String> audited(Collection<String> requestIds) throws SQLException {
        Set<String> found = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
                PreparedStatement query = connection.prepareStatement(
                        "select request_id from nw_audit_event where request_id = any(?)")) {
            query.setArray(1, connection.createArrayOf("varchar", requestIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    /** Restarts the machine's PostgreSQL server (fast shutdown: open connections are cut). */
    static void restartPostgres() throws IOException, InterruptedException {
        List<String> versions;
        try (var entries = Files.list(Path.of("/etc/postgresql"))) {
            versions = entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql to restart");
        }
        Process restart = new ProcessBuilder(
                        "pg_ctlcluster",
                        "--skip-systemctl-redirect",
                        versions.get(versions.size() - 1),
                        "main",
                        "restart",
                        "-m",
                        "fast")
                .inheritIO()
                .start();
        if (!restart.waitFor(60, TimeUnit.SECONDS) || restart.exitValue() != 0) {
            throw new IllegalStateException("pg_ctlcluster restart failed (the test must run as root or postgres)");
        }
    }

    private void stopScript() {
        if (script.isAlive()) {
            script.destroy(); // SIGTERM: the script stops its supervisors, replicas and HAProxy
            try {
                if (!script.waitFor(60, TimeUnit.SECONDS)) {
                    script.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopScript();
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("drop database if exists " + database + "_sessions with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the cluster's databases", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
