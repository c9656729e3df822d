package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The council's social worker opens the team dashboard from the menu: its figures are the ones the
 * FHIR server gives him by other ways (his caseload's size, his team's open, overdue and unclaimed
 * tasks), the chart has a table beside it naming his council, a period that cannot be is explained
 * beside its fields, and the page passes WCAG 2.2 AA. The
 * information-governance officer, who has no caseload, is told the page is not for her.
 */
class DashboardJourneyTest extends BrowserJourney {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSocialWorkerSeesHisTeamsFiguresAsTheServerCountsThem() throws IOException {
        String sam = workspace.keycloak().userToken("sam.taylor");
        try (BrowserContext session = browser.newContext()) {
            Page page = session.newPage();
            Journeys.signIn(workspace, page, "sam.taylor", workspace.portalUrl() + "/");
            page.locator("#nav-dashboard").click();
            page.waitForURL(url -> url.endsWith("/dashboard"));

            assertThat(page.locator("#figure-open")).hasText(String.valueOf(total(sam, "/Task/$worklist?_count=1")));
            assertThat(page.locator("#figure-overdue"))
                    .hasText(String.valueOf(total(sam, "/Task/$worklist?overdue=true&_count=1")));
            assertThat(page.locator("#figure-unclaimed"))
                    .hasText(String.valueOf(total(sam, "/Task/$worklist?scope=unassigned&_count=1")));
            int caseload = total(sam, "/Patient?_summary=count");
            assertThat(page.locator("#caseload-heading")).containsText(caseload + " people on your caseload");
            assertThat(page.locator("#caseload-by-organisation")).containsText("City Council Adult Social Care");
            assertThat(page.locator("#caseload-chart svg")).hasCount(1);
            Journeys.assertAccessible(page, "the team dashboard");
            assertThat(page.locator("#times-to-claim")).containsText("Referral to claim");
            assertThat(page.locator("#task-times caption")).containsText(" to ");

            LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
            page.locator("#period-from").fill(today.plusDays(1).toString());
            page.locator("#period-to").fill(today.toString());
            page.locator("#period-apply").click();
            assertThat(page.locator("#period-error")).containsText("The first day must be on or before the last day.");
            assertThat(page.locator("#figure-open")).isVisible();
            Journeys.assertAccessible(page, "the team dashboard with a period that cannot be");

            page.locator("#figure-overdue + p a").click();
            page.waitForURL(url -> url.contains("/tasks") && url.contains("overdue=yes"));
            assertThat(page.locator("#board-heading")).isVisible();
        }
        try (BrowserContext session = browser.newContext()) {
            Page irene = session.newPage();
            Journeys.signIn(workspace, irene, "irene.walsh", workspace.portalUrl() + "/dashboard");
            assertThat(irene.locator("main")).containsText("team dashboard is for members");
            assertThat(irene.locator("#figure-open")).hasCount(0);
        }
    }

    private static int total(String token, String path) throws IOException {
        return JSON.readTree(Journeys.fhir(workspace, "GET", path, null, token).body())
                .path("total")
                .asInt(-1);
    }
}
