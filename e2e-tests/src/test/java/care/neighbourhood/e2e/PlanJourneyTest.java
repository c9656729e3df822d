package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Individual Plan edited together, against the real Keycloak and FHIR server. The care
 * coordinator and the community nurse open Eileen Murphy's plan at the same time; the coordinator
 * rewords what matters to Eileen, and the nurse's change to the same goal, made on the page she had
 * open, is refused: she sees the saved words beside hers, and hers are still in the form. The
 * coordinator adds an activity and gives it to the council, whose social worker finds it on his
 * triage board. Every page passes WCAG 2.2 AA.
 */
class PlanJourneyTest extends BrowserJourney {

    /** Eileen Murphy: Nina Patel and Grace Lee in her care team; not on the council's caseload. */
    private static final String EILEEN = "9991156283";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoEditorsOfOneGoalAreToldAndAnActivityGivenToTheCouncilReachesItsBoard() throws IOException {
        String eileen =
                Journeys.patientId(workspace, EILEEN, workspace.keycloak().userToken("nina.patel"));
        String planPage = workspace.portalUrl() + "/people/" + eileen + "/plan";
        String marker =
                "Handrail for the back step " + UUID.randomUUID().toString().substring(0, 8);
        try (BrowserContext graceSession = browser.newContext();
                BrowserContext ninaSession = browser.newContext();
                BrowserContext samSession = browser.newContext()) {
            Page grace = graceSession.newPage();
            Journeys.signIn(workspace, grace, "grace.lee", workspace.portalUrl() + "/people/" + eileen);
            grace.locator("#plan-link").click();
            grace.waitForURL(url -> url.endsWith("/plan"));
            Page nina = ninaSession.newPage();
            Journeys.signIn(workspace, nina, "nina.patel", planPage);
            Journeys.assertAccessible(grace, "the plan page");

            var graceGoal = grace.locator(".plan-goal").first();
            String original = graceGoal.locator(".goal-text").innerText();
            org.assertj.core.api.Assertions.assertThat(original).contains("with my family around me");
            graceGoal
                    .locator(
                            "summary",
                            new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Change the goal"))
                    .click();
            graceGoal
                    .locator("textarea[name=text]")
                    .fill("Being at home, comfortable, with my family and my dog around me");
            graceGoal
                    .locator(
                            "button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Save the goal"))
                    .click();
            grace.waitForURL(url -> url.endsWith("/plan"));
            assertThat(grace.locator("#plan-saved-text")).hasText("The goal was saved.");

            var ninaGoal = nina.locator(".plan-goal").first();
            ninaGoal.locator(
                            "summary",
                            new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Change the goal"))
                    .click();
            ninaGoal.locator("textarea[name=text]").fill("Being at home with my family, and pain kept under control");
            ninaGoal.locator(
                            "button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Save the goal"))
                    .click();
            assertThat(nina.locator("#plan-problem")).containsText("changed this goal after you opened it");
            assertThat(nina.locator("#plan-theirs"))
                    .hasText("Being at home, comfortable, with my family and my dog around me");
            assertThat(nina.locator("#plan-yours"))
                    .hasText("Being at home with my family, and pain kept under control");
            assertThat(nina.locator(".plan-goal").first().locator("textarea[name=text]"))
                    .hasValue("Being at home with my family, and pain kept under control");
            Journeys.assertAccessible(nina, "the plan page after a conflicting change");

            // The coordinator adds an activity and gives it to the council.
            grace.locator("#add-activity summary").click();
            grace.locator("#activity-what").fill(marker);
            grace.locator("#activity-organisation").selectOption("Organization/age-well");
            grace.locator("#activity-due")
                    .fill(LocalDate.now(ZoneId.of("Europe/London")).plusDays(14).toString());
            grace.locator("#add-activity-submit").click();
            grace.waitForURL(url -> url.endsWith("/plan"));
            assertThat(grace.locator("#plan-saved-text")).hasText("The activity was added to the plan.");
            var activity = grace.locator(".plan-activity", new Page.LocatorOptions().setHasText(marker));
            assertThat(activity).containsText("Who: Age Well Northbank.");
            activity.locator(
                            "summary",
                            new com.microsoft.playwright.Locator.LocatorOptions()
                                    .setHasText("Give to another organisation"))
                    .click();
            activity.locator("select[name=organisation]").selectOption("Organization/city-council-asc");
            activity.locator("textarea[name=reason]").fill("Please fit a handrail before the weekend");
            activity.locator(
                            "button",
                            new com.microsoft.playwright.Locator.LocatorOptions()
                                    .setHasText("Give to the organisation"))
                    .click();
            grace.waitForURL(url -> url.endsWith("/plan"));
            assertThat(grace.locator("#plan-saved-text")).containsText("City Council Adult Social Care");
            assertThat(grace.locator(".plan-activity", new Page.LocatorOptions().setHasText(marker)))
                    .containsText("Who: City Council Adult Social Care.");
            Journeys.assertAccessible(grace, "the plan page after giving an activity away");

            Page sam = samSession.newPage();
            Journeys.signIn(workspace, sam, "sam.taylor", workspace.portalUrl() + "/tasks?scope=organisation");
            assertThat(sam.locator("body")).containsText(marker + ": Please fit a handrail before the weekend");

            // Leave the sample data as it was: the goal's words, and no open task for the council.
            var restore = grace.locator(".plan-goal").first();
            restore.locator(
                            "summary",
                            new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Change the goal"))
                    .click();
            restore.locator("textarea[name=text]").fill(original);
            restore.locator("button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Save the goal"))
                    .click();
            assertThat(grace.locator("#plan-saved-text")).hasText("The goal was saved.");
            cancelTasksDescribed(marker, workspace.keycloak().userToken("sam.taylor"));
        }
    }

    private static void cancelTasksDescribed(String marker, String token) throws IOException {
        JsonNode found = JSON.readTree(Journeys.fhir(
                        workspace,
                        "GET",
                        "/Task?owner=Organization/city-council-asc&status=requested&_count=100",
                        null,
                        token)
                .body());
        for (JsonNode entry : found.path("entry")) {
            JsonNode task = entry.path("resource");
            if (task.path("description").asText("").startsWith(marker)) {
                var changed =
                        ((com.fasterxml.jackson.databind.node.ObjectNode) task.deepCopy()).put("status", "cancelled");
                changed.remove("meta");
                Journeys.fhir(
                        workspace, "PUT", "/Task/" + task.path("id").asText(), JSON.writeValueAsString(changed), token);
            }
        }
    }
}
