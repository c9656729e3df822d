package care.neighbourhood.e2e;

import care.neighbourhood.testkit.KeycloakTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole workspace for browser tests, once per JVM: the real Keycloak, fhir-server on a fresh H2
 * database with the sample neighbourhood, and team-portal, each its own process. Test ports (18080,
 * 18081) keep it clear of a workspace a developer may have running on the default ones.
 */
final class RunningWorkspace {

    static final int FHIR_PORT = 18080;
    static final int PORTAL_PORT = 18081;
    private static RunningWorkspace shared;

    private final KeycloakTestServer keycloak;

    private RunningWorkspace(KeycloakTestServer keycloak) {
        this.keycloak = keycloak;
    }

    static synchronized RunningWorkspace shared() {
        if (shared == null) {
            KeycloakTestServer keycloak = KeycloakTestServer.shared();
            Path root = Path.of(System.getProperty("workspace.root", ".."))
                    .toAbsolutePath()
                    .normalize();
            Path runDir = root.resolve("e2e-tests/target/workspace");
            Path data = createEmpty(runDir.resolve("data"));
            ServiceProcess fhir = ServiceProcess.startJar(
                    "fhir-server",
                    Path.of(System.getProperty("e2e.fhir-server.jar")),
                    runDir.resolve("fhir-server.log"),
                    List.of(
                            "--server.port=" + FHIR_PORT,
                            "--workspace.data-dir=" + data,
                            "--workspace.sample-data.enabled=true",
                            "--workspace.sample-data.directory=" + root.resolve("config/sample-data"),
                            "--workspace.access.sharing-agreement="
                                    + root.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"),
                            "--workspace.security.token.issuer=" + keycloak.issuer()));
            ServiceProcess portal = ServiceProcess.startJar(
                    "team-portal",
                    Path.of(System.getProperty("e2e.team-portal.jar")),
                    runDir.resolve("team-portal.log"),
                    List.of(
                            "--server.port=" + PORTAL_PORT,
                            "--workspace.fhir.base-url=http://localhost:" + FHIR_PORT + "/fhir",
                            "--workspace.keycloak.issuer=" + keycloak.issuer()));
            fhir.awaitHealthy("http://localhost:" + FHIR_PORT + "/actuator/health/readiness", Duration.ofMinutes(4));
            portal.awaitHealthy("http://localhost:" + PORTAL_PORT + "/actuator/health", Duration.ofMinutes(2));
            shared = new RunningWorkspace(keycloak);
        }
        return shared;
    }

    String portalUrl() {
        return "http://localhost:" + PORTAL_PORT;
    }

    String fhirBaseUrl() {
        return "http://localhost:" + FHIR_PORT + "/fhir";
    }

    KeycloakTestServer keycloak() {
        return keycloak;
    }

    private static Path createEmpty(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir, e);
        }
    }
}
