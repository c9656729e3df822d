package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.testkit.KeycloakTestServer;
import care.neighbourhood.testkit.SystemClient;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL while its endpoint is being told of a referral, on PostgreSQL: the
 * notification was held in the database when its change was matched, so once its hold has run out the
 * server that is back (on a cluster, any other) sends it again, the same version of the same Task, so
 * the receiver can tell it is a repeat. Nothing is lost.
 */
class NotificationAcrossAKillTest {

    private static final String PETER_NHS_NUMBER = "9995180901";
    private static final Pattern TASK =
            Pattern.compile("\"resourceType\":\"Task\",\"id\":\"([^\"]+)\",\"meta\":\\{\"versionId\":\"([^\"]+)\"");

    /**
     * How long a notification being sent stays with the server sending it before any server may send
     * it (two minutes in service), shortened so that the test need not wait that long.
     */
    private static final List<String> HOLD = List.of("--workspace.subscriptions.retry.hold-while-sending=PT20S");

    private final Queue<String> delivered = new ConcurrentLinkedQueue<>();
    private final CountDownLatch heldArrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String hold = "never";

    @Test
    void aServerKilledWhileSendingANotificationSendsItOnceBack() throws Exception {
        KeycloakTestServer keycloak = KeycloakTestServer.shared();
        HttpServer endpoint = endpoint();
        try (ServerOnItsOwnDatabase fhir = new ServerOnItsOwnDatabase("killed-mid-delivery", 18097)) {
            ServiceProcess server = fhir.start(keycloak, "fhir-server-before-kill.log", HOLD);
            String council = SystemClient.COUNCIL_CASE_SYSTEM.token(
                    List.of("system/Patient.rs", "system/Task.rs", "system/Subscription.cruds"));
            String ehr = SystemClient.RIVERSIDE_EHR.token(List.of("system/Patient.rs", "system/Task.cruds"));
            String peter = idOf(
                    fhir.get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + PETER_NHS_NUMBER, ehr, "kill")
                            .body(),
                    "Patient");
            String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/referrals";
            HttpResponse<String> subscription = fhir.post(
                    "/Subscription",
                    "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Referrals\","
                            + "\"criteria\":\"Task?owner=Organization/city-council-asc\",\"channel\":{\"type\":"
                            + "\"rest-hook\",\"endpoint\":\"" + url + "\",\"payload\":\"application/fhir+json\"}}",
                    council,
                    "kill");
            assertThat(subscription.statusCode()).as(subscription.body()).isEqualTo(201);
            awaitActive(fhir, idOf(subscription.body(), "Subscription"), council);
            String first = referral(fhir, ehr, peter, "Shower seat");
            awaitDeliveries(first, 1, Duration.ofSeconds(30));

            String held = referral(fhir, ehr, peter, "Walking frame, held");
            hold = held;
            assertThat(heldArrived.await(30, TimeUnit.SECONDS))
                    .as("the referral reached the endpoint")
                    .isTrue();
            server.kill();
            release.countDown();

            ServiceProcess restarted = fhir.start(keycloak, "fhir-server-after-kill.log", HOLD);
            try {
                awaitDeliveries(held, 2, Duration.ofSeconds(90));
                List<String> copies = delivered.stream()
                        .filter(body -> held.equals(taskOf(body)[0]))
                        .map(body -> taskOf(body)[1])
                        .distinct()
                        .toList();
                assertThat(copies)
                        .as("each delivery of the held referral carries the same version")
                        .hasSize(1);
            } finally {
                restarted.stop();
            }
        } finally {
            endpoint.stop(0);
        }
    }

    private HttpServer endpoint() throws Exception {
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        endpoint.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                delivered.add(text);
                if (hold.equals(taskOf(text)[0]) && heldArrived.getCount() > 0) {
                    heldArrived.countDown();
                    release.await(60, TimeUnit.SECONDS); // the server dies meanwhile
                }
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException senderGone) {
                // the killed server's connection
            } finally {
                exchange.close();
            }
        });
        endpoint.start();
        return endpoint;
    }

    private static String referral(ServerOnItsOwnDatabase fhir, String token, String person, String description)
            throws Exception {
        HttpResponse<String> created = fhir.post(
                "/Task",
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"priority\":\"routine\","
                        + "\"description\":\"" + description + "\",\"for\":{\"reference\":\"Patient/" + person + "\"},"
                        + "\"requester\":{\"reference\":\"Organization/riverside-practice\"},"
                        + "\"owner\":{\"reference\":\"Organization/city-council-asc\"}}",
                token,
                "kill");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return idOf(created.body(), "Task");
    }

    private static void awaitActive(ServerOnItsOwnDatabase fhir, String id, String token) throws Exception {
        String stored = "";
        for (int i = 0; i < 300 && !stored.contains("\"status\":\"active\""); i++) {
            Thread.sleep(100);
            stored = fhir.get("/Subscription/" + id, token, "kill").body();
        }
        assertThat(stored).as("Subscription/%s active within 30 s", id).contains("\"status\":\"active\"");
    }

    private void awaitDeliveries(String taskId, int times, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && deliveriesOf(taskId) < times) {
            Thread.sleep(100);
        }
        assertThat(deliveriesOf(taskId))
                .as("deliveries of Task/%s within %s", taskId, within)
                .isGreaterThanOrEqualTo(times);
    }

    private long deliveriesOf(String taskId) {
        return delivered.stream().filter(body -> taskId.equals(taskOf(body)[0])).count();
    }

    /** The Task's id and version in a notification, or two empty strings. */
    private static String[] taskOf(String body) {
        Matcher task = TASK.matcher(body);
        return task.find() ? new String[] {task.group(1), task.group(2)} : new String[] {"", ""};
    }

    private static String idOf(String body, String type) {
        Matcher id = Pattern.compile("\"resourceType\":\"" + type + "\",\"id\":\"([^\"]+)\"")
                .matcher(body);
        assertThat(id.find()).as(body).isTrue();
        return id.group(1);
    }
}
