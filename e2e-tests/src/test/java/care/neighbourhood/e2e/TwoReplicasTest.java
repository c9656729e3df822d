package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.testkit.KeycloakTestServer;
import care.neighbourhood.testkit.SystemClient;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two fhir-servers of the test cluster ({@link Cluster}) on one PostgreSQL database: a Subscription created
 * through one is in force on the other within seconds, each referral matched by it is delivered once
 * (not once per replica) whichever replica took it, and a Subscription deleted through one stops
 * being delivered by the other; a search's next link from one is followed on the other; a referral
 * through one opens the person's record to the receiving organisation on the other at its next
 * request.
 */
@ExtendWith(Cluster.StoppedAfterTheRun.class)
class TwoReplicasTest {

    private static final int FIRST_PORT = Cluster.replicaPort(1);
    private static final int SECOND_PORT = Cluster.replicaPort(2);
    private static final String PETER_NHS_NUMBER = "9995180901";
    /** Brian Cooper: on the practice's caseload and Age Well's, not the council's; no consents. */
    private static final String BRIAN_NHS_NUMBER = "9997512952";

    private static final Duration IN_FORCE_WITHIN = Duration.ofSeconds(20);
    /** How long probes may take to show it in force: the time itself, and the eight probes' own. */
    private static final Duration PROBING_LIMIT = IN_FORCE_WITHIN.plusSeconds(10);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static HttpServer endpoint;
    private static final Queue<String> notifications = new ConcurrentLinkedQueue<>();
    /** When each notification arrived (System.nanoTime), by the Task id it carries. */
    private static final Map<String, Long> arrivals = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Pattern TASK_ID = Pattern.compile("\"resourceType\":\"Task\",\"id\":\"([^\"]+)\"");

    @BeforeAll
    static void twoReplicasAndAnEndpoint() throws Exception {
        // The cluster's two fhir-servers, each addressed directly rather than through the load balancer.
        Cluster.shared(KeycloakTestServer.shared());
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                Matcher task = TASK_ID.matcher(text);
                if (task.find()) {
                    arrivals.putIfAbsent(task.group(1), System.nanoTime());
                }
                notifications.add(text);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterAll
    static void stopTheEndpoint() {
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    @Test
    void aSubscriptionMadeThroughOneReplicaIsInForceOnBothAndEachReferralIsDeliveredOnce() throws Exception {
        String council = SystemClient.COUNCIL_CASE_SYSTEM.token(
                List.of("system/Patient.rs", "system/Task.rs", "system/Subscription.cruds"));
        String ehr = SystemClient.RIVERSIDE_EHR.token(List.of("system/Patient.rs", "system/Task.cruds"));
        String peter = firstId(send(
                FIRST_PORT,
                "GET",
                "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + PETER_NHS_NUMBER,
                ehr,
                null));

        HttpResponse<String> created = send(FIRST_PORT, "POST", "/Subscription", council, subscription());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String subscriptionId = idOf(created.body());
        awaitActive(subscriptionId, council);

        // In force on both replicas within seconds. Whichever replica's job takes a change to matching
        // matches it, so a probe's delivery proves only that replica knew the Subscription: probes go
        // through each replica in turn until the last eight that had time to arrive (posted at least
        // three seconds before) were all delivered, which a replica still without the Subscription
        // would spoil about every other time.
        long since = System.nanoTime();
        List<String> probes = new ArrayList<>();
        List<Long> probedAt = new ArrayList<>();
        Long inForceAt = null;
        while (inForceAt == null && System.nanoTime() - since < PROBING_LIMIT.toNanos()) {
            probedAt.add(System.nanoTime());
            probes.add(
                    referral(probes.size() % 2 == 0 ? SECOND_PORT : FIRST_PORT, ehr, peter, "Probe " + probes.size()));
            Thread.sleep(250);
            inForceAt = inForceSince(probes, probedAt, 8, Duration.ofSeconds(3));
        }
        assertThat(inForceAt)
                .as(
                        "eight probes in a row through both replicas delivered within %s of the Subscription being"
                                + " active (delivered: %s of %s)",
                        PROBING_LIMIT,
                        probes.stream().filter(id -> timesDelivered(id) > 0).count(),
                        probes.size())
                .isNotNull();
        Duration inForceAfter = Duration.ofNanos(inForceAt - since);
        assertThat(inForceAfter).as("in force on both replicas").isLessThanOrEqualTo(IN_FORCE_WITHIN);

        // Referrals through both replicas: each delivered exactly once.
        List<String> referrals = new ArrayList<>();
        Map<String, Long> posted = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            long before = System.nanoTime();
            String id = referral(i % 2 == 0 ? FIRST_PORT : SECOND_PORT, ehr, peter, "Referral " + i);
            posted.put(id, before);
            referrals.add(id);
        }
        awaitDelivered(referrals, Duration.ofSeconds(20));
        Thread.sleep(3000); // a second delivery, if any, would have come by now
        Map<String, Long> times =
                referrals.stream().collect(Collectors.toMap(Function.identity(), this::timesDelivered));
        assertThat(times)
                .as("deliveries per referral")
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));

        // Deleted through the second replica: the first stops delivering within seconds.
        HttpResponse<String> deleted = send(SECOND_PORT, "DELETE", "/Subscription/" + subscriptionId, council, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
        Thread.sleep(IN_FORCE_WITHIN.toMillis());
        String afterDeletion = referral(FIRST_PORT, ehr, peter, "After the subscription ended");
        Thread.sleep(3000);
        assertThat(timesDelivered(afterDeletion))
                .as("a referral after the Subscription was deleted through the other replica")
                .isZero();
        List<Long> latencies = referrals.stream()
                .map(id -> (arrivals.get(id) - posted.get(id)) / 1_000_000)
                .sorted()
                .toList();
        System.out.printf(
                "Subscription in force on both replicas after %d ms; from POST to notification, 20 referrals"
                        + " through both replicas: median %d ms, p95 %d ms%n",
                inForceAfter.toMillis(), latencies.get(latencies.size() / 2), latencies.get(18));
    }

    @Test
    void aSearchsNextLinkFromOneReplicaIsFollowedOnTheOther() throws Exception {
        String nurse = KeycloakTestServer.shared().userToken("nina.patel");
        HttpResponse<String> first = send(FIRST_PORT, "GET", "/Patient?_count=2", nurse, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        Matcher next =
                Pattern.compile("\"relation\":\"next\",\"url\":\"([^\"]+)\"").matcher(first.body());
        assertThat(next.find()).as("a next link: " + first.body()).isTrue();
        String base = "http://127.0.0.1:" + FIRST_PORT + "/fhir";
        assertThat(next.group(1)).startsWith(base);

        HttpResponse<String> second = send(SECOND_PORT, "GET", next.group(1).substring(base.length()), nurse, null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        List<String> onFirst = patientIds(first.body());
        List<String> onSecond = patientIds(second.body());
        assertThat(onSecond).as("the second page, served by the other replica").isNotEmpty();
        assertThat(onSecond).doesNotContainAnyElementsOf(onFirst);
    }

    @Test
    void aReferralThroughOneReplicaOpensTheRecordToTheCouncilOnTheOtherAtItsNextRequest() throws Exception {
        String council = SystemClient.COUNCIL_CASE_SYSTEM.token(List.of("system/Patient.rs", "system/Task.rs"));
        String ehr = SystemClient.RIVERSIDE_EHR.token(List.of("system/Patient.rs", "system/Task.cruds"));
        String brian = firstId(send(
                FIRST_PORT,
                "GET",
                "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + BRIAN_NHS_NUMBER,
                ehr,
                null));
        assertThat(send(SECOND_PORT, "GET", "/Patient/" + brian, council, null).statusCode())
                .as("the council has no relationship with Brian yet")
                .isEqualTo(403);

        referral(FIRST_PORT, ehr, brian, "Assess for a care package");

        HttpResponse<String> read = send(SECOND_PORT, "GET", "/Patient/" + brian, council, null);
        assertThat(read.statusCode())
                .as("the council reads Brian through the other replica right after the referral: " + read.body())
                .isEqualTo(200);
    }

    private static List<String> patientIds(String bundle) {
        List<String> ids = new ArrayList<>();
        Matcher id = Pattern.compile("\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"")
                .matcher(bundle);
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }

    /**
     * When the last {@code run} probes old enough to have arrived (posted at least {@code arrival}
     * ago) were first all delivered: the time the earliest of them was posted; null while they are not.
     */
    private Long inForceSince(List<String> probes, List<Long> probedAt, int run, Duration arrival) {
        long settledBefore = System.nanoTime() - arrival.toNanos();
        int settled = 0;
        while (settled < probes.size() && probedAt.get(settled) <= settledBefore) {
            settled++;
        }
        if (settled < run) {
            return null;
        }
        for (int i = settled - run; i < settled; i++) {
            if (timesDelivered(probes.get(i)) == 0) {
                return null;
            }
        }
        return probedAt.get(settled - run);
    }

    private long timesDelivered(String taskId) {
        String marker = "\"id\":\"" + taskId + "\"";
        return notifications.stream().filter(body -> body.contains(marker)).count();
    }

    private void awaitDelivered(List<String> taskIds, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && taskIds.stream().anyMatch(id -> timesDelivered(id) == 0)) {
            Thread.sleep(100);
        }
        assertThat(taskIds)
                .as("referrals delivered within %s", within)
                .allSatisfy(id -> assertThat(timesDelivered(id)).isPositive());
    }

    private static void awaitActive(String subscriptionId, String token) throws Exception {
        String status = "";
        for (int i = 0; i < 300 && !status.contains("\"status\":\"active\""); i++) {
            status = send(FIRST_PORT, "GET", "/Subscription/" + subscriptionId, token, null)
                    .body();
            if (!status.contains("\"status\":\"active\"")) {
                Thread.sleep(100);
            }
        }
        assertThat(status)
                .as("Subscription/%s active within 30 s", subscriptionId)
                .contains("\"status\":\"active\"");
    }

    private static String referral(int port, String token, String person, String description) throws Exception {
        String task =
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"priority\":\"routine\","
                        + "\"description\":\"" + description + "\",\"for\":{\"reference\":\"Patient/" + person + "\"},"
                        + "\"requester\":{\"reference\":\"Organization/riverside-practice\"},"
                        + "\"owner\":{\"reference\":\"Organization/city-council-asc\"}}";
        HttpResponse<String> response = send(port, "POST", "/Task", token, task);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return idOf(response.body());
    }

    private String subscription() {
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/notifications";
        return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Referrals to the council\","
                + "\"criteria\":\"Task?owner=Organization/city-council-asc\","
                + "\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"" + url
                + "\",\"payload\":\"application/fhir+json\"}}";
    }

    private static HttpResponse<String> send(int port, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/fhir+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String idOf(String resource) {
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(resource);
        assertThat(id.find()).as(resource).isTrue();
        return id.group(1);
    }

    private static String firstId(HttpResponse<String> bundle) {
        Matcher id = Pattern.compile("\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"")
                .matcher(bundle.body());
        assertThat(id.find()).as(bundle.body()).isTrue();
        return id.group(1);
    }
}
