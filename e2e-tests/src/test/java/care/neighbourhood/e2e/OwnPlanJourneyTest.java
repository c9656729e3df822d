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
 * there; she finds her team and how to reach them; she adds what matters to her, and her community
 * nurse sees it in the Individual Plan. Her son George sees nothing of it until she shares her record with
 * him, and nothing again once she withdraws that. Every page passes WCAG 2.2 AA.
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

            Page nina = ninaSession.newPage();
            Journeys.signIn(workspace, nina, "nina.patel", workspace.portalUrl() + "/people/" + MARGARET + "/plan");
            assertThat(nina.locator(".plan-goal", new Page.LocatorOptions().setHasText(words)))
                    .isVisible();

            Page george = georgeSession.newPage();
            Journeys.signIn(workspace, george, "george.ellis", workspace.portalUrl() + "/my/plan");
            assertThat(george.locator("#own-plan-not-shared")).containsText("has not shared their plan with you");
            Journeys.assertAccessible(george, "a carer's page before the plan is shared");

            String consent = shareWithGeorge(margaretToken);
            try {
                george.reload();
                assertThat(george.locator("#own-plan-heading")).containsText("Margaret Ellis");
                assertThat(george.locator("#what-matters-list")).containsText(words);
                Journeys.assertAccessible(george, "a carer's view of the plan");
            } finally {
                withdraw(consent, margaretToken);
            }
            george.reload();
            assertThat(george.locator("#own-plan-not-shared")).isVisible();
        } finally {
            closeGoalsSaying(words, workspace.keycloak().userToken("nina.patel"));
        }
    }

    /** Margaret permits George her coordination record (the sharing choices page will make this). */
    private static String shareWithGeorge(String margaretToken) throws IOException {
        String consent = "{\"resourceType\":\"Consent\",\"status\":\"active\","
                + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\","
                + "\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/" + MARGARET + "\"},\"dateTime\":\"2026-11-01T10:00:00Z\","
                + "\"performer\":[{\"reference\":\"Patient/" + MARGARET + "\"}],"
                + "\"policyRule\":{\"text\":\"George may see my plan\"},"
                + "\"provision\":{\"type\":\"permit\",\"actor\":[{\"role\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
                + "\"reference\":{\"reference\":\"RelatedPerson/george-ellis\"}}],"
                + "\"class\":[{\"system\":\"https://neighbourhood.example/fhir/CodeSystem/data-class\","
                + "\"code\":\"coordination\"}]}}";
        return JSON.readTree(Journeys.fhir(workspace, "POST", "/Consent", consent, margaretToken)
                        .body())
                .path("id")
                .asText();
    }

    private static void withdraw(String consentId, String margaretToken) throws IOException {
        ObjectNode consent =
                (ObjectNode) JSON.readTree(Journeys.fhir(workspace, "GET", "/Consent/" + consentId, null, margaretToken)
                        .body());
        consent.put("status", "inactive");
        consent.remove("meta");
        Journeys.fhir(workspace, "PUT", "/Consent/" + consentId, JSON.writeValueAsString(consent), margaretToken);
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
