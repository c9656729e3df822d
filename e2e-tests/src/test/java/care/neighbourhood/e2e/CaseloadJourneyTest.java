package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Monday morning: the community nurse logs in through the real Keycloak login page, sees her caseload
 * read from the real FHIR server, and logs out, which also ends her Keycloak session.
 */
class CaseloadJourneyTest extends BrowserJourney {

    @Test
    void nurseLogsInSeesHerCaseloadAndLogsOut() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(workspace.portalUrl() + "/");

            logInOnKeycloak(page, "nina.patel");

            // Spring Security may add "?continue" when it replays the saved request.
            assertThat(page)
                    .hasURL(Pattern.compile("^" + workspace.portalUrl().replace(".", "\\.") + "/(\\?continue)?$"));
            Locator caseload = page.locator("#caseload-table");
            assertThat(caseload).isVisible();
            List<String> people = caseload.locator("tr.caseload-row .caseload-name").allInnerTexts().stream()
                    .map(String::strip)
                    .collect(Collectors.toList());
            org.assertj.core.api.Assertions.assertThat(people)
                    .as("people on Nina Patel's caseload")
                    .contains("ELLIS, Margaret", "BENNETT, Arthur", "FOSTER, Daniel")
                    .doesNotContain("MOORE, Edith", "JENKINS, Harold", "WHITFIELD, Rose");
            org.assertj.core.api.Assertions.assertThat(people)
                    .as("people referred to Northbank Community Health Trust by an open task")
                    .contains("HUGHES, Stanley", "FLETCHER, Joan");
            assertThat(page.locator("#caseload-heading")).containsText(people.size() + " people on your caseload");
            assertThat(page.locator("#signed-in-user")).containsText("Nina Patel");

            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(java.nio.file.Path.of("target/screenshots/caseload-nina-patel.png"))
                    .setFullPage(true));

            AxeResults accessibility = new AxeBuilder(page)
                    .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                    .analyze();
            org.assertj.core.api.Assertions.assertThat(accessibility.getViolations())
                    .as("accessibility violations on the caseload page")
                    .extracting(v -> v.getId() + ": " + v.getHelp())
                    .isEmpty();

            page.locator("#logout-button").click();
            page.waitForURL(url -> url.startsWith(workspace.portalUrl()));
            assertThat(page.locator("#login-button")).isVisible();

            // The Keycloak session ended too: logging in again asks for the password.
            page.locator("#login-button").click();
            page.waitForURL(url -> url.startsWith(workspace.keycloak().issuer()));
            assertThat(page.locator("#username")).isVisible();
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
}
