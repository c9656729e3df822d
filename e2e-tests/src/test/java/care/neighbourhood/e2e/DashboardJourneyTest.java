package care.neighbourhood.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The council's social worker opens the team dashboard from the menu: its figures are the ones the
 * FHIR server gives him by other ways (his caseload's size, his team's open, overdue and unclaimed
 * tasks), a referral he makes to the voluntary sector and a goal met show at once among the hand-offs
 * and goals, the chart has a table beside it naming his council, a period that cannot be is explained
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

            // A referral from the council to Age Well, and a goal met, show at once.
            int handOffsBefore = handOffsThisWeek(page, "Social care to voluntary sector");
            int metBefore = Integer.parseInt(
                    page.locator("#figure-goals-met").textContent().strip());
            int openBefore = Integer.parseInt(
                    page.locator("#figure-goals-open").textContent().strip());
            JsonNode goal = JSON.readTree(
                            Journeys.fhir(workspace, "GET", "/Goal?lifecycle-status=active&_count=1", null, sam)
                                    .body())
                    .path("entry")
                    .get(0)
                    .path("resource");
            String person = goal.path("subject").path("reference").asText();
            ObjectNode met = goal.deepCopy();
            met.put("lifecycleStatus", "completed");
            met.putObject("achievementStatus")
                    .putArray("coding")
                    .addObject()
                    .put("system", "http://terminology.hl7.org/CodeSystem/goal-achievement")
                    .put("code", "achieved");
            met.remove("meta");
            Journeys.fhir(workspace, "PUT", "/Goal/" + goal.path("id").asText(), JSON.writeValueAsString(met), sam);
            String referral = JSON.readTree(Journeys.fhir(
                                    workspace,
                                    "POST",
                                    "/Task",
                                    JSON.writeValueAsString(JSON.createObjectNode()
                                            .put("resourceType", "Task")
                                            .put("status", "requested")
                                            .put("intent", "order")
                                            .put("description", "Dashboard hand-off check")
                                            .put(
                                                    "authoredOn",
                                                    java.time.OffsetDateTime.now()
                                                            .format(
                                                                    java.time.format.DateTimeFormatter
                                                                            .ISO_OFFSET_DATE_TIME))
                                            .<ObjectNode>set(
                                                    "for",
                                                    JSON.createObjectNode().put("reference", person))
                                            .<ObjectNode>set(
                                                    "requester",
                                                    JSON.createObjectNode().put("reference", "Practitioner/sam-taylor"))
                                            .set(
                                                    "owner",
                                                    JSON.createObjectNode().put("reference", "Organization/age-well"))),
                                    sam)
                            .body())
                    .path("id")
                    .asText();
            try {
                page.reload();
                assertThat(page.locator("#figure-goals-met")).hasText(String.valueOf(metBefore + 1));
                assertThat(page.locator("#figure-goals-open")).hasText(String.valueOf(openBefore - 1));
                org.assertj.core.api.Assertions.assertThat(handOffsThisWeek(page, "Social care to voluntary sector"))
                        .isEqualTo(handOffsBefore + 1);
                assertThat(page.locator("#hand-offs-chart svg")).hasCount(1);
                Journeys.assertAccessible(page, "the team dashboard with hand-offs and goals");
            } finally {
                ObjectNode restored = goal.deepCopy();
                restored.remove("meta");
                Journeys.fhir(
                        workspace, "PUT", "/Goal/" + goal.path("id").asText(), JSON.writeValueAsString(restored), sam);
                ObjectNode task =
                        (ObjectNode) JSON.readTree(Journeys.fhir(workspace, "GET", "/Task/" + referral, null, sam)
                                .body());
                task.put("status", "cancelled");
                Journeys.fhir(workspace, "PUT", "/Task/" + referral, JSON.writeValueAsString(task), sam);
            }

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

    /** The hand-offs of this week in the direction named, from the dashboard's table (0 without a row). */
    private static int handOffsThisWeek(Page page, String direction) {
        String monday = LocalDate.now(ZoneId.of("Europe/London"))
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
                .format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK));
        var rows = page.locator("#hand-offs tbody tr");
        for (int i = 0; i < rows.count(); i++) {
            var cells = rows.nth(i).locator("td");
            if (cells.nth(0).textContent().strip().equals(monday)
                    && cells.nth(1).textContent().strip().equals(direction)) {
                return Integer.parseInt(cells.nth(2).textContent().strip());
            }
        }
        return 0;
    }

    private static int total(String token, String path) throws IOException {
        return JSON.readTree(Journeys.fhir(workspace, "GET", path, null, token).body())
                .path("total")
                .asInt(-1);
    }
}
