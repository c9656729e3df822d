package care.neighbourhood.e2e;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** What the browser journeys share: signing in on Keycloak, the WCAG check, finding a person's id. */
final class Journeys {

    static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Journeys() {}

    /** Signs in as {@code username} (password {@code neighbourhood}), then opens {@code then}. */
    static void signIn(RunningWorkspace workspace, Page page, String username, String then) {
        page.navigate(then);
        if (!page.url().startsWith(workspace.keycloak().issuer())) {
            page.locator("#login-button").click();
        }
        page.waitForURL(url -> url.startsWith(workspace.keycloak().issuer()));
        page.locator("#username").fill(username);
        page.locator("#password").fill("neighbourhood");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(workspace.portalUrl()));
        page.navigate(then);
    }

    static void assertAccessible(Page page, String what) {
        AxeResults accessibility = new AxeBuilder(page).withTags(WCAG_22_AA).analyze();
        org.assertj.core.api.Assertions.assertThat(accessibility.getViolations())
                .as("accessibility violations on " + what)
                .extracting(v -> v.getId() + ": " + v.getHelp())
                .isEmpty();
    }

    /** The Patient id of the person with this NHS number, as the holder of {@code token} finds it. */
    static String patientId(RunningWorkspace workspace, String nhsNumber, String token) throws IOException {
        HttpResponse<String> found = fhir(
                workspace,
                "GET",
                "/Patient?identifier=" + URLEncoder.encode(NHS_NUMBER + "|" + nhsNumber, StandardCharsets.UTF_8),
                null,
                token);
        JsonNode entries = JSON.readTree(found.body()).path("entry");
        org.assertj.core.api.Assertions.assertThat(entries.size()).isEqualTo(1);
        return entries.get(0).path("resource").path("id").asText();
    }

    /** A FHIR call that must succeed (200 or 201). */
    static HttpResponse<String> fhir(RunningWorkspace workspace, String method, String path, String body, String token)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(workspace.fhirBaseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(30));
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/fhir+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(response.statusCode())
                    .as(response.body())
                    .isBetween(200, 201);
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
