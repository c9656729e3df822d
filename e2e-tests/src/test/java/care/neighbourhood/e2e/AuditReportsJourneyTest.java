package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The information-governance officer's morning: the trail already holds what the team did (a nurse
 * read Margaret Ellis's record, a social worker read it across the sector boundary, a support worker
 * was refused Arthur Bennett's record and then asserted emergency access to it). Irene Walsh logs in
 * on the real Keycloak page, lands on the audit reports, answers who saw Margaret's record, looks at
 * cross-boundary and denied accesses, records her decision on the emergency access and reads the
 * sharing agreement; every report page passes the WCAG 2.2 AA checks. A nurse who opens the reports
 * is turned away with a readable page.
 *
 * <p>The data comes from the sample neighbourhood through the FHIR API, with the personas' own
 * tokens: ids are looked up by NHS number by a practitioner whose caseload holds the person.
 */
class AuditReportsJourneyTest extends BrowserJourney {

    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    /** Margaret Ellis: on the caseloads of Nina Patel and Sam Taylor. */
    private static final String MARGARET = "9991042113";
    /** Arthur Bennett: on Nina Patel's caseload, not on Ben Carter's (Age Well is not in his care team). */
    private static final String ARTHUR = "9992204176";

    private static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void igOfficerAnswersWhoSawARecordAndReviewsAnEmergencyAccess() throws IOException {
        String nina = workspace.keycloak().userToken("nina.patel");
        String sam = workspace.keycloak().userToken("sam.taylor");
        String ben = workspace.keycloak().userToken("ben.carter");

        // What the team did: each request leaves its audit event.
        String margaret = patientId(MARGARET, nina);
        org.assertj.core.api.Assertions.assertThat(
                        fhir("GET", "/Patient/" + margaret, sam, null).statusCode())
                .as("the social worker reads Margaret's record (social care reading health's record)")
                .isEqualTo(200);
        String arthur = patientId(ARTHUR, nina);
        org.assertj.core.api.Assertions.assertThat(
                        fhir("GET", "/Patient/" + arthur, ben, null).statusCode())
                .as("the support worker has no relationship with Arthur")
                .isEqualTo(403);
        String reason = "Out-of-hours call from his neighbour about a fall (journey " + UUID.randomUUID() + ")";
        HttpResponse<String> breakGlass = fhir(
                "POST",
                "/Patient/" + arthur + "/$break-glass",
                ben,
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":"
                        + JSON.writeValueAsString(reason) + "}]}");
        org.assertj.core.api.Assertions.assertThat(breakGlass.statusCode())
                .as(breakGlass.body())
                .isEqualTo(200);
        String reviewTaskId = reviewTaskOf(JSON.readTree(breakGlass.body()));
        org.assertj.core.api.Assertions.assertThat(
                        fhir("GET", "/Patient/" + arthur, ben, null).statusCode())
                .as("the support worker reads Arthur's record under the emergency access")
                .isEqualTo(200);

        try (BrowserContext context =
                browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setAcceptDownloads(true))) {
            Page page = context.newPage();
            page.navigate(workspace.portalUrl() + "/");
            logInOnKeycloak(page, "irene.walsh");

            // Her start page is the audit reports, not a caseload she does not have.
            page.waitForURL(url -> url.startsWith(workspace.portalUrl() + "/audit"));
            assertThat(page.locator("#audit-heading")).hasText("Audit reports");
            assertThat(page.locator("#nav-audit")).isVisible();
            assertThat(page.locator("#nav-caseload")).hasCount(0);
            assertAccessible(page, "audit reports");

            // Who saw Margaret's record, and why.
            page.locator("#report-person").click();
            page.locator("#nhs").fill("999 104 2113");
            page.locator("#show-person-report").click();
            Locator accesses = page.locator("#person-table");
            assertThat(accesses).isVisible();
            assertThat(accesses).containsText("nina.patel");
            assertThat(accesses).containsText("sam.taylor");
            assertThat(accesses).containsText("Northbank Community Health Trust");
            assertAccessible(page, "who saw a person's record");
            screenshot(page, "audit-person");

            Download download =
                    page.waitForDownload(() -> page.locator("#download-csv").click());
            org.assertj.core.api.Assertions.assertThat(download.suggestedFilename())
                    .startsWith("audit-person-" + MARGARET)
                    .endsWith(".csv");
            String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThat(csv)
                    .startsWith("When,Who,Practitioner,Organisation,Role")
                    .contains("nina.patel", "sam.taylor");

            // An NHS number that is not one is explained, not searched for.
            page.locator("#nhs").fill("12345");
            page.locator("#show-person-report").click();
            assertThat(page.locator("#error-summary")).containsText("Enter an NHS number with 10 digits");
            assertAccessible(page, "who saw a person's record, with an error");

            // Across sector boundaries: a chart and the same numbers as a table.
            page.navigate(workspace.portalUrl() + "/audit/cross-boundary");
            assertThat(page.locator("#cross-boundary-chart")).isVisible();
            Locator crossBoundary = page.locator("#cross-boundary-table");
            assertThat(crossBoundary).isVisible();
            assertThat(crossBoundary).containsText("City Council Adult Social Care");
            assertThat(crossBoundary).containsText("Age Well Northbank");
            assertAccessible(page, "access across sector boundaries");
            screenshot(page, "audit-cross-boundary");

            // Denied: the support worker's refused read of Arthur.
            page.navigate(workspace.portalUrl() + "/audit/denied");
            Locator denied = page.locator("#denied-table");
            assertThat(denied).isVisible();
            assertThat(denied).containsText("ben.carter");
            assertThat(denied).containsText("Patient/" + arthur);
            assertAccessible(page, "denied accesses");

            // The emergency access waits for review; Irene refers it for investigation.
            page.navigate(workspace.portalUrl() + "/audit/break-glass");
            Locator review = page.locator("#review-" + reviewTaskId);
            assertThat(review).isVisible();
            assertThat(review).containsText(reason);
            assertThat(review).containsText("ben.carter");
            assertAccessible(page, "emergency accesses to review");
            screenshot(page, "audit-break-glass");

            review.getByLabel("Refer for investigation").check();
            review.locator("textarea").fill("No emergency on the night: referred to the Caldicott guardian.");
            review.locator("button.record-review").click();
            assertThat(page.locator("#review-recorded")).containsText("Review recorded");
            assertThat(page.locator("#review-" + reviewTaskId)).hasCount(0);
            assertAccessible(page, "emergency accesses to review, after a decision");

            // The agreement the server enforces.
            page.navigate(workspace.portalUrl() + "/audit/agreement");
            assertThat(page.locator("#agreement-version")).not().isEmpty();
            assertThat(page.locator("#data-classes-table")).containsText("clinical");
            assertThat(page.locator("#agreement-document")).containsText("dataClasses:");
            assertAccessible(page, "data-sharing agreement");
        }

        // The decision reached the shared record: the review Task is completed.
        String irene = workspace.keycloak().userToken("irene.walsh");
        HttpResponse<String> task = fhir("GET", "/Task/" + reviewTaskId, irene, null);
        org.assertj.core.api.Assertions.assertThat(task.statusCode())
                .as(task.body())
                .isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(
                        JSON.readTree(task.body()).path("status").asText())
                .isEqualTo("completed");
    }

    @Test
    void aNurseOpeningTheAuditReportsIsTurnedAwayWithAReadablePage() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(workspace.portalUrl() + "/");
            logInOnKeycloak(page, "nina.patel");
            assertThat(page.locator("#caseload-table")).isVisible();
            assertThat(page.locator("#nav-audit")).hasCount(0);

            Response response = page.navigate(workspace.portalUrl() + "/audit");

            org.assertj.core.api.Assertions.assertThat(response.status()).isEqualTo(403);
            assertThat(page.locator("#error-summary"))
                    .containsText("These reports are for information-governance officers.");
            assertThat(page.locator("#nav-audit")).hasCount(0);
            org.assertj.core.api.Assertions.assertThat(page.content())
                    .doesNotContain("Exception")
                    .doesNotContain("Whitelabel");
            assertAccessible(page, "the refusal of the audit reports");
        }
    }

    private void logInOnKeycloak(Page page, String username) {
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
        AxeResults results = new AxeBuilder(page).withTags(WCAG_22_AA).analyze();
        org.assertj.core.api.Assertions.assertThat(results.getViolations())
                .as("accessibility violations on " + what)
                .extracting(violation -> violation.getId() + ": " + violation.getHelp())
                .isEmpty();
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/" + name + ".png"))
                .setFullPage(true));
    }

    /** The Patient id of the person with this NHS number, as a practitioner with a relationship finds it. */
    private static String patientId(String nhsNumber, String token) throws IOException {
        HttpResponse<String> found = fhir(
                "GET",
                "/Patient?identifier=" + URLEncoder.encode(NHS_NUMBER + "|" + nhsNumber, StandardCharsets.UTF_8),
                token,
                null);
        org.assertj.core.api.Assertions.assertThat(found.statusCode())
                .as(found.body())
                .isEqualTo(200);
        JsonNode entries = JSON.readTree(found.body()).path("entry");
        org.assertj.core.api.Assertions.assertThat(entries.size())
                .as("patients with NHS number " + nhsNumber)
                .isEqualTo(1);
        return entries.get(0).path("resource").path("id").asText();
    }

    /** The id of the review Task from the answer of {@code $break-glass}. */
    private static String reviewTaskOf(JsonNode parameters) {
        for (JsonNode parameter : parameters.path("parameter")) {
            if ("reviewTask".equals(parameter.path("name").asText())) {
                String reference =
                        parameter.path("valueReference").path("reference").asText();
                return reference.substring(reference.lastIndexOf('/') + 1);
            }
        }
        throw new AssertionError("no reviewTask in the answer of $break-glass: " + parameters);
    }

    private static HttpResponse<String> fhir(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/fhir+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("FHIR server did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
