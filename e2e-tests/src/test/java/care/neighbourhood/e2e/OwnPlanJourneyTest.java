package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A person and her carer in the portal, against the real Keycloak and FHIR server. Margaret Ellis logs
 * in and lands on her own plan, in plain words, with its next steps and a word on what is not shown
 * there; she finds her team and how to reach them; she adds what matters to her and comments on an
 * activity, and her community nurse sees both in the Individual Plan. From her sharing choices she lets her son George see her plan (he
 * sees nothing of it before), stops sharing with Age Well (whose support worker is refused on his next
 * request), and withdraws both. Every page passes WCAG 2.2 AA.
 */
class OwnPlanJourneyTest extends BrowserJourney {

    private static final String MARGARET = "margaret-ellis";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void margaretAddsWhatMattersToHerAndSharesHerPlanWithGeorgeForAWhile() throws IOException {
        String words =
                "Seeing my grandson on Sundays " + UUID.randomUUID().toString().substring(0, 8);
        String margaretToken = workspace.keycloak().userToken("margaret.ellis");
        try (BrowserContext margaretSession = browser.newContext();
                BrowserContext ninaSession = browser.newContext();
                BrowserContext georgeSession = browser.newContext()) {
            Page margaret = margaretSession.newPage();
            Journeys.signIn(workspace, margaret, "margaret.ellis", workspace.portalUrl() + "/");
            margaret.waitForURL(url -> url.endsWith("/my/plan"));
            assertThat(margaret.locator("#own-plan-heading")).hasText("Your plan");
            assertThat(margaret.locator("#what-matters-list")).containsText("staying in my own home with my cat");
            assertThat(margaret.locator("#who-does-what")).isVisible();
            assertThat(margaret.locator("#nav-caseload")).hasCount(0);
            assertThat(margaret.locator("#next-steps")).containsText("Nina Patel will do this");
            assertThat(margaret.locator("#own-plan-withheld")).containsText("clinical information");
            Journeys.assertAccessible(margaret, "the person's own plan");

            margaret.locator("#nav-own-team").click();
            margaret.waitForURL(url -> url.endsWith("/my/team"));
            assertThat(margaret.locator(".own-team-member", new Page.LocatorOptions().setHasText("Nina Patel")))
                    .containsText("01632 960211");
            Journeys.assertAccessible(margaret, "the person's own team");
            margaret.locator("#nav-own-plan").click();
            margaret.waitForURL(url -> url.endsWith("/my/plan"));

            margaret.locator("#what-matters-add").click();
            assertThat(margaret.locator("#own-plan-problem")).containsText("Write what matters");
            Journeys.assertAccessible(margaret, "the person's own plan with a problem");
            margaret.locator("#what-matters-text").fill(words);
            margaret.locator("#what-matters-add").click();
            margaret.waitForURL(url -> url.endsWith("/my/plan"));
            assertThat(margaret.locator("#own-plan-saved")).containsText("The care team will see it");
            assertThat(margaret.locator("#what-matters-list")).containsText(words);

            String comment =
                    "Mornings suit me better " + UUID.randomUUID().toString().substring(0, 8);
            var activity = margaret.locator(".own-activity").first();
            activity.locator("summary").click();
            activity.locator("textarea[name=text]").fill(comment);
            activity.locator("button").click();
            margaret.waitForURL(url -> url.endsWith("/my/plan"));
            assertThat(margaret.locator("#own-plan-saved")).containsText("Your comment was added");
            assertThat(margaret.locator(".own-activity-comments").first()).containsText(comment);

            Page nina = ninaSession.newPage();
            Journeys.signIn(workspace, nina, "nina.patel", workspace.portalUrl() + "/people/" + MARGARET + "/plan");
            assertThat(nina.locator(".plan-goal", new Page.LocatorOptions().setHasText(words)))
                    .isVisible();
            assertThat(nina.locator(".activity-comments").first()).containsText("Margaret Ellis");
            assertThat(nina.locator(".activity-comments").first()).containsText(comment);

            Page george = georgeSession.newPage();
            Journeys.signIn(workspace, george, "george.ellis", workspace.portalUrl() + "/my/plan");
            assertThat(george.locator("#own-plan-not-shared")).containsText("has not shared their plan with you");
            Journeys.assertAccessible(george, "a carer's page before the plan is shared");

            // Margaret lets George see her plan, from her sharing choices
            margaret.locator("#nav-own-sharing").click();
            margaret.waitForURL(url -> url.endsWith("/my/sharing"));
            assertThat(margaret.locator("#by-default")).containsText("shared with the health staff");
            Journeys.assertAccessible(margaret, "the person's sharing choices");
            margaret.locator("#carer").selectOption("RelatedPerson/george-ellis");
            margaret.locator("#carer-submit").click();
            margaret.waitForURL(url -> url.endsWith("/my/sharing"));
            assertThat(margaret.locator("#sharing-effect")).containsText("George Ellis can now see your plan");
            assertThat(margaret.locator("#decisions")).containsText("You let George Ellis see your plan");

            george.reload();
            assertThat(george.locator("#own-plan-heading")).containsText("Margaret Ellis");
            assertThat(george.locator("#what-matters-list")).containsText(words);
            assertThat(george.locator("#nav-own-sharing")).hasCount(0);
            Journeys.assertAccessible(george, "a carer's view of the plan");

            // She stops sharing with Age Well: their support worker's next request is refused
            String plan = carePlanOf(margaretToken);
            org.assertj.core.api.Assertions.assertThat(status("/CarePlan/" + plan, "ben.carter"))
                    .isEqualTo(200);
            margaret.locator("#stop-organisation").selectOption("Organization/age-well");
            margaret.locator("#stop-submit").click();
            margaret.waitForURL(url -> url.endsWith("/my/sharing"));
            assertThat(margaret.locator("#sharing-effect"))
                    .containsText("Age Well Northbank will no longer see your plan");
            org.assertj.core.api.Assertions.assertThat(status("/CarePlan/" + plan, "ben.carter"))
                    .isEqualTo(403);
            Journeys.assertAccessible(margaret, "the sharing choices after two choices");

            // and withdraws both choices
            while (margaret.locator(".sharing-decision button").count() > 0) {
                margaret.locator(".sharing-decision button").first().click();
                margaret.waitForURL(url -> url.endsWith("/my/sharing"));
                assertThat(margaret.locator("#sharing-effect")).containsText("Withdrawn");
            }
            org.assertj.core.api.Assertions.assertThat(status("/CarePlan/" + plan, "ben.carter"))
                    .isEqualTo(200);
            george.reload();
            assertThat(george.locator("#own-plan-not-shared")).isVisible();
        } finally {
            closeGoalsSaying(words, workspace.keycloak().userToken("nina.patel"));
            withdrawEveryChoice(margaretToken);
        }
    }

    @Test
    void arthurSeesWhoHasLookedAtHisRecordWithAnEmergencyAccessAndItsReason() throws IOException {
        // Emergency access by the mental health practitioner, whom no other journey gives Arthur's
        // record (the audit reports journey proves the support worker has none before its own).
        String arthur = "arthur-bennett";
        org.assertj.core.api.Assertions.assertThat(status("/Patient/" + arthur, "nina.patel"))
                .isEqualTo(200);
        String reason = "Neighbour rang about a fall at the allotment "
                + UUID.randomUUID().toString().substring(0, 8);
        Journeys.fhir(
                workspace,
                "POST",
                "/Patient/" + arthur + "/$break-glass",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":"
                        + JSON.writeValueAsString(reason) + "}]}",
                workspace.keycloak().userToken("maya.okafor"));
        org.assertj.core.api.Assertions.assertThat(status("/Patient/" + arthur, "maya.okafor"))
                .isEqualTo(200);
        try (BrowserContext arthurSession =
                browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setAcceptDownloads(true))) {
            Page page = arthurSession.newPage();
            Journeys.signIn(workspace, page, "arthur.bennett", workspace.portalUrl() + "/my/access-log");
            assertThat(page.locator("#access-log-heading")).hasText("Who has looked at your record");
            assertThat(page.locator("#access-log-emergencies")).containsText("raise a concern");
            assertThat(page.locator(".access-log-emergency", new Page.LocatorOptions().setHasText(reason)))
                    .containsText("Northbank Mental Health Trust");
            assertThat(page.locator(".access-log-row", new Page.LocatorOptions().setHasText("Nina Patel"))
                            .first())
                    .containsText("They are in your care team");
            Journeys.assertAccessible(page, "who has looked at the person's record");

            var download =
                    page.waitForDownload(() -> page.locator("#access-log-csv").click());
            String csv = java.nio.file.Files.readString(download.path());
            org.assertj.core.api.Assertions.assertThat(csv)
                    .startsWith("When,Who,Role")
                    .contains(reason);

            page.locator("#access-log-from").fill("2026-12-31");
            page.locator("#access-log-to").fill("2026-01-01");
            page.locator("#access-log-show").click();
            assertThat(page.locator("#access-log-problem")).containsText("before its end");
            Journeys.assertAccessible(page, "who has looked, with a period the wrong way round");
        }
    }

    private static String carePlanOf(String margaretToken) throws IOException {
        return JSON.readTree(Journeys.fhir(workspace, "GET", "/CarePlan?status=active", null, margaretToken)
                        .body())
                .path("entry")
                .get(0)
                .path("resource")
                .path("id")
                .asText();
    }

    /** The status of a read by a persona, whatever it is. */
    private static int status(String path, String username) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(workspace.fhirBaseUrl() + path))
                                    .header(
                                            "Authorization",
                                            "Bearer " + workspace.keycloak().userToken(username))
                                    .header("Accept", "application/fhir+json")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Leaves Margaret's sharing as the sample has it: no choice of hers in force. */
    private static void withdrawEveryChoice(String margaretToken) throws IOException {
        JsonNode found = JSON.readTree(Journeys.fhir(
                        workspace,
                        "GET",
                        "/Consent?patient=Patient/" + MARGARET + "&status=active",
                        null,
                        margaretToken)
                .body());
        for (JsonNode entry : found.path("entry")) {
            ObjectNode consent = (ObjectNode) entry.path("resource").deepCopy();
            consent.put("status", "inactive");
            consent.remove("meta");
            Journeys.fhir(
                    workspace,
                    "PUT",
                    "/Consent/" + consent.path("id").asText(),
                    JSON.writeValueAsString(consent),
                    margaretToken);
        }
    }

    /** Leaves the sample as it was: the goal added here is closed by her nurse. */
    private static void closeGoalsSaying(String words, String ninaToken) throws IOException {
        JsonNode found = JSON.readTree(
                Journeys.fhir(workspace, "GET", "/Goal?patient=Patient/" + MARGARET + "&_count=100", null, ninaToken)
                        .body());
        for (JsonNode entry : found.path("entry")) {
            JsonNode goal = entry.path("resource");
            if (goal.path("description").path("text").asText("").contains(words)) {
                ObjectNode closed = ((ObjectNode) goal.deepCopy()).put("lifecycleStatus", "cancelled");
                closed.remove("meta");
                Journeys.fhir(
                        workspace,
                        "PUT",
                        "/Goal/" + goal.path("id").asText(),
                        JSON.writeValueAsString(closed),
                        ninaToken);
            }
        }
    }
}
