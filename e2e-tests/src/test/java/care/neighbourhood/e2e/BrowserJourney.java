package care.neighbourhood.e2e;

import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every browser journey starts from: the one workspace the test run shares (Keycloak,
 * fhir-server, team-portal), and a headless Chromium of the journey's own, closed after it.
 */
abstract class BrowserJourney {

    static RunningWorkspace workspace;
    static Playwright playwright;
    static com.microsoft.playwright.Browser browser;

    @BeforeAll
    static void startWorkspaceAndBrowser() {
        workspace = RunningWorkspace.shared();
        playwright = Browser.playwright();
        browser = Browser.launch(playwright);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }
}
