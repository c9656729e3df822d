package care.neighbourhood.fhirserver.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import care.neighbourhood.fhirserver.access.SubscriptionPolicy;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * REST-hook subscriptions within the access rules: a system subscribes for itself only (the server
 * records the owner), on the types its scopes allow, to an endpoint registered for it; it is told of a
 * change only when it may read the record, and never of a person it has no relationship with.
 */
class SubscriptionTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String GP = TestTokens.TRUSTED.token("omar.hassan", "riverside-practice", "health", "gp");
    private static final String IG_OFFICER =
            TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");
    private static final String COUNCIL = system("council-case-system", "city-council-asc", "social-care");
    private static final String EHR = system("riverside-ehr", "riverside-practice", "health");

    private static HttpServer endpoint;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    private static volatile javax.sql.DataSource database;

    @Autowired
    DaoRegistry daos;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    IInterceptorService storageInterceptors;

    private String peter;
    private String arthur;

    @BeforeAll
    static void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        endpoint.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int attempt = attempts.merge(path, 1, Integer::sum);
            // "/down-..." never takes a notification; "/flaky-..." takes it at the second attempt.
            boolean takes = !path.startsWith("/down-") && !(path.startsWith("/flaky-") && attempt == 1);
            if (takes) {
                received.add(path + " " + body);
            }
            exchange.sendResponseHeaders(takes ? 200 : 503, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.stop(0);
    }

    @BeforeEach
    void findPeople() {
        database = dataSource;
        SampleRecords records = new SampleRecords(daos);
        peter = records.patientId("9995180901");
        arthur = records.patientId("9992204176");
    }

    @Test
    void theCouncilIsToldOfAReferralToItWithinSecondsAndOfNothingItMayNotRead() throws Exception {
        String inbox = "/council-inbox-" + System.nanoTime();
        String subscription = created(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", inbox), COUNCIL));
        awaitActive(subscription, COUNCIL);

        // Peter Kowalski's GP practice, on his care team, refers him to the council.
        String referral =
                created(post("/Task", task(peter, "Organization/city-council-asc", "Care needs assessment"), GP));
        assertThat(awaitNotification(inbox, referral))
                .as("the council's endpoint is told of the referral with the Task it may read")
                .contains("Care needs assessment");

        awaitAudit(peter, referral, "notification sent");

        // Arthur opted out of sharing with social care: a Task the council owns about him is withheld,
        // and audited as withheld.
        String aboutArthur = created(post("/Task", task(arthur, "Organization/city-council-asc", "Arthur's"), NURSE));
        awaitAudit(arthur, aboutArthur, "notification withheld");
        assertNoNotification(inbox, new IdType(aboutArthur).getIdPart());
    }

    @Test
    void aNotificationBeingSentIsNotedUntilTheEndpointTakesItAndOneAServerStoppedSendingIsSentByAnother()
            throws Exception {
        // A referral made before the Subscription below, so never sent by the server it was made on.
        String earlier = created(post("/Task", task(peter, "Organization/city-council-asc", "Stair lift"), GP));
        String inbox = "/council-inbox-" + System.nanoTime();
        String subscription = created(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", inbox), COUNCIL));
        awaitActive(subscription, COUNCIL);
        String referral = created(post("/Task", task(peter, "Organization/city-council-asc", "Home adaptations"), GP));
        awaitNotification(inbox, referral);
        awaitAudit(peter, referral, "notification sent");
        assertThat(heldFor(subscription))
                .as("nothing kept once the endpoint took it")
                .isZero();

        // The earlier referral as a server leaves it when it stops while sending: noted as being sent,
        // its hold run out.
        new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .update(
                        "insert into nw_notification_retry (subscription_id, record_id, operation, first_failed,"
                                + " attempts, next_attempt, last_error) values (?, ?, 'CREATE', ?, 0, ?, null)",
                        subscription,
                        earlier + "/_history/1",
                        java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(3))),
                        java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(1))));

        assertThat(awaitNotification(inbox, earlier)).contains("Stair lift");
        awaitAudit(peter, earlier, "notification sent (attempt 1)");
        assertThat(heldFor(subscription)).isZero();
    }

    @Test
    void aMatchedNotificationIsHeldInTheDatabaseBeforeItsChangeIsReleased() throws Exception {
        String inbox = "/paused-" + System.nanoTime();
        String subscription = created(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", inbox), COUNCIL));
        awaitActive(subscription, COUNCIL);
        PausedDelivery pause = new PausedDelivery(inbox);
        storageInterceptors.registerInterceptor(pause);
        try {
            String referral = created(post("/Task", task(peter, "Organization/city-council-asc", "Grab rails"), GP));
            String id = new IdType(referral).getIdPart();
            assertThat(pause.reached.await(20, TimeUnit.SECONDS))
                    .as("the notification on its way to the endpoint")
                    .isTrue();

            // Matched, not yet sent: what a server dying now would leave behind.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (notesOf(id) > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(notesOf(id))
                    .as("the change's note, released by its claim")
                    .isZero();
            assertThat(heldFor(subscription))
                    .as("the notification, held in the database for any server to send")
                    .isEqualTo(1);

            pause.go.countDown();
            assertThat(awaitNotification(inbox, referral)).contains("Grab rails");
            deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (heldFor(subscription) > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(heldFor(subscription))
                    .as("nothing held once the endpoint took it")
                    .isZero();
        } finally {
            pause.go.countDown();
            storageInterceptors.unregisterInterceptor(pause);
        }
    }

    /** Holds the sending of notifications to one endpoint until let go. */
    public static class PausedDelivery {
        private final String inbox;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);

        PausedDelivery(String inbox) {
            this.inbox = inbox;
        }

        @Hook(Pointcut.SUBSCRIPTION_BEFORE_DELIVERY)
        public void beforeSending(CanonicalSubscription subscription) throws InterruptedException {
            if (subscription.getEndpointUrl() != null
                    && subscription.getEndpointUrl().endsWith(inbox)) {
                reached.countDown();
                go.await(30, TimeUnit.SECONDS);
            }
        }
    }

    /** HAPI's notes of changes to Task/{id} awaiting matching, as committed. */
    private static int notesOf(String taskId) {
        return new org.springframework.jdbc.core.JdbcTemplate(database)
                .queryForObject(
                        "select count(*) from hfj_resource_modified where resource_type = 'Task' and res_id = ?",
                        Integer.class,
                        taskId);
    }

    private int heldFor(String subscription) {
        return new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .queryForObject(
                        "select count(*) from nw_notification_retry where subscription_id = ?",
                        Integer.class,
                        subscription);
    }

    @Test
    void aNotificationTheEndpointDidNotTakeIsTriedAgainUntilItIsTaken() throws Exception {
        String inbox = "/flaky-" + System.nanoTime();
        String subscription = created(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", inbox), COUNCIL));
        awaitActive(subscription, COUNCIL);

        String referral =
                created(post("/Task", task(peter, "Organization/city-council-asc", "Carer's assessment"), GP));

        assertThat(awaitNotification(inbox, referral)).contains("Carer's assessment");
        awaitAudit(peter, referral, "notification failed (attempt 1)");
        awaitAudit(peter, referral, "notification sent (attempt 2)");
        assertThat(get("/" + subscription, COUNCIL).body()).contains("\"status\":\"active\"");
    }

    @Test
    void aNotificationStillFailingAfterTheGiveUpTimeIsRecordedAndTheOwnerSeesTheSubscriptionInError() throws Exception {
        String inbox = "/down-" + System.nanoTime();
        String subscription = created(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", inbox), COUNCIL));
        awaitActive(subscription, COUNCIL);

        String referral = created(post("/Task", task(peter, "Organization/city-council-asc", "Home adaptation"), GP));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        String stored = get("/" + subscription, COUNCIL).body();
        while (!stored.contains("\"status\":\"error\"") && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            stored = get("/" + subscription, COUNCIL).body();
        }
        assertThat(stored)
                .as("the owner reads that its subscription stopped, and why")
                .contains("\"status\":\"error\"")
                .contains(inbox)
                .contains("the endpoint answered 503");
        assertThat(awaitAudit(peter, referral, "given up")).contains(inbox);
        assertThat(attempts.keySet().stream().filter(path -> path.startsWith(inbox)))
                .isNotEmpty();
        assertThat(attempts.entrySet().stream()
                        .filter(entry -> entry.getKey().startsWith(inbox))
                        .mapToInt(Map.Entry::getValue)
                        .sum())
                .as("tried more than once before giving up")
                .isGreaterThan(2);
    }

    @Test
    void aSubscriptionAboutAPersonWithNoRelationshipDeliversNothing() throws Exception {
        String inbox = "/council-arthur-" + System.nanoTime();
        String subscription =
                created(post("/Subscription", subscription("Task?patient=Patient/" + arthur, inbox), COUNCIL));
        awaitActive(subscription, COUNCIL);

        String task =
                created(post("/Task", task(arthur, "Organization/northbank-community", "Dressing change"), NURSE));

        awaitAudit(arthur, task, "no care relationship");
        assertNoNotification(inbox, new IdType(task).getIdPart());
    }

    @Test
    void theOwnerIsRecordedByTheServerAndOnlyTheOwnerSeesIt() {
        String forged = subscription("Task?owner=Organization/city-council-asc", "/forged")
                .replace(
                        "\"resourceType\":\"Subscription\",",
                        "\"resourceType\":\"Subscription\",\"meta\":{\"tag\":[{\"system\":\""
                                + SubscriptionPolicy.OWNER_CLIENT + "\",\"code\":\"riverside-ehr\"}]},");
        String id = created(post("/Subscription", forged, COUNCIL));

        Subscription stored = FHIR.newJsonParser()
                .parseResource(Subscription.class, get("/" + id, COUNCIL).body());
        assertThat(stored.getMeta().getTag())
                .filteredOn(tag -> SubscriptionPolicy.OWNER_CLIENT.equals(tag.getSystem()))
                .extracting(tag -> tag.getCode())
                .containsExactly("council-case-system");
        assertThat(get("/" + id, EHR).statusCode()).isEqualTo(403);
        assertThat(get("/Subscription?_count=100", EHR).body()).doesNotContain(new IdType(id).getIdPart() + "\"");
        assertThat(get("/Subscription?_count=100", COUNCIL).body())
                .contains("\"id\":\"" + new IdType(id).getIdPart() + "\"");
        assertThat(send(request("/" + id)
                                .header("Authorization", "Bearer " + EHR)
                                .DELETE())
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void subscriptionsOutsideTheRulesAreRefusedWithTheReason() {
        assertRefused(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", "/x"), NURSE),
                "subscriptions are for external systems");
        assertRefused(post("/Subscription", subscription("Patient?_id=1", "/x"), COUNCIL), "not Patient");
        assertRefused(
                post(
                        "/Subscription",
                        subscription("Task?owner=Organization/city-council-asc", "/x")
                                .replace(
                                        "http://localhost:"
                                                + endpoint.getAddress().getPort(),
                                        "http://elsewhere.example"),
                        COUNCIL),
                "https");
        assertRefused(
                post(
                        "/Subscription",
                        subscription("Task?owner=Organization/city-council-asc", "/x")
                                .replace(
                                        "http://localhost:"
                                                + endpoint.getAddress().getPort(),
                                        "https://elsewhere.example"),
                        COUNCIL),
                "not registered for council-case-system");
        String taskOnly = system("council-case-system", "city-council-asc", "social-care", "system/Subscription.cruds");
        assertRefused(
                post("/Subscription", subscription("Task?owner=Organization/city-council-asc", "/x"), taskOnly),
                "do not allow reading Task");
    }

    private static void assertRefused(HttpResponse<String> answer, String reason) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains(reason);
    }

    private String awaitNotification(String inbox, String taskId) throws InterruptedException {
        String id = new IdType(taskId).getIdPart();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            for (String notification : received) {
                if (notification.startsWith(inbox) && notification.contains("\"id\":\"" + id + "\"")) {
                    return notification;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no notification of Task/" + id + " at " + inbox + " in 20 s: " + received);
    }

    /** The audit record of the council's notification about a record, once it is there. */
    private String awaitAudit(String person, String record, String outcome) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String found = "";
        while (Instant.now().isBefore(deadline)) {
            found = get(
                            "/AuditEvent?agent-name=council-case-system&patient=Patient/" + person + "&_count=100",
                            IG_OFFICER)
                    .body();
            for (String event : found.split("\\{\"fullUrl\"")) {
                if (event.contains(record + "\"")
                        && event.contains("notification of Subscription/")
                        && event.contains(outcome)) {
                    return event;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no audit record '" + outcome + "' of a notification about " + record + ": " + found);
    }

    private void assertNoNotification(String inbox, String id) throws InterruptedException {
        Thread.sleep(1000);
        assertThat(received)
                .filteredOn(notification -> notification.startsWith(inbox))
                .noneMatch(notification -> notification.contains("\"id\":\"" + id + "\""));
    }

    private void awaitActive(String subscription, String token) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (get("/" + subscription, token).body().contains("\"status\":\"active\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(subscription + " did not become active: "
                + get("/" + subscription, token).body());
    }

    private static String created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new IdType(answer.headers().firstValue("Location").orElseThrow())
                .toUnqualifiedVersionless()
                .getValue();
    }

    private static String subscription(String criteria, String path) {
        return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Referrals to the council\","
                + "\"criteria\":\"" + criteria
                + "\",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"http://localhost:"
                + endpoint.getAddress().getPort() + path + "\",\"payload\":\"application/fhir+json\"}}";
    }

    private static String task(String person, String owner, String description) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"description\":\""
                + description + "\",\"for\":{\"reference\":\"Patient/" + person + "\"},\"owner\":{\"reference\":\""
                + owner + "\"}}";
    }

    private static String system(String client, String organisation, String sector) {
        return system(client, organisation, sector, "system/Subscription.cruds system/Task.rs system/CarePlan.rs");
    }

    private static String system(String client, String organisation, String sector, String scopes) {
        return TestTokens.TRUSTED.token(
                client,
                organisation,
                sector,
                "none",
                c -> c.claim("fhirUser", null).claim("azp", client).claim("scope", scopes));
    }
}
