package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caseload and the person's page against the real Keycloak and FHIR server. Monday morning: the
 * community nurse sees all eleven people of her caseload (nine through care teams, two referred to
 * her trust by open tasks), filters it, opens Margaret Ellis's page (care team, Individual Plan, open
 * tasks, why she may see it) and Stanley Hughes's (seen through the referral). The social worker opens
 * Margaret's page and is told that her clinical information is withheld from him and why; a person
 * off his caseload is a 403 page and an unknown one a 404 page. The care coordinator is told that
 * something restricted about Daniel Foster is withheld, not what, sees the latest changes and changes
 * a task from his page; a script in a task stays text. Every page passes the WCAG 2.2 AA checks.
 */
class PersonPageJourneyTest extends BrowserJourney {

    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    /** Margaret Ellis: on the caseloads of Nina Patel and Sam Taylor. */
    private static final String MARGARET = "9991042113";
    /** Daniel Foster: two records labelled restricted (mental health), Grace Lee in his care team. */
    private static final String DANIEL = "9993158720";
    /** Arthur Bennett: on Nina Patel's caseload, not on Sam Taylor's. */
    private static final String ARTHUR = "9992204176";

    private static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void nurseSeesHerWholeCaseloadAndOpensPeoplesPages() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(workspace.portalUrl() + "/");
            logInOnKeycloak(page, "nina.patel");

            Locator caseload = page.locator("#caseload-table");
            assertThat(caseload).isVisible();
            // Other journeys may add people for a while (emergency access lasts hours): the page must
            // list exactly the people the server gives her, and those include her eleven.
            int onCaseload = serverCaseloadSize(workspace.keycloak().userToken("nina.patel"));
            org.assertj.core.api.Assertions.assertThat(rowNames(page)).hasSize(onCaseload);
            org.assertj.core.api.Assertions.assertThat(rowNames(page))
                    .as("Nina Patel's caseload: her care teams and the two referrals to her trust")
                    .contains(
                            "BENNETT, Arthur",
                            "ELLIS, Margaret",
                            "FLETCHER, Joan",
                            "FOSTER, Daniel",
                            "HUGHES, Stanley",
                            "MENSAH, Kwame",
                            "MURPHY, Eileen",
                            "O'BRIEN, Thomas",
                            "PATTERSON, Doreen",
                            "DESAI, Priya",
                            "PRICE, Leonard");
            assertThat(page.locator("#caseload-heading")).containsText(onCaseload + " people on your caseload");
            assertThat(row(page, "HUGHES, Stanley").locator(".caseload-unclaimed-tasks"))
                    .not()
                    .hasText("0");
            assertThat(row(page, "ELLIS, Margaret").locator(".caseload-overdue-tasks"))
                    .hasText("1");
            assertAccessible(page, "the caseload");

            // Filters live in the URL and work without JavaScript: a plain GET form.
            page.locator("#caseload-tasks").selectOption("overdue");
            page.locator("#caseload-apply").click();
            page.waitForURL(url -> url.contains("tasks=overdue"));
            org.assertj.core.api.Assertions.assertThat(rowNames(page)).containsExactly("ELLIS, Margaret");
            assertThat(page.locator("#caseload-matching")).containsText("1 of " + onCaseload + " people match.");

            page.locator("#caseload-table a", new Page.LocatorOptions().setHasText("ELLIS, Margaret"))
                    .click();
            page.waitForURL(url -> url.contains("/people/"));
            assertThat(page.locator("#person-name")).hasText("Margaret Ellis");
            assertThat(page.locator("#person-nhs-number")).hasText("999 104 2113");
            assertThat(page.locator("#person-key-contacts")).containsText("George Ellis");
            assertThat(page.locator("#care-team")).containsText("Nina Patel");
            assertThat(page.locator("#care-team")).containsText("Sam Taylor");
            assertThat(page.locator("#care-team")).containsText("City Council Adult Social Care");
            assertThat(page.locator("#care-team")).containsText("Age Well Northbank");
            assertThat(page.locator(".plan-goal-own").first()).containsText("Staying in my own home with my cat");
            assertThat(page.locator(".plan-activities").first()).containsText("Heart failure monitoring at home");
            assertThat(page.locator("#open-tasks")).containsText("Check pressure area on left heel");
            assertThat(page.locator("#open-tasks .task-overdue")).hasCount(1);
            assertThat(page.locator("#withheld")).hasCount(0);
            page.locator("#why-can-i-see-this summary").click();
            assertThat(page.locator("#access-reasons"))
                    .containsText("You are a member of “Neighbourhood team for Margaret Ellis” as community nurse.");
            assertThat(page.locator("#access-reasons")).containsText("shares coordination information");
            screenshot(page, "person-margaret-ellis-nina-patel");
            assertAccessible(page, "Margaret Ellis's page for the nurse");

            // Stanley Hughes is on her caseload only through the referral to her trust.
            page.locator("#back-to-caseload").click();
            page.locator("#caseload-table a", new Page.LocatorOptions().setHasText("HUGHES, Stanley"))
                    .click();
            page.waitForURL(url -> url.contains("/people/"));
            assertThat(page.locator("#open-tasks")).containsText("Wound review after discharge");
            assertThat(page.locator("#open-tasks .task-unclaimed")).not().hasCount(0);
            page.locator("#why-can-i-see-this summary").click();
            assertThat(page.locator("#access-reasons"))
                    .containsText("The task “Wound review after discharge” is referred to Northbank Community"
                            + " Health Trust, your organisation. While it is open");
        }
    }

    @Test
    void socialWorkerIsToldWhatIsWithheldAndCannotOpenPeopleOffHisCaseload() throws IOException {
        String nina = workspace.keycloak().userToken("nina.patel");
        String margaret = patientId(MARGARET, nina);
        String arthur = patientId(ARTHUR, nina);

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(workspace.portalUrl() + "/");
            logInOnKeycloak(page, "sam.taylor");
            assertThat(page.locator("#caseload-table")).containsText("ELLIS, Margaret");

            page.navigate(workspace.portalUrl() + "/people/" + margaret);
            assertThat(page.locator("#person-name")).hasText("Margaret Ellis");
            assertThat(page.locator("#care-team")).containsText("Sam Taylor");
            assertThat(page.locator("#open-tasks")).isVisible();
            Locator withheld = page.locator("#withheld");
            assertThat(withheld).isVisible();
            assertThat(withheld).containsText("Some information is not shown to you");
            assertThat(withheld)
                    .containsText("items are not shown to you: clinical information from Riverside Medical Practice"
                            + " is shared with social care only with the person's agreement.");
            assertThat(withheld).not().containsText("Heart failure");
            page.locator("#why-can-i-see-this summary").click();
            assertThat(page.locator("#access-reasons"))
                    .containsText("You are a member of “Neighbourhood team for Margaret Ellis” as social worker.");
            screenshot(page, "person-margaret-ellis-sam-taylor");
            assertAccessible(page, "Margaret Ellis's page for the social worker");

            Response refused = page.navigate(workspace.portalUrl() + "/people/" + arthur);
            org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(403);
            assertThat(page.locator("#error-title")).hasText("You do not have access to this information");
            assertThat(page.locator("main")).not().containsText("Bennett");
            assertAccessible(page, "the 403 page");

            Response unknown = page.navigate(workspace.portalUrl() + "/people/no-such-person");
            org.assertj.core.api.Assertions.assertThat(unknown.status()).isEqualTo(404);
            assertThat(page.locator("#error-title")).hasText("Record not found");
            assertAccessible(page, "the 404 page");

            Response notAnId = page.navigate(workspace.portalUrl() + "/people/%3Cscript%3E");
            org.assertj.core.api.Assertions.assertThat(notAnId.status()).isEqualTo(404);
            assertThat(page.locator("#error-title")).hasText("Page not found");
        }
    }

    @Test
    void careCoordinatorIsToldSomethingRestrictedIsWithheldNotWhatAndChangesATaskFromThePage() throws IOException {
        String grace = workspace.keycloak().userToken("grace.lee");
        String daniel = patientId(DANIEL, grace);
        String description = "Arrange a review "
                + java.util.UUID.randomUUID().toString().substring(0, 8) + " <script>window.__pwned = 1</script>";
        createTask(grace, daniel, description);

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(workspace.portalUrl() + "/");
            logInOnKeycloak(page, "grace.lee");
            page.navigate(workspace.portalUrl() + "/people/" + daniel);
            assertThat(page.locator("#person-name")).hasText("Daniel Foster");

            Locator withheld = page.locator("#withheld");
            assertThat(withheld).isVisible();
            assertThat(withheld.locator(".withheld-restricted"))
                    .containsText("2 items are not shown to you: clinical information from Northbank Mental Health"
                            + " Trust is labelled restricted and is shown only to GPs and mental health"
                            + " practitioners.");
            assertThat(page.locator("main")).not().containsText("epress");
            assertThat(page.locator("main")).not().containsText("PHQ");

            Locator changes = page.locator("#recent-changes");
            assertThat(changes).containsText("Task added: " + description);
            assertThat(changes).containsText("Grace Lee");
            assertThat(changes).not().containsText("epress");
            org.assertj.core.api.Assertions.assertThat(page.evaluate("() => window.__pwned === undefined"))
                    .isEqualTo(true);
            screenshot(page, "person-daniel-foster-grace-lee");
            assertAccessible(page, "Daniel Foster's page for the care coordinator");

            Locator row = page.locator("#open-tasks tr.open-task", new Page.LocatorOptions().setHasText(description));
            row.locator("details.task-action summary", new Locator.LocatorOptions().setHasText("Escalate priority"))
                    .click();
            row.locator("textarea[id$=-escalate-reason]").fill("His mood has worsened this week.");
            row.locator("button[id$=-escalate-submit]").click();
            page.waitForURL(url -> url.contains("/people/" + daniel));
            assertThat(page.locator("#task-changed")).containsText("Priority raised");
            assertThat(page.locator("#recent-changes")).containsText("Task updated: " + description);
            org.assertj.core.api.Assertions.assertThat(page.evaluate("() => window.__pwned === undefined"))
                    .isEqualTo(true);
            assertAccessible(page, "Daniel Foster's page after a change");
        }
    }

    /** A new unassigned task for the person, asked for by the holder of the token (Grace Lee). */
    private static void createTask(String token, String patientId, String description) throws IOException {
        var task = JSON.createObjectNode()
                .put("resourceType", "Task")
                .put("status", "requested")
                .put("intent", "order")
                .put("priority", "routine")
                .put("description", description);
        task.putObject("for").put("reference", "Patient/" + patientId);
        task.putObject("requester").put("reference", "Practitioner/grace-lee");
        task.putArray("performerType").addObject().put("text", "Anyone in the team");
        HttpResponse<String> created;
        try {
            created = HTTP.send(
                    HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + "/Task"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/fhir+json")
                            .header("Accept", "application/fhir+json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(task.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        org.assertj.core.api.Assertions.assertThat(created.statusCode())
                .as(created.body())
                .isEqualTo(201);
    }

    private static List<String> rowNames(Page page) {
        return page.locator("#caseload-table tr.caseload-row .caseload-name").allInnerTexts().stream()
                .map(String::strip)
                .toList();
    }

    private static Locator row(Page page, String name) {
        return page.locator("#caseload-table tr.caseload-row", new Page.LocatorOptions().setHasText(name));
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

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/" + name + ".png"))
                .setFullPage(true));
    }

    /** How many people the server's narrowed Patient search gives this caller. */
    private static int serverCaseloadSize(String token) {
        try {
            HttpResponse<String> found = HTTP.send(
                    HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + "/Patient?_count=200&_total=accurate"))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "application/fhir+json")
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(found.statusCode())
                    .as(found.body())
                    .isEqualTo(200);
            return JSON.readTree(found.body()).path("entry").size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id of the Patient with this NHS number, found by a practitioner whose caseload holds them. */
    private static String patientId(String nhsNumber, String token) throws IOException {
        HttpResponse<String> found;
        try {
            found = HTTP.send(
                    HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + "/Patient?identifier="
                                    + URLEncoder.encode(NHS_NUMBER + "|" + nhsNumber, StandardCharsets.UTF_8)))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "application/fhir+json")
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        org.assertj.core.api.Assertions.assertThat(found.statusCode())
                .as(found.body())
                .isEqualTo(200);
        JsonNode entries = JSON.readTree(found.body()).path("entry");
        org.assertj.core.api.Assertions.assertThat(entries.size())
                .as("patients with NHS number " + nhsNumber)
                .isEqualTo(1);
        return entries.get(0).path("resource").path("id").asText();
    }
}
