package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Care team management against the real Keycloak and FHIR server. The community nurse adds the Age
 * Well support worker to Daniel Foster's care team and is told that he may now see Daniel's record;
 * he opens it, and sees the team but is offered no changes (his role may not change care teams). The
 * care coordinator had the page open before that change: her own change is refused, explained, and
 * what she entered is still in the form. The nurse then ends the support worker's membership, is told
 * he may no longer see the record, and his next request is refused. Every page passes WCAG 2.2 AA.
 */
class CareTeamJourneyTest extends BrowserJourney {

    /** Daniel Foster: Maya Okafor, Omar Hassan, Grace Lee and Northbank Community in his care team. */
    private static final String DANIEL = "9993158720";

    @Test
    void aMemberAddedCanOpenThePersonAndOneEndedIsRefusedOnTheNextRequest() throws IOException {
        String daniel =
                Journeys.patientId(workspace, DANIEL, workspace.keycloak().userToken("nina.patel"));
        String careTeamPage = workspace.portalUrl() + "/people/" + daniel + "/care-team";
        try (BrowserContext ninaSession = browser.newContext();
                BrowserContext graceSession = browser.newContext();
                BrowserContext benSession = browser.newContext()) {
            Page ben = benSession.newPage();
            Journeys.signIn(workspace, ben, "ben.carter", workspace.portalUrl() + "/");
            Response before = ben.navigate(workspace.portalUrl() + "/people/" + daniel);
            org.assertj.core.api.Assertions.assertThat(before.status())
                    .as("Daniel Foster is not on the support worker's caseload yet")
                    .isEqualTo(403);

            // The care coordinator opens the care team page and leaves it open.
            Page grace = graceSession.newPage();
            Journeys.signIn(workspace, grace, "grace.lee", careTeamPage);
            assertThat(grace.locator("#add-form")).isVisible();

            // The nurse goes from Daniel's page to his care team, and adds Ben Carter.
            Page nina = ninaSession.newPage();
            Journeys.signIn(workspace, nina, "nina.patel", workspace.portalUrl() + "/people/" + daniel);
            nina.locator("#care-team-link").click();
            nina.waitForURL(url -> url.endsWith("/care-team"));
            assertThat(nina.locator("#care-team-warning")).containsText("changes who may see the record");
            assertThat(nina.locator("#care-team-members")).containsText("Maya Okafor");
            Journeys.assertAccessible(nina, "the care team page");

            nina.locator("#add-member").selectOption("PractitionerRole/ben-carter-role");
            nina.locator("#add-role").selectOption("support-worker");
            nina.locator("#add-start")
                    .fill(LocalDate.now(ZoneId.of("Europe/London")).minusDays(7).toString());
            nina.locator("#add-submit").click();
            nina.waitForURL(url -> url.endsWith("/care-team"));
            assertThat(nina.locator("#care-team-saved-text")).containsText("Ben Carter was added to the care team");
            assertThat(nina.locator("#access-gained")).containsText("Ben Carter (Age Well Northbank)");
            assertThat(nina.locator("#care-team-members")).containsText("Ben Carter");
            Journeys.assertAccessible(nina, "the care team page after a change");

            // The support worker may now open Daniel's page, and sees the team without forms.
            Response after = ben.navigate(workspace.portalUrl() + "/people/" + daniel);
            org.assertj.core.api.Assertions.assertThat(after.status()).isEqualTo(200);
            assertThat(ben.locator("#person-name")).hasText("Daniel Foster");
            ben.navigate(careTeamPage);
            assertThat(ben.locator("#care-team-read-only")).containsText("Your role cannot change care teams");
            org.assertj.core.api.Assertions.assertThat(ben.locator("#add-form").count())
                    .isZero();
            Journeys.assertAccessible(ben, "the care team page for a role that may not change it");

            // The coordinator's page is one version behind: her change is refused, and kept.
            grace.locator("#add-member").selectOption("Organization/age-well");
            grace.locator("#add-role").selectOption("organisation");
            grace.locator("#add-submit").click();
            assertThat(grace.locator("#care-team-problem")).containsText("Someone else changed this care team");
            assertThat(grace.locator("#care-team-problem")).containsText("Nothing you entered was saved");
            assertThat(grace.locator("#add-member")).hasValue("Organization/age-well");
            assertThat(grace.locator("#care-team-members")).containsText("Ben Carter");
            Journeys.assertAccessible(grace, "the care team page after a conflicting change");

            // The nurse ends Ben Carter's membership as of yesterday: his access ends now.
            String yesterday =
                    LocalDate.now(ZoneId.of("Europe/London")).minusDays(1).toString();
            var endBen = nina.locator("details.end-membership[data-member='Practitioner/ben-carter']");
            endBen.locator("summary").click();
            endBen.locator("input[name=end]").fill(yesterday);
            endBen.locator("button[type=submit]").click();
            assertThat(nina.locator("#error-summary")).containsText("Enter why the membership ends");
            Journeys.assertAccessible(nina, "the care team page with a problem in a form");
            var endBenAgain = nina.locator("details.end-membership[data-member='Practitioner/ben-carter']");
            endBenAgain.locator("textarea[name=reason]").fill("Support plan finished");
            endBenAgain.locator("button[type=submit]").click();
            nina.waitForURL(url -> url.endsWith("/care-team"));
            assertThat(nina.locator("#access-lost")).containsText("Ben Carter (Age Well Northbank)");
            org.assertj.core.api.Assertions.assertThat(
                            nina.locator("#care-team-members").innerText())
                    .doesNotContain("Ben Carter");

            Response ended = ben.navigate(workspace.portalUrl() + "/people/" + daniel);
            org.assertj.core.api.Assertions.assertThat(ended.status())
                    .as("the support worker's next request after his membership ended")
                    .isEqualTo(403);
        }
    }
}
