package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.testkit.KeycloakTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The server is stopped with SIGTERM in the middle of a burst of reads and writes on PostgreSQL, as a
 * platform stops a replica it is replacing: its readiness goes down at once while it still answers
 * (so a load balancer takes it out before it stops listening), no request is answered with a server
 * error, and after a restart every request that was answered with a 2xx has its audit record.
 */
class GracefulShutdownTest {

    @Test
    void aServerStoppedUnderLoadAnswersWhatItTookAndKeepsEveryAuditRecord() throws Exception {
        KeycloakTestServer keycloak = KeycloakTestServer.shared();
        try (ServerOnItsOwnDatabase fhir = new ServerOnItsOwnDatabase("graceful-shutdown", 18096)) {
            ServiceProcess server = fhir.start(keycloak, "fhir-server-before-stop.log");
            String nurse = keycloak.userToken("nina.patel");
            String margaret = fhir.margaret(nurse);

            ServerOnItsOwnDatabase.Burst burst = fhir.burst(nurse, margaret, "graceful");
            Thread.sleep(4000);
            int beforeStop = burst.acknowledged().size();
            server.terminate(); // SIGTERM
            int atStop = burst.acknowledged().size();
            long stopping = System.nanoTime();
            int readiness = fhir.readiness();
            while (readiness == 200 && System.nanoTime() - stopping < 2_000_000_000L) {
                Thread.sleep(50);
                readiness = fhir.readiness();
            }
            assertThat(readiness).as("readiness once told to stop").isEqualTo(503);
            assertThat(fhir.get("/Patient/" + margaret, nurse, "graceful-drain").statusCode())
                    .as("a request while no longer ready: still answered")
                    .isEqualTo(200);
            server.stop(); // waits for the process to end
            burst.stop();
            Queue<String> acknowledged = burst.acknowledged();
            assertThat(acknowledged.size() - atStop)
                    .as("requests answered 2xx after SIGTERM, while the server drained")
                    .isGreaterThan(10);
            assertThat(beforeStop).as("requests answered before the stop").isGreaterThan(20);
            assertThat(burst.serverErrors()).as("server errors while stopping").isEmpty();

            ServiceProcess restarted = fhir.start(keycloak, "fhir-server-after-stop.log");
            try {
                List<String> missing = new ArrayList<>(acknowledged);
                missing.removeAll(fhir.auditedRequestIds("graceful"));
                assertThat(missing)
                        .as("acknowledged requests without an audit record")
                        .isEmpty();
            } finally {
                restarted.stop();
            }
        }
    }
}
