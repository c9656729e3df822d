package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.testkit.KeycloakTestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The server is killed (SIGKILL) in the middle of a burst of reads and writes on PostgreSQL. After a
 * restart, every request that was answered with a 2xx has its audit record.
 */
class AuditDurabilityTest {

    @Test
    void everyAcknowledgedRequestKeepsItsAuditRecordAfterAKill() throws Exception {
        KeycloakTestServer keycloak = KeycloakTestServer.shared();
        try (ServerOnItsOwnDatabase fhir = new ServerOnItsOwnDatabase("audit-durability", 18090)) {
            ServiceProcess server = fhir.start(keycloak, "fhir-server-before-kill.log");
            String nurse = keycloak.userToken("nina.patel");
            String margaret = fhir.margaret(nurse);

            ServerOnItsOwnDatabase.Burst burst = fhir.burst(nurse, margaret, "crash");
            Thread.sleep(4000);
            server.kill();
            burst.stop();
            Queue<String> acknowledged = burst.acknowledged();
            assertThat(acknowledged).as("requests answered before the kill").hasSizeGreaterThan(20);

            ServiceProcess restarted = fhir.start(keycloak, "fhir-server-after-kill.log");
            try {
                List<String> missing = new ArrayList<>(acknowledged);
                missing.removeAll(fhir.auditedRequestIds("crash"));
                assertThat(missing)
                        .as("acknowledged requests without an audit record")
                        .isEmpty();

                String officer = keycloak.userToken("irene.walsh");
                String one = acknowledged.peek();
                HttpResponse<String> found = fhir.get("/AuditEvent?request-id=" + one, officer, "check");
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.body()).contains(one).contains("\"total\":1");
            } finally {
                restarted.stop();
            }
        }
    }
}
