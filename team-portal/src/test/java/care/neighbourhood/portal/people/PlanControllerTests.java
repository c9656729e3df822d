package care.neighbourhood.portal.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.people.CareTeamPage.Choice;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(PlanController.class)
@Import({WebSliceTestConfig.class, PlanControllerTests.Fixture.class})
class PlanControllerTests {

    static final String XSS = "<script>alert('x')</script>";

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** Margaret Ellis's plan; the stub records what it was asked to save and answers as told. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements Plans {

        RuntimeException refusal;
        final List<Object> saved = new ArrayList<>();

        @Override
        public PlanPage planOf(CurrentUser user, String personId) {
            return new PlanPage(
                    personId,
                    "Margaret Ellis",
                    "cp-1",
                    "7",
                    "Individual Plan for Margaret Ellis",
                    List.of(
                            new PlanPage.Goal(
                                    "g-home",
                                    "2",
                                    "Staying in my own home with my cat " + XSS,
                                    true,
                                    "Agreed with Margaret Ellis on 30 July 2026"),
                            new PlanPage.Goal("g-hospital", "1", "Stay out of hospital", false, null)),
                    List.of(new PlanPage.Activity(
                            0,
                            "Heart failure monitoring at home",
                            "Weekly nurse visit",
                            "Nina Patel",
                            "in-progress",
                            "In progress",
                            "2026-12-14",
                            "14 December 2026",
                            List.of("Stay out of hospital"))),
                    List.of(
                            new Choice("Organization/city-council-asc", "City Council Adult Social Care"),
                            new Choice("Organization/age-well", "Age Well Northbank")),
                    List.of(
                            new Choice("Patient/" + personId, "Margaret Ellis"),
                            new Choice("care-team", "The care team")),
                    List.of(new Choice("in-progress", "In progress"), new Choice("completed", "Done")));
        }

        @Override
        public String addGoal(CurrentUser user, String personId, NewGoal goal) {
            return save(goal, "The goal was added to the plan.");
        }

        @Override
        public String changeGoal(CurrentUser user, String personId, GoalChange change) {
            return save(change, "The goal was saved.");
        }

        @Override
        public String closeGoal(CurrentUser user, String personId, GoalClosure closure) {
            return save(closure, "The goal was closed as met.");
        }

        @Override
        public String addActivity(CurrentUser user, String personId, NewActivity activity) {
            return save(activity, "The activity was added to the plan.");
        }

        @Override
        public String changeActivity(CurrentUser user, String personId, ActivityChange change) {
            return save(change, "The activity was saved.");
        }

        @Override
        public String commentOnActivity(CurrentUser user, String personId, ActivityComment comment) {
            return save(comment, "Your comment was added.");
        }

        @Override
        public String moveGoalUp(CurrentUser user, String personId, Move move) {
            return save(move, "The goal was moved up.");
        }

        @Override
        public String moveActivityUp(CurrentUser user, String personId, Move move) {
            return save(move, "The activity was moved up.");
        }

        @Override
        public String assignActivity(CurrentUser user, String personId, ActivityAssignment assignment) {
            return save(assignment, "The activity was given to City Council Adult Social Care.");
        }

        private String save(Object change, String answer) {
            if (refusal != null) {
                throw refusal;
            }
            saved.add(change);
            return answer;
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @BeforeEach
    void reset() {
        fixture.refusal = null;
        fixture.saved.clear();
    }

    @Test
    void thePlanShowsGoalsInThePersonsWordsAndActivitiesWithEveryForm() throws Exception {
        String page = mvc.perform(get("/people/p-ellis/plan").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("Individual Plan for Margaret Ellis", "Agreed with Margaret Ellis on 30 July 2026")
                .contains("What matters to the person, in their words", "Heart failure monitoring at home")
                .contains("Who: Nina Patel. Status: In progress.", "Due 14 December 2026.")
                .contains("id=\"add-goal-form\"", "id=\"add-activity-form\"", "Give to another organisation")
                .contains("/people/p-ellis/plan/goals/g-home/change", "name=\"_csrf\"")
                .doesNotContain(XSS)
                .contains("&lt;script&gt;");
    }

    @Test
    void aGoalIsAddedInTheWordsGivenWithWhoAgreedIt() throws Exception {
        mvc.perform(form("/people/p-ellis/plan/goals", "add-goal")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("text", "  Tea in the garden with George  ")
                        .param("whatMattersToMe", "yes")
                        .param("agreedBy", "Patient/p-ellis"))
                .andExpect(redirectedUrl("/people/p-ellis/plan"))
                .andExpect(flash().attribute("planSaved", "The goal was added to the plan."));

        assertThat(fixture.saved)
                .containsExactly(
                        new Plans.NewGoal("cp-1", "7", "Tea in the garden with George", true, "Patient/p-ellis"));
    }

    @Test
    void whatIsMissingOrNotOfferedIsNamedAndNothingIsSaved() throws Exception {
        String page = mvc.perform(form("/people/p-ellis/plan/goals", "add-goal")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("text", " ")
                        .param("agreedBy", "Practitioner/someone"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("<title>Error: ", "Enter the goal", "Select who agreed the goal");

        String assign = mvc.perform(form("/people/p-ellis/plan/activities/0/assign", "activity-0-assign")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("organisation", "Organization/elsewhere")
                        .param("reason", "Please arrange a care package"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(assign).contains("Select an organisation of the neighbourhood", "Please arrange a care package");

        mvc.perform(form("/people/p-ellis/plan/activities", "add-activity")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("what", "Shopping trip")
                        .param("organisation", "Organization/age-well")
                        .param("due", "next week"))
                .andExpect(status().isBadRequest());
        assertThat(fixture.saved).isEmpty();
    }

    @Test
    void anActivityIsGivenToAnotherOrganisationAndItsStatusChanged() throws Exception {
        mvc.perform(form("/people/p-ellis/plan/activities/0/assign", "activity-0-assign")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("organisation", "Organization/city-council-asc")
                        .param("reason", "Please arrange a care package"))
                .andExpect(redirectedUrl("/people/p-ellis/plan"));
        mvc.perform(form("/people/p-ellis/plan/activities/0/change", "activity-0-change")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("status", "completed")
                        .param("due", "2026-12-20"))
                .andExpect(redirectedUrl("/people/p-ellis/plan"));

        assertThat(fixture.saved)
                .containsExactly(
                        new Plans.ActivityAssignment(
                                "cp-1", "7", 0, "Organization/city-council-asc", "Please arrange a care package"),
                        new Plans.ActivityChange("cp-1", "7", 0, "completed", LocalDate.of(2026, 12, 20)));
    }

    @Test
    void goalsAndActivitiesAreReorderedOnePlaceAtATime() throws Exception {
        String page = mvc.perform(get("/people/p-ellis/plan").with(TestLogins.ninaPatel()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .as("the first goal cannot move up; the second moves above the first")
                .doesNotContain("/plan/goals/g-home/up")
                .contains("/plan/goals/g-hospital/up", "name=\"above\" value=\"g-home\"");

        mvc.perform(form("/people/p-ellis/plan/goals/g-hospital/up", "move")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("above", "g-home"))
                .andExpect(redirectedUrl("/people/p-ellis/plan"));
        mvc.perform(form("/people/p-ellis/plan/activities/1/up", "move")
                        .param("plan", "cp-1")
                        .param("version", "7"))
                .andExpect(redirectedUrl("/people/p-ellis/plan"));
        mvc.perform(form("/people/p-ellis/plan/goals/g-hospital/up", "move")
                        .param("plan", "cp-1")
                        .param("version", "7")
                        .param("above", "../CarePlan"))
                .andExpect(status().isBadRequest());

        assertThat(fixture.saved)
                .containsExactly(
                        new Plans.Move("cp-1", "7", "g-hospital", "g-home"), new Plans.Move("cp-1", "7", "1", null));
    }

    @Test
    void aGoalSomeoneElseChangedFirstShowsBothVersionsAndKeepsWhatWasWritten() throws Exception {
        fixture.refusal = new PlanNotChangedException(
                NotChangedBecause.CHANGED_MEANWHILE,
                "Grace Lee changed this goal after you opened it. Nothing you entered was saved.",
                "Staying at home with my cat and my garden",
                "Staying in my own home, near George",
                null);

        String page = mvc.perform(form("/people/p-ellis/plan/goals/g-home/change", "goal-g-home-change")
                        .param("version", "2")
                        .param("text", "Staying in my own home, near George"))
                .andExpect(status().isConflict())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("The plan has not been changed", "Grace Lee changed this goal")
                .contains("id=\"plan-theirs\">Staying at home with my cat and my garden")
                .contains("id=\"plan-yours\">Staying in my own home, near George")
                .contains(">Staying in my own home, near George</textarea>");
    }

    @Test
    void aGoalIsClosedWithItsOutcomeAndTamperedFormsAreRefused() throws Exception {
        mvc.perform(form("/people/p-ellis/plan/goals/g-hospital/close", "goal-g-hospital-close")
                        .param("version", "1")
                        .param("outcome", "achieved"))
                .andExpect(redirectedUrl("/people/p-ellis/plan"));
        assertThat(fixture.saved).containsExactly(new Plans.GoalClosure("g-hospital", "1", true));

        mvc.perform(form("/people/p-ellis/plan/goals/g-hospital/close", "goal-g-hospital-close")
                        .param("version", "1; drop table")
                        .param("outcome", "achieved"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/people/p-ellis/plan/goals/g-hospital/close")
                        .param("version", "1")
                        .param("outcome", "achieved")
                        .with(TestLogins.ninaPatel()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/people/p-ellis/plan").with(TestLogins.ireneWalsh())).andExpect(status().isForbidden());
        assertThat(fixture.saved).hasSize(1);
    }

    private static MockHttpServletRequestBuilder form(String url, String formId) {
        return post(url).param("formId", formId).with(TestLogins.ninaPatel()).with(csrf());
    }
}
