package care.neighbourhood.portal.meetings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(MeetingsController.class)
@Import({WebSliceTestConfig.class, MeetingsControllerTests.Fixture.class})
class MeetingsControllerTests {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** A meeting of two people the user may see and two they may not; names are not trusted as markup. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements Meetings {

        final AtomicReference<MeetingPlan> scheduled = new AtomicReference<>();
        final AtomicReference<List<Discussion>> recorded = new AtomicReference<>();
        final AtomicReference<RuntimeException> refusal = new AtomicReference<>();

        static Meeting meeting() {
            return new Meeting(
                    "m1",
                    "Northbank MDT <b>",
                    ZonedDateTime.of(2026, 12, 1, 14, 0, 0, 0, LONDON),
                    ZonedDateTime.of(2026, 12, 1, 15, 0, 0, 0, LONDON),
                    List.of(
                            "Nina Patel, Northbank Community Health Trust",
                            "Sam Taylor, City Council Adult Social Care"),
                    List.of(
                            new Meeting.AgendaItem(
                                    "i1", "1", "p-margaret", "ELLIS, Margaret", "9991042113", false, null, List.of()),
                            new Meeting.AgendaItem(
                                    "i2",
                                    "2",
                                    "p-daniel",
                                    "HUGHES, Daniel",
                                    null,
                                    true,
                                    "Talked it <i>through</i>",
                                    List.of(new Meeting.DecisionMade(
                                            "t9",
                                            "Joint home visit",
                                            "City Council Adult Social Care",
                                            LocalDate.parse("2026-12-04"),
                                            "urgent",
                                            "requested")))),
                    2);
        }

        @Override
        public List<MeetingListed> meetingsOf(CurrentUser user) {
            return List.of(
                    new MeetingListed("m1", "Northbank MDT <b>", meeting().start(), 2, 4, false));
        }

        @Override
        public MeetingChoices choices(CurrentUser user) {
            return new MeetingChoices(
                    List.of(new MeetingChoices.Choice("PractitionerRole/sam", "Sam Taylor – Social worker <script>")),
                    List.of(
                            new MeetingChoices.Choice(
                                    "Organization/city-council-asc", "City Council Adult Social Care"),
                            new MeetingChoices.Choice("PractitionerRole/sam", "Sam Taylor – Social worker")));
        }

        @Override
        public String schedule(CurrentUser user, MeetingPlan plan) {
            if (refusal.get() != null) {
                throw refusal.get();
            }
            scheduled.set(plan);
            return "m1";
        }

        @Override
        public Meeting meeting(CurrentUser user, String id) {
            return meeting();
        }

        @Override
        public int recordOutcome(CurrentUser user, String meetingId, List<Discussion> discussions) {
            if (refusal.get() != null) {
                throw refusal.get();
            }
            recorded.set(discussions);
            return discussions.stream().mapToInt(d -> d.decisions().size()).sum();
        }

        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-11-28T10:15:00Z"), LONDON);
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @BeforeEach
    void reset() {
        fixture.scheduled.set(null);
        fixture.recorded.set(null);
        fixture.refusal.set(null);
    }

    @Test
    void listsTheMeetingsTheUserAttends() throws Exception {
        mvc.perform(get("/meetings").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("Northbank MDT &lt;b&gt;"),
                                containsString("Tuesday 1 December 2026, 14:00"),
                                containsString("href=\"/meetings/m1\""),
                                containsString("id=\"nav-meetings\""),
                                containsString("href=\"/meetings/new\""))));
    }

    @Test
    void theMeetingShowsThePeopleSharedWithTheUserAndCountsTheRest() throws Exception {
        String page = mvc.perform(get("/meetings/m1").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("ELLIS, Margaret", "NHS number 999 104 2113", "href=\"/people/p-margaret\"")
                .contains("Talked it &lt;i&gt;through&lt;/i&gt;", "Joint home visit", "4 December 2026")
                .contains(
                        "href=\"/tasks/t9\"",
                        "4 people",
                        "href=\"/meetings/m1/record\"",
                        "href=\"/meetings/m1/summary\"")
                .doesNotContain("<i>through");
        assertThat(page.split("One more person, not shared with you", -1)).hasSize(3);
    }

    @Test
    void theSummaryToPrintHasNoLinksIntoRecords() throws Exception {
        mvc.perform(get("/meetings/m1/summary").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("Summary of a team meeting"),
                                containsString("Joint home visit"),
                                containsString("One more person, not shared with you"),
                                not(containsString("href=\"/people/p-margaret\"")),
                                not(containsString("href=\"/tasks/t9\"")))));
    }

    @Test
    void theSchedulingFormOffersStaffAsAttendees() throws Exception {
        mvc.perform(get("/meetings/new").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("value=\"PractitionerRole/sam\""),
                                containsString("Sam Taylor – Social worker &lt;script&gt;"),
                                containsString("name=\"_csrf\""))));
    }

    @Test
    void aMeetingIsScheduledWithItsAttendeesAndPeople() throws Exception {
        mvc.perform(post("/meetings")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("title", " Northbank MDT ")
                        .param("date", "2026-12-01")
                        .param("time", "14:00")
                        .param("minutes", "90")
                        .param("attendee", "PractitionerRole/sam")
                        .param("people", "999 104 2113\n\n9434765919\n999-104-2113"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/meetings/m1"))
                .andExpect(flash().attribute("meetingSaved", "The meeting was scheduled."));
        assertThat(fixture.scheduled.get())
                .isEqualTo(new MeetingPlan(
                        "Northbank MDT",
                        LocalDateTime.parse("2026-12-01T14:00"),
                        90,
                        List.of("PractitionerRole/sam"),
                        List.of("9991042113", "9434765919")));
    }

    @Test
    void aSchedulingFormWithMistakesIsShownAgainWithEachExplained() throws Exception {
        mvc.perform(post("/meetings")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("title", "")
                        .param("date", "2026-11-27")
                        .param("time", "2pm")
                        .param("minutes", "7")
                        .param("attendee", "PractitionerRole/someone-else")
                        .param("people", "12345\n<script>"))
                .andExpect(status().isBadRequest())
                .andExpect(content()
                        .string(allOf(
                                containsString("Error: Schedule a team meeting"),
                                containsString("Enter a name for the meeting"),
                                containsString("The day of the meeting must be today or later"),
                                containsString("Enter the time the meeting starts, for example 14:30"),
                                containsString("Select how long the meeting lasts"),
                                containsString("Select attendees from the list"),
                                containsString("these are not: 12345, &lt;script&gt;"),
                                containsString("href=\"#meeting-people\""))));
        assertThat(fixture.scheduled.get()).isNull();
        mvc.perform(post("/meetings")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("title", "MDT")
                        .param("date", "2026-12-01")
                        .param("time", "14:00")
                        .param("minutes", "60")
                        .param("people", " "))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Enter the NHS number of at least one person to discuss")));
    }

    @Test
    void aPersonNotOnTheCaseloadIsExplainedAndTheFormKept() throws Exception {
        fixture.refusal.set(new MeetingNotSavedException("Nobody on your caseload has the NHS number 943 476 5919."));
        mvc.perform(post("/meetings")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("title", "MDT")
                        .param("date", "2026-12-01")
                        .param("time", "14:00")
                        .param("minutes", "60")
                        .param("people", "9434765919"))
                .andExpect(status().isConflict())
                .andExpect(content()
                        .string(allOf(
                                containsString("The meeting has not been scheduled"),
                                containsString("Nobody on your caseload has the NHS number 943 476 5919."),
                                containsString(">9434765919</textarea>"))));
    }

    @Test
    void theRecordFormHasASectionForEachPersonStillToDiscuss() throws Exception {
        String page = mvc.perform(get("/meetings/m1/record").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("ELLIS, Margaret", "name=\"items[0].summary\"", "name=\"items[0].decisions[0].what\"")
                .contains("value=\"Organization/city-council-asc\"", "value=\"add:i1\"")
                .doesNotContain("items[1]", "HUGHES, Daniel");
    }

    @Test
    void anotherDecisionRowIsAddedWithoutLosingWhatWasWritten() throws Exception {
        mvc.perform(post("/meetings/m1/record")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("action", "add:i1")
                        .param("items[0].id", "i1")
                        .param("items[0].version", "1")
                        .param("items[0].summary", "Discussed falls")
                        .param("items[0].decisions[0].what", "Falls clinic referral"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString(">Discussed falls</textarea>"),
                                containsString("value=\"Falls clinic referral\""),
                                containsString("name=\"items[0].decisions[1].what\""))));
        assertThat(fixture.recorded.get()).isNull();
    }

    @Test
    void theDiscussionAndDecisionsAreRecordedTogether() throws Exception {
        mvc.perform(post("/meetings/m1/record")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("action", "save")
                        .param("items[0].id", "i1")
                        .param("items[0].version", "1")
                        .param("items[0].summary", "Discussed falls")
                        .param("items[0].decisions[0].what", "Falls clinic referral")
                        .param("items[0].decisions[0].owner", "PractitionerRole/sam")
                        .param("items[0].decisions[0].due", "2026-12-04")
                        .param("items[0].decisions[0].priority", "urgent")
                        .param("items[0].decisions[1].what", "")
                        .param("items[0].decisions[1].owner", "")
                        .param("items[0].decisions[1].due", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/meetings/m1"))
                .andExpect(flash().attribute(
                                "meetingSaved",
                                "The discussion of 1 person was recorded, and 1 decision is now a task on the owners'"
                                        + " boards."));
        assertThat(fixture.recorded.get())
                .containsExactly(new Discussion(
                        "i1",
                        "1",
                        "Discussed falls",
                        List.of(new Discussion.Decision(
                                "Falls clinic referral",
                                "PractitionerRole/sam",
                                LocalDate.parse("2026-12-04"),
                                "urgent"))));
    }

    @Test
    void aDecisionWithoutAnOwnerOrDateIsExplainedAndNothingIsRecorded() throws Exception {
        mvc.perform(post("/meetings/m1/record")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("action", "save")
                        .param("items[0].id", "i1")
                        .param("items[0].version", "1")
                        .param("items[0].decisions[0].what", "Falls clinic referral")
                        .param("items[0].decisions[0].owner", "Organization/elsewhere")
                        .param("items[0].decisions[0].due", "soon"))
                .andExpect(status().isBadRequest())
                .andExpect(content()
                        .string(allOf(
                                containsString("Select who will do it"),
                                containsString("Enter the date it is due by"),
                                containsString("Enter a summary of the discussion"),
                                containsString("href=\"#items-0-decisions-0-owner\""))));
        assertThat(fixture.recorded.get()).isNull();
    }

    @Test
    void aDiscussionRecordedMeanwhileIsExplained() throws Exception {
        mvc.perform(post("/meetings/m1/record")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("action", "save")
                        .param("items[0].id", "i2")
                        .param("items[0].version", "2")
                        .param("items[0].summary", "Late"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("recorded meanwhile")));
        fixture.refusal.set(
                new MeetingNotSavedException("Someone changed the meeting's agenda while you were writing."));
        mvc.perform(post("/meetings/m1/record")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("action", "save")
                        .param("items[0].id", "i1")
                        .param("items[0].version", "1")
                        .param("items[0].summary", "Kept"))
                .andExpect(status().isConflict())
                .andExpect(content()
                        .string(allOf(
                                containsString("The discussion has not been recorded"),
                                containsString(">Kept</textarea>"))));
    }

    @Test
    void governanceOfficersAndFormsWithoutTheirTokenAreRefused() throws Exception {
        mvc.perform(get("/meetings").with(TestLogins.ireneWalsh())).andExpect(status().isForbidden());
        mvc.perform(post("/meetings").with(TestLogins.ninaPatel()).param("title", "MDT"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/meetings/not_an_id").with(TestLogins.ninaPatel())).andExpect(status().isNotFound());
        assertThat(fixture.scheduled.get()).isNull();
    }
}
