package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.testkit.KeycloakTestServer;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster of {@code scripts/start-cluster.sh} (two fhir-servers, two portals, HAProxy, one
 * PostgreSQL) under the mixed workload at a steady rate, while one fault after another strikes: a
 * fhir-server killed with SIGKILL (its supervisor starts it again), PostgreSQL restarted, Keycloak
 * frozen for 30 s, a portal stopped. Afterwards: every acknowledged write is there exactly once, every
 * acknowledged request has its audit record, no answer was a 5xx except 503s with Retry-After while
 * the database restarted, and nothing was given up on. Also: one winner among parallel claims of a
 * Task spread over both servers, and the workload's throughput with one server and with two.
 */
@ExtendWith(Cluster.StoppedAfterTheRun.class)
class ClusterFaultsTest {

    private static final String MARGARET_NHS_NUMBER = "9991042113";
    private static final Duration RECOVERY_ALLOWANCE = Duration.ofSeconds(15);
    /** How long after PostgreSQL's restart began reads must be answered again. */
    private static final Duration DATABASE_RECOVERY_LIMIT = Duration.ofSeconds(60);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static KeycloakTestServer keycloak;
    private static Cluster cluster;
    private static String token;
    private static String margaret;

    @BeforeAll
    static void startTheCluster() throws Exception {
        keycloak = KeycloakTestServer.shared();
        cluster = Cluster.shared(keycloak);
        token = keycloak.userToken("nina.patel"); // lives 15 minutes: longer than this test
        HttpResponse<String> found = send(
                "GET",
                cluster.fhirBase() + "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + MARGARET_NHS_NUMBER,
                null,
                Map.of());
        Matcher id = Pattern.compile("\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"")
                .matcher(found.body());
        assertThat(id.find()).as(found.body()).isTrue();
        margaret = id.group(1);
    }

    @Test
    void oneWinnerAmongParallelClaimsOfATaskSpreadOverBothServers() throws Exception {
        HttpResponse<String> created = send("POST", cluster.fhirBase() + "/Task", task(null), Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = field(created.body(), "id");
        ExecutorService claimants = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String base = cluster.replicaBase(1 + i % 2);
            String claimed = task(id).replace("\"status\":\"requested\"", "\"status\":\"accepted\"");
            claims.add(
                    claimants.submit(() -> send("PUT", base + "/Task/" + id, claimed, Map.of("If-Match", "W/\"1\""))));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> claim : claims) {
            statuses.add(claim.get().statusCode());
        }
        claimants.shutdown();
        System.out.println("Parallel claims of one Task over both servers answered: " + statuses);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 412 || s == 409);
        HttpResponse<String> after = send("GET", cluster.fhirBase() + "/Task/" + id, null, Map.of());
        assertThat(after.body()).contains("\"versionId\":\"2\"").contains("\"status\":\"accepted\"");
    }

    @Test
    void theMixedWorkloadLosesNothingThroughAKilledServerADatabaseRestartAFrozenKeycloakAndAStoppedPortal()
            throws Exception {
        throughputWithOneAndTwoServers();
        try (Playwright playwright = Browser.playwright();
                var browser = Browser.launch(playwright);
                BrowserContext signedIn = browser.newContext()) {
            Page page = signedIn.newPage();
            signIn(page, "nina.patel");

            SteadyMix mix = new SteadyMix(cluster.fhirBase(), token, margaret).start(15);
            Thread.sleep(5000);

            long killed = cluster.signal("fhir-server-1", "KILL");
            long since = System.nanoTime();
            cluster.awaitRestarted(
                    "fhir-server-1",
                    killed,
                    "http://127.0.0.1:" + Cluster.replicaPort(1) + "/actuator/health/readiness",
                    Duration.ofMinutes(4));
            System.out.printf("fhir-server-1 killed (SIGKILL): ready again after %.1f s%n", seconds(since));

            long restartFrom = System.nanoTime();
            Cluster.restartPostgres();
            long recoveryDeadline = restartFrom + DATABASE_RECOVERY_LIMIT.toNanos();
            while (!Cluster.answers200(cluster.fhirBase().replace("/fhir", "") + "/actuator/health/readiness")
                    || send("GET", cluster.fhirBase() + "/Patient/" + margaret, null, Map.of())
                                    .statusCode()
                            != 200) {
                assertThat(System.nanoTime())
                        .as("reads answered again within %s of the PostgreSQL restart", DATABASE_RECOVERY_LIMIT)
                        .isLessThan(recoveryDeadline);
                Thread.sleep(200);
            }
            long restartTo = System.nanoTime();
            System.out.printf("PostgreSQL restarted: reads answered again after %.1f s%n", seconds(restartFrom));

            String unseen = freshToken("nina.patel"); // issued before the outage, used only during it
            keycloak.freeze();
            long frozenFrom = System.nanoTime();
            try {
                Thread.sleep(12_000);
                loginWhileKeycloakIsDown(browser);
                for (int replica = 1; replica <= 2; replica++) {
                    assertThat(sendAs(unseen, "GET", cluster.replicaBase(replica) + "/Patient/" + margaret)
                                    .statusCode())
                            .as("a valid token neither server had seen, on server %d while Keycloak is down", replica)
                            .isEqualTo(200);
                }
                Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - frozenFrom) / 1_000_000));
            } finally {
                keycloak.resume();
            }
            long frozenTo = System.nanoTime();
            awaitLoginsAgain(frozenTo);
            long answeredWhileFrozen = mix.answers.stream()
                    .filter(a -> a.atNanos() > frozenFrom && a.atNanos() < frozenTo && a.status() / 100 == 2)
                    .count();
            System.out.println("Keycloak frozen for 30 s: " + answeredWhileFrozen + " requests answered 2xx meanwhile");
            assertThat(answeredWhileFrozen)
                    .as("valid tokens keep working while Keycloak is down")
                    .isGreaterThan(100);

            cluster.signal("team-portal-1", "TERM");
            long portalStopped = System.nanoTime();
            String portalOne = "http://127.0.0.1:" + Cluster.portalReplicaPort(1);
            int readiness = status(portalOne + "/actuator/health/readiness");
            while (readiness == 200 && System.nanoTime() - portalStopped < 2_000_000_000L) {
                Thread.sleep(50);
                readiness = status(portalOne + "/actuator/health/readiness");
            }
            assertThat(readiness).as("the stopping portal's readiness").isEqualTo(503);
            assertThat(status(portalOne + "/login"))
                    .as("the stopping portal still answers while the load balancer takes it out")
                    .isEqualTo(200);
            while (answers(portalOne + "/login") && System.nanoTime() - portalStopped < 30_000_000_000L) {
                Thread.sleep(100); // until it has stopped listening: the pages below come from the other
            }
            assertThat(answers(portalOne + "/login"))
                    .as("team-portal-1 stopped")
                    .isFalse();
            for (int i = 0; i < 4; i++) {
                Response shown = page.navigate(cluster.portalUrl() + "/");
                assertThat(shown.status()).isEqualTo(200);
                assertThat(page.url()).startsWith(cluster.portalUrl());
                assertThat(page.locator("#logout-button").count())
                        .as("still signed in after a portal stopped")
                        .isEqualTo(1);
            }
            System.out.printf(
                    "team-portal-1 stopped (SIGTERM): gone after its drain; four pages on the other portal %.1f s after"
                            + " the signal, still signed in%n",
                    seconds(portalStopped));
            Thread.sleep(3000);
            mix.stop();

            report(mix, restartFrom, restartTo);
            assertNothingLost(mix, restartFrom, restartTo);
        }
    }

    private static void throughputWithOneAndTwoServers() throws InterruptedException {
        SteadyMix.throughput(cluster.fhirBase(), token, margaret, 4, Duration.ofSeconds(5)); // warm both
        double one = 0;
        double two = 0;
        for (int round = 0; round < 2; round++) {
            one += SteadyMix.throughput(cluster.replicaBase(1), token, margaret, 8, Duration.ofSeconds(8));
            two += SteadyMix.throughput(cluster.fhirBase(), token, margaret, 8, Duration.ofSeconds(8));
        }
        System.out.printf(
                "Mixed workload, 8 clients, 2 rounds: one server %.0f req/s, two behind HAProxy %.0f req/s (ratio %.2f)%n",
                one / 2, two / 2, two / one);
        assertThat(two).isPositive();
    }

    private static void loginWhileKeycloakIsDown(com.microsoft.playwright.Browser browser) {
        try (BrowserContext fresh = browser.newContext()) {
            Page page = fresh.newPage();
            page.navigate(cluster.portalUrl() + "/login");
            page.locator("#login-button").click();
            page.waitForURL(url -> url.contains("/login?unavailable"));
            assertThat(page.locator("#sign-in-unavailable").textContent())
                    .contains("Logging in is not possible at the moment");
            Journeys.assertAccessible(page, "the landing page while signing in is unavailable");
        }
    }

    private static void signIn(Page page, String username) {
        page.navigate(cluster.portalUrl() + "/login");
        page.locator("#login-button").click();
        page.waitForURL(url -> url.startsWith(keycloak.issuer()));
        page.locator("#username").fill(username);
        page.locator("#password").fill(KeycloakTestServer.PASSWORD);
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(cluster.portalUrl()));
        page.navigate(cluster.portalUrl() + "/");
        assertThat(page.locator("#logout-button").count()).isEqualTo(1);
    }

    private static void report(SteadyMix mix, long restartFrom, long restartTo) {
        Map<Integer, Long> statuses =
                mix.answers.stream().collect(Collectors.groupingBy(SteadyMix.Answer::status, Collectors.counting()));
        System.out.println("Mixed workload under faults: answers by status " + statuses + "; acknowledged "
                + mix.acknowledged.size() + "; writes acknowledged " + mix.writtenTasks.size() + " of "
                + mix.triedTasks.size() + "; connections refused " + mix.connectionsRefused() + "; given up "
                + mix.gaveUp.size() + "; database restart window "
                + String.format("%.1f s", (restartTo - restartFrom) / 1e9));
    }

    private static void assertNothingLost(SteadyMix mix, long restartFrom, long restartTo) throws Exception {
        assertThat(mix.gaveUp).as("requests never answered").isEmpty();
        long allowedUntil = restartTo + RECOVERY_ALLOWANCE.toNanos();
        assertThat(mix.answers).filteredOn(a -> a.status() >= 500).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(503);
            assertThat(a.retryAfter()).as("Retry-After on " + a.body()).isNotBlank();
            assertThat(a.atNanos()).as("a 503 outside the database restart").isBetween(restartFrom, allowedUntil);
        });
        assertThat(mix.answers).filteredOn(a -> a.status() / 100 == 4).isEmpty();

        List<String> acknowledged = List.copyOf(mix.acknowledged);
        int audited = cluster.audited(acknowledged).size();
        System.out.println("Acknowledged requests " + acknowledged.size() + ", with their audit records " + audited);
        assertThat(audited).as("audit records of acknowledged requests").isEqualTo(acknowledged.size());

        int written = 0;
        int lost = 0;
        int duplicated = 0;
        for (String task : mix.triedTasks) {
            HttpResponse<String> count = send(
                    "GET",
                    cluster.fhirBase() + "/Task?identifier=" + SteadyMix.TASK_IDENTIFIER_SYSTEM + "%7Curn:uuid:" + task
                            + "&_summary=count",
                    null,
                    Map.of());
            int total = Integer.parseInt(field(count.body(), "total"));
            if (mix.writtenTasks.contains(task)) {
                lost += total == 0 ? 1 : 0;
                duplicated += Math.max(0, total - 1);
                assertThat(total).as("acknowledged Task " + task).isEqualTo(1);
            } else {
                assertThat(total).as("Task " + task + ", never acknowledged").isLessThanOrEqualTo(1);
            }
            written += total;
        }
        System.out.println("Tasks in the database from the workload: " + written + " (acknowledged "
                + mix.writtenTasks.size() + ", lost " + lost + ", duplicated " + duplicated + ")");
    }

    private static boolean answers(String url) throws InterruptedException {
        try {
            status(url);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Waits until Keycloak issues tokens again after its outage, and says how long that took. */
    private static void awaitLoginsAgain(long resumedAt) throws InterruptedException {
        long deadline = resumedAt + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                freshToken("nina.patel");
                System.out.printf("Keycloak resumed: tokens issued again after %.1f s%n", seconds(resumedAt));
                return;
            } catch (RuntimeException notYet) {
                assertThat(System.nanoTime())
                        .as("Keycloak issuing tokens within 60 s")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** A token of its own (not the test kit's cached one), so no server has verified it yet. */
    private static String freshToken(String username) {
        HttpResponse<String> granted = keycloak.passwordGrant(username, KeycloakTestServer.PASSWORD);
        if (granted.statusCode() != 200) {
            throw new IllegalStateException("no token for " + username + ": " + granted.statusCode());
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(granted.body())
                    .get("access_token")
                    .asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> sendAs(String bearer, String method, String url)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/fhir+json")
                        .header("Authorization", "Bearer " + bearer)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String url, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/fhir+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Task for Margaret held by the community trust, waiting to be claimed (or claimed, with an id). */
    private static String task(String id) {
        String owner = id == null ? "Organization/northbank-community" : "Practitioner/nina-patel";
        return "{\"resourceType\":\"Task\"," + (id == null ? "" : "\"id\":\"" + id + "\",")
                + "\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"" + owner + "\"},\"description\":\"Visit to review her dressings\"}";
    }

    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        assertThat(value.find()).as(name + " in " + json).isTrue();
        return value.group(1);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
