package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The triage board and task changes against the real Keycloak and FHIR server. The tasks acted on
 * are created by each test through the FHIR API (as the GP who asks for them) and closed by the end
 * of it, so the sample neighbourhood other tests rely on is left as it was. Every page shown passes
 * the WCAG 2.2 AA checks.
 */
class TriageBoardJourneyTest extends BrowserJourney {

    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    /** Priya Desai: in the care teams of Nina Patel and Omar Hassan. */
    private static final String PRIYA = "9998033918";
    /** Malcolm Reid: on Omar Hassan's caseload, not on Sam Taylor's. */
    private static final String MALCOLM = "9999534171";

    private static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Monday morning: the nurse's board shows the two referrals to her trust; a task nobody has yet
     * is open on the GP's screen and on hers at once, she claims it from the board first, and the
     * GP's claim is refused with who got there first. She completes it with an outcome note.
     */
    @Test
    void nurseClaimsATaskFirstAndTheGpIsToldWhoDid() throws IOException {
        String omar = workspace.keycloak().userToken("omar.hassan");
        String description = "Arrange a district nurse visit " + UUID.randomUUID();
        String taskId = createTask(omar, patientId(PRIYA, omar), description, null);

        try (BrowserContext nurseContext = browser.newContext();
                BrowserContext gpContext = browser.newContext()) {
            Page nurse = nurseContext.newPage();
            nurse.navigate(workspace.portalUrl() + "/tasks");
            logInOnKeycloak(nurse, "nina.patel");
            assertThat(nurse.locator("#board-heading")).containsText("Open tasks");
            Locator board = nurse.locator("#task-table");
            assertThat(board).containsText("Wound review after discharge");
            assertThat(board).containsText("Falls assessment at home");
            assertThat(row(nurse, "Wound review after discharge").locator(".task-unclaimed"))
                    .isVisible();
            assertThat(nurse.locator("#scope-organisation")).containsText("My organisation");
            assertAccessible(nurse, "the nurse's triage board");

            Page gp = gpContext.newPage();
            gp.navigate(workspace.portalUrl() + "/tasks/" + taskId);
            logInOnKeycloak(gp, "omar.hassan");
            gp.navigate(workspace.portalUrl() + "/tasks/" + taskId);
            assertThat(gp.locator("#task-description")).hasText(description);
            assertThat(gp.locator("#claim")).isVisible();
            assertAccessible(gp, "the task page");

            // Filters are in the URL: the tasks nobody has taken on.
            nurse.locator("#scope-unassigned").click();
            nurse.waitForURL(url -> url.contains("scope=unassigned"));
            row(nurse, description).locator(".task-claim").click();
            nurse.waitForURL(url -> url.contains("/tasks") && url.contains("scope=unassigned"));
            assertThat(nurse.locator("#task-changed")).containsText("Claimed");
            assertThat(nurse.locator("#task-table")).not().containsText(description);

            // The GP still has the version from before the nurse's claim.
            gp.locator("#claim").click();
            gp.waitForLoadState();
            assertThat(gp.locator("#task-problem")).containsText("Nina Patel (Northbank Community Health Trust)");
            assertThat(gp.locator("#task-problem")).containsText("got there first");
            assertThat(gp.locator("#task-owner")).containsText("Nina Patel");
            assertThat(gp.locator("#claim")).hasCount(0);
            assertAccessible(gp, "the task page after a claim that came second");

            JsonNode task = readTask(omar, taskId);
            org.assertj.core.api.Assertions.assertThat(
                            task.path("owner").path("reference").asText())
                    .isEqualTo("Practitioner/nina-patel");
            org.assertj.core.api.Assertions.assertThat(task.path("note").size())
                    .as("one change recorded: the nurse's claim; the GP's overwrote nothing")
                    .isEqualTo(1);

            nurse.navigate(workspace.portalUrl() + "/tasks?scope=mine");
            nurse.locator("#task-table a", new Page.LocatorOptions().setHasText(description))
                    .click();
            assertThat(nurse.locator("#task-timeline")).containsText("Claimed by Nina Patel.");
            assertThat(nurse.locator("#task-timeline")).containsText("Northbank Community Health Trust");
            nurse.locator("#complete-details summary").click();
            nurse.locator("#complete-submit").click();
            assertThat(nurse.locator("#error-summary")).containsText("Enter an outcome note");
            assertAccessible(nurse, "the task page with a missing outcome note");
            nurse.locator("#complete-reason").fill("Visit booked for Thursday morning.");
            nurse.locator("#complete-submit").click();
            nurse.waitForURL(url -> url.endsWith("/tasks"));
            assertThat(nurse.locator("#task-changed")).containsText("Completed");
            org.assertj.core.api.Assertions.assertThat(
                            readTask(omar, taskId).path("status").asText())
                    .isEqualTo("completed");
        }
    }

    /**
     * The GP hands a task to the council with a reason; the social worker then finds the person on
     * his caseload and the task on his board with its timeline, takes it on and completes it, and the
     * person leaves his caseload with the referral closed. A script in the description stays text.
     */
    @Test
    void gpHandsATaskToTheCouncilAndTheSocialWorkerTakesItOn() throws IOException {
        String omar = workspace.keycloak().userToken("omar.hassan");
        String description = "Assess for a home-care package "
                + UUID.randomUUID().toString().substring(0, 8) + " <script>window.__pwned = 1</script>";
        String taskId = createTask(omar, patientId(MALCOLM, omar), description, "Practitioner/omar-hassan");

        try (BrowserContext gpContext = browser.newContext();
                BrowserContext socialWorkerContext = browser.newContext()) {
            Page gp = gpContext.newPage();
            gp.navigate(workspace.portalUrl() + "/tasks/" + taskId);
            logInOnKeycloak(gp, "omar.hassan");
            gp.navigate(workspace.portalUrl() + "/tasks/" + taskId);
            assertThat(gp.locator("#task-description")).hasText(description);
            org.assertj.core.api.Assertions.assertThat(gp.evaluate("() => window.__pwned === undefined"))
                    .isEqualTo(true);
            gp.locator("#hand-on-details summary").click();
            gp.locator("#hand-on-organisation").selectOption("city-council-asc");
            gp.locator("#hand-on-submit").click();
            assertThat(gp.locator("#error-summary")).containsText("Enter why you are handing the task on");
            assertAccessible(gp, "the task page with a missing reason");
            gp.locator("#hand-on-reason").fill("Needs a social care assessment before discharge planning.");
            gp.locator("#hand-on-submit").click();
            gp.waitForURL(url -> url.endsWith("/tasks"));
            assertThat(gp.locator("#task-changed")).containsText("Handed to another organisation");

            Page socialWorker = socialWorkerContext.newPage();
            socialWorker.navigate(workspace.portalUrl() + "/");
            logInOnKeycloak(socialWorker, "sam.taylor");
            assertThat(socialWorker.locator("#caseload-table")).containsText("REID, Malcolm");
            socialWorker.navigate(workspace.portalUrl() + "/tasks");
            Locator row = row(socialWorker, description);
            assertThat(row).containsText("REID, Malcolm");
            assertThat(row.locator(".task-owner")).containsText("City Council Adult Social Care");
            assertAccessible(socialWorker, "the social worker's triage board");
            row.locator(".task-claim").click();
            assertThat(socialWorker.locator("#task-changed")).containsText("Claimed");
            socialWorker.navigate(workspace.portalUrl() + "/tasks/" + taskId);
            Locator timeline = socialWorker.locator("#task-timeline");
            assertThat(timeline).containsText("Handed to City Council Adult Social Care.");
            assertThat(timeline).containsText("Omar Hassan, Riverside Medical Practice");
            assertThat(timeline).containsText("Needs a social care assessment before discharge planning.");
            assertThat(timeline).containsText("Claimed by Sam Taylor.");
            org.assertj.core.api.Assertions.assertThat(socialWorker.evaluate("() => window.__pwned === undefined"))
                    .isEqualTo(true);
            assertAccessible(socialWorker, "the task page with its timeline");

            socialWorker.locator("#complete-details summary").click();
            socialWorker.locator("#complete-reason").fill("Assessed: four calls a day from Monday.");
            socialWorker.locator("#complete-submit").click();
            socialWorker.waitForURL(url -> url.endsWith("/tasks"));
            assertThat(socialWorker.locator("#task-changed")).containsText("Completed");
            socialWorker.navigate(workspace.portalUrl() + "/");
            assertThat(socialWorker.locator("#caseload-table")).not().containsText("REID, Malcolm");

            Response closed = socialWorker.navigate(workspace.portalUrl() + "/tasks/" + taskId);
            org.assertj.core.api.Assertions.assertThat(closed.status())
                    .as("the referral is closed: the council is no longer involved in his care")
                    .isEqualTo(403);
            assertThat(socialWorker.locator("#error-title")).hasText("You do not have access to this information");
        }
    }

    private static Locator row(Page page, String description) {
        return page.locator("#task-table tr.task-row", new Page.LocatorOptions().setHasText(description));
    }

    private static void logInOnKeycloak(Page page, String username) {
        if (!page.url().startsWith(workspace.keycloak().issuer())) {
            page.locator("#login-button").click();
        }
        page.waitForURL(url -> url.startsWith(workspace.keycloak().issuer()));
        page.locator("#username").fill(username);
        page.locator("#password").fill("neighbourhood");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(workspace.portalUrl()));
    }

    private static void assertAccessible(Page page, String what) {
        AxeResults accessibility = new AxeBuilder(page).withTags(WCAG_22_AA).analyze();
        org.assertj.core.api.Assertions.assertThat(accessibility.getViolations())
                .as("accessibility violations on " + what)
                .extracting(v -> v.getId() + ": " + v.getHelp())
                .isEmpty();
    }

    /** A Task asked for by Omar Hassan, due in five days; owned by {@code owner} or by nobody. */
    private static String createTask(String token, String patientId, String description, String owner)
            throws IOException {
        ObjectNode task = JSON.createObjectNode()
                .put("resourceType", "Task")
                .put("status", "requested")
                .put("intent", "order")
                .put("priority", "routine")
                .put("description", description)
                .put(
                        "authoredOn",
                        java.time.OffsetDateTime.now()
                                .withNano(0)
                                .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        task.putObject("for").put("reference", "Patient/" + patientId);
        task.putObject("requester").put("reference", "Practitioner/omar-hassan");
        if (owner != null) {
            task.putObject("owner").put("reference", owner);
        } else {
            task.putArray("performerType").addObject().put("text", "Anyone in the team");
        }
        task.putObject("restriction")
                .putObject("period")
                .put("end", LocalDate.now().plusDays(5).toString());
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + "/Task"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(task.toString()))
                .build());
        org.assertj.core.api.Assertions.assertThat(created.statusCode())
                .as(created.body())
                .isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private static JsonNode readTask(String token, String taskId) throws IOException {
        HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + "/Task/" + taskId))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        org.assertj.core.api.Assertions.assertThat(read.statusCode())
                .as(read.body())
                .isEqualTo(200);
        return JSON.readTree(read.body());
    }

    /** The id of the Patient with this NHS number, found by a practitioner whose caseload holds them. */
    private static String patientId(String nhsNumber, String token) throws IOException {
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl()
                        + "/Patient?identifier="
                        + URLEncoder.encode(NHS_NUMBER + "|" + nhsNumber, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        org.assertj.core.api.Assertions.assertThat(found.statusCode())
                .as(found.body())
                .isEqualTo(200);
        JsonNode entries = JSON.readTree(found.body()).path("entry");
        org.assertj.core.api.Assertions.assertThat(entries.size()).isEqualTo(1);
        return entries.get(0).path("resource").path("id").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
