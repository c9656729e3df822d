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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The care coordinator schedules a team meeting with the council's social worker and the community
 * nurse, with three people to discuss; the meeting records a discussion of each and four decisions,
 * made Tasks in one transaction, which reach each owner's triage board. The social worker sees the
 * meeting with the people on his own caseload and, for the one who is not, "one more person, not
 * shared with you". Someone not on the coordinator's caseload cannot be put on the agenda. Every page
 * passes WCAG 2.2 AA.
 */
class MeetingJourneyTest extends BrowserJourney {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EDITH_NHS_NUMBER = "9994077333"; // on nobody's caseload

    @Test
    void aMeetingOfThreePeopleMakesOwnedTasksThatEachAttendeeSeesAsFarAsTheirCaseloadGoes() throws IOException {
        String graceToken = workspace.keycloak().userToken("grace.lee");
        Set<String> samsPeople = nhsNumbers(workspace.keycloak().userToken("sam.taylor"));
        List<String> shared = new ArrayList<>();
        String notShared = null;
        for (String number : nhsNumbers(graceToken)) {
            if (samsPeople.contains(number) && shared.size() < 2) {
                shared.add(number);
            } else if (!samsPeople.contains(number) && notShared == null) {
                notShared = number;
            }
        }
        org.assertj.core.api.Assertions.assertThat(shared)
                .as("two people both care for")
                .hasSize(2);
        org.assertj.core.api.Assertions.assertThat(notShared)
                .as("one the council does not care for")
                .isNotNull();
        String marker = "MDT " + UUID.randomUUID().toString().substring(0, 8);
        String tomorrow = LocalDate.now(ZoneId.of("Europe/London")).plusDays(1).toString();
        String meetingUrl;
        try (BrowserContext session = browser.newContext()) {
            Page grace = session.newPage();
            Journeys.signIn(workspace, grace, "grace.lee", workspace.portalUrl() + "/");
            grace.locator("#nav-meetings").click();
            grace.waitForURL(url -> url.endsWith("/meetings"));
            Journeys.assertAccessible(grace, "the list of team meetings");
            grace.locator("#schedule-meeting").click();
            grace.waitForURL(url -> url.endsWith("/meetings/new"));
            Journeys.assertAccessible(grace, "the scheduling form");

            grace.locator("#meeting-title").fill(marker);
            grace.locator("#meeting-date").fill(tomorrow);
            grace.locator("#meeting-time").fill("14:00");
            grace.locator("input[name=attendee][value='PractitionerRole/sam-taylor-role']")
                    .check();
            grace.locator("input[name=attendee][value='PractitionerRole/nina-patel-role']")
                    .check();
            grace.locator("#meeting-people").fill(String.join("\n", shared.get(0), EDITH_NHS_NUMBER));
            grace.locator("#schedule-submit").click();
            assertThat(grace.locator("#meeting-problem-text")).containsText("999 407 7333");
            Journeys.assertAccessible(grace, "the scheduling form with someone not on the caseload");

            grace.locator("#meeting-people").fill(String.join("\n", shared.get(0), shared.get(1), notShared));
            grace.locator("#schedule-submit").click();
            grace.waitForURL(url -> url.matches(".*/meetings/[A-Za-z0-9.-]+$"));
            meetingUrl = grace.url();
            assertThat(grace.locator("#meeting-saved-text")).hasText("The meeting was scheduled.");
            assertThat(grace.locator("#meeting-people-count")).hasText("3 people");
            assertThat(grace.locator("#meeting-agenda > li")).hasCount(3);
            assertThat(grace.locator(".not-shared")).hasCount(0);
            assertThat(grace.locator("#meeting-attendees")).containsText("Sam Taylor, City Council Adult Social Care");
            Journeys.assertAccessible(grace, "the meeting's page");

            grace.locator("#record-discussion").click();
            grace.waitForURL(url -> url.endsWith("/record"));
            grace.locator("#items-0-summary").fill("Two falls this month; agreed a joint visit.");
            grace.locator("#items-0-decisions-0-what").fill(marker + " home safety visit");
            grace.locator("#items-0-decisions-0-owner").selectOption("Organization/city-council-asc");
            grace.locator("#items-0-decisions-0-due").fill(tomorrow);
            grace.locator("#items-0-decisions-0-priority").selectOption("urgent");
            grace.locator("#add-decision-0").click();
            assertThat(grace.locator("#items-0-summary")).hasValue("Two falls this month; agreed a joint visit.");
            grace.locator("#items-0-decisions-1-what").fill(marker + " medication review");
            grace.locator("#items-0-decisions-1-owner").selectOption("Organization/riverside-practice");
            grace.locator("#items-0-decisions-1-due").fill(tomorrow);
            grace.locator("#items-1-summary").fill("Wound healing well.");
            grace.locator("#items-1-decisions-0-what").fill(marker + " dressing change");
            grace.locator("#items-1-decisions-0-owner").selectOption("PractitionerRole/nina-patel-role");
            grace.locator("#save-outcome").click();
            assertThat(grace.locator("#error-summary")).containsText("Enter the date it is due by");
            Journeys.assertAccessible(grace, "the discussion form with a mistake");
            grace.locator("#items-1-decisions-0-due").fill(tomorrow);
            grace.locator("#items-2-summary").fill("Lonely since her husband died.");
            grace.locator("#items-2-decisions-0-what").fill(marker + " befriending");
            grace.locator("#items-2-decisions-0-owner").selectOption("Organization/age-well");
            grace.locator("#items-2-decisions-0-due").fill(tomorrow);
            Journeys.assertAccessible(grace, "the discussion form");
            grace.locator("#save-outcome").click();
            grace.waitForURL(meetingUrl);
            assertThat(grace.locator("#meeting-saved-text"))
                    .hasText("The discussion of 3 people was recorded, and 4 decisions are now tasks on the owners'"
                            + " boards.");
            assertThat(grace.locator("#meeting-agenda")).containsText("Nina Patel, Northbank Community Health Trust");
            assertThat(grace.locator("#record-discussion")).hasCount(0);
            Journeys.assertAccessible(grace, "the meeting's page after the discussion");

            grace.locator("#print-summary").click();
            grace.waitForURL(url -> url.endsWith("/summary"));
            assertThat(grace.locator("main")).containsText(marker + " befriending");
            assertThat(grace.locator("main")).containsText("Wound healing well.");
            Journeys.assertAccessible(grace, "the meeting's summary");
        }

        List<JsonNode> decisions = decisionsMarked(marker, graceToken);
        org.assertj.core.api.Assertions.assertThat(decisions).hasSize(4);
        org.assertj.core.api.Assertions.assertThat(decisions.stream()
                        .map(task -> task.path("meta").path("lastUpdated").asText())
                        .distinct())
                .as("all four made by one transaction")
                .hasSize(1);

        try (BrowserContext session = browser.newContext()) {
            Page sam = session.newPage();
            Journeys.signIn(workspace, sam, "sam.taylor", meetingUrl);
            assertThat(sam.locator("#meeting-people-count")).hasText("3 people");
            assertThat(sam.locator("#meeting-agenda > li")).hasCount(3);
            assertThat(sam.locator(".not-shared")).hasCount(1);
            assertThat(sam.locator(".not-shared")).hasText("One more person, not shared with you");
            assertThat(sam.locator("#meeting-agenda")).containsText(marker + " home safety visit");
            assertThat(sam.locator("#meeting-agenda")).not().containsText(marker + " befriending");
            Journeys.assertAccessible(sam, "the meeting as the social worker sees it");
            sam.navigate(workspace.portalUrl() + "/tasks?scope=organisation");
            assertThat(sam.locator("body")).containsText(marker + " home safety visit");
        }
        try (BrowserContext session = browser.newContext()) {
            Page nina = session.newPage();
            Journeys.signIn(workspace, nina, "nina.patel", workspace.portalUrl() + "/tasks?scope=organisation");
            assertThat(nina.locator("body")).containsText(marker + " dressing change");
            nina.locator("a", new Page.LocatorOptions().setHasText(marker + " dressing change"))
                    .first()
                    .click();
            nina.waitForURL(url -> url.contains("/tasks/"));
            assertThat(nina.locator("#task-named")).hasText("Nina Patel");
            assertThat(nina.locator("#task-reason")).containsText("Decided at " + marker);
            Journeys.assertAccessible(nina, "a task a team meeting decided");
        }
        try (BrowserContext session = browser.newContext()) {
            Page ben = session.newPage();
            Journeys.signIn(workspace, ben, "ben.carter", meetingUrl);
            assertThat(ben.locator("main")).not().containsText(marker);
            assertThat(ben.locator("#meeting-agenda")).hasCount(0);
        }
        for (JsonNode decision : decisions) {
            ObjectNode cancelled = (ObjectNode) decision;
            cancelled.put("status", "cancelled");
            Journeys.fhir(
                    workspace,
                    "PUT",
                    "/Task/" + decision.path("id").asText(),
                    JSON.writeValueAsString(cancelled),
                    graceToken);
        }
    }

    /** The NHS numbers of the people on the holder's caseload. */
    private static Set<String> nhsNumbers(String token) throws IOException {
        Set<String> numbers = new LinkedHashSet<>();
        for (JsonNode entry : JSON.readTree(Journeys.fhir(workspace, "GET", "/Patient?_count=200", null, token)
                        .body())
                .path("entry")) {
            for (JsonNode identifier : entry.path("resource").path("identifier")) {
                if ("https://fhir.nhs.uk/Id/nhs-number"
                        .equals(identifier.path("system").asText())) {
                    numbers.add(identifier.path("value").asText());
                }
            }
        }
        return numbers;
    }

    private static List<JsonNode> decisionsMarked(String marker, String token) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(Journeys.fhir(
                                workspace, "GET", "/Task?status=requested&_count=200&_sort=-_lastUpdated", null, token)
                        .body())
                .path("entry")) {
            JsonNode task = entry.path("resource");
            if (task.path("description").asText().startsWith(marker)) {
                found.add(task);
            }
        }
        return found;
    }
}
