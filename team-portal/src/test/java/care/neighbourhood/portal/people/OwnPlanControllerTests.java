package care.neighbourhood.portal.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebMvcTest({OwnPlanController.class, OwnTeamController.class})
@Import({WebSliceTestConfig.class, PlanControllerTests.Fixture.class, OwnPlanControllerTests.People.class})
class OwnPlanControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    PlanControllerTests.Fixture plans;

    @Autowired
    People people;

    /** Margaret sees her own record; George sees hers once she has shared it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class People {
        boolean sharedWithGeorge;

        @Bean
        PersonRecords personRecords() {
            return (user, personId) -> PersonControllerTests.Fixture.MARGARET;
        }

        @Bean
        OwnRecords ownRecords() {
            return user -> user.isPerson()
                    ? Optional.of(user.practitionerReference().substring("Patient/".length()))
                    : user.isCarer() && sharedWithGeorge ? Optional.of("margaret-ellis") : Optional.empty();
        }
    }

    static RequestPostProcessor margaret() {
        return TestLogins.signedIn(
                "margaret.ellis",
                "Margaret Ellis",
                TestLogins.accessToken(
                        "margaret.ellis", "Margaret Ellis", "Patient/margaret-ellis", null, null, List.of("person")));
    }

    static RequestPostProcessor george() {
        return TestLogins.signedIn(
                "george.ellis",
                "George Ellis",
                TestLogins.accessToken(
                        "george.ellis", "George Ellis", "RelatedPerson/george-ellis", null, null, List.of("carer")));
    }

    @BeforeEach
    void reset() {
        plans.refusal = null;
        plans.saved.clear();
        people.sharedWithGeorge = false;
    }

    @Test
    void aPersonReadsTheirPlanInPlainWordsWithWhatMattersToThemFirst() throws Exception {
        String page = mvc.perform(get("/my/plan").with(margaret()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Your plan", "What matters to you", "Add something that matters to you")
                .contains("What the team is working towards", "Stay out of hospital")
                .contains(
                        "Who does what",
                        "Heart failure monitoring at home",
                        "Nina Patel",
                        "In progress, by 14 December 2026")
                .contains("id=\"nav-own-plan\"", "name=\"_csrf\"")
                .doesNotContain("id=\"nav-caseload\"", "id=\"add-activity-form\"", PlanControllerTests.XSS)
                .contains("&lt;script&gt;");
        assertThat(page.indexOf("Staying in my own home")).isLessThan(page.indexOf("Stay out of hospital"));
        assertThat(page)
                .contains("Next steps", "Check pressure area on left heel", "Nina Patel will do this, by 6 March 2026")
                .contains("The team will find someone to do this")
                .contains("Some of the record is not shown here", "2 items are not shown to you");
    }

    @Test
    void theTeamPageSaysWhoHelpsAndHowToReachThem() throws Exception {
        String page = mvc.perform(get("/my/team").with(margaret()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Your team", "Nina Patel", "Community nurse", "Northbank Community Health Trust")
                .contains("Age Well Northbank", "tel:01632960211", "mailto:nina.patel@northbank-community.example")
                .contains("id=\"nav-own-team\"");
        String notShared = mvc.perform(get("/my/team").with(george()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(notShared)
                .contains("has not shared their record with you yet")
                .doesNotContain("Nina Patel");
        mvc.perform(get("/my/team").with(TestLogins.ninaPatel())).andExpect(status().isForbidden());
    }

    @Test
    void whatMattersIsAddedInTheirWordsAsTheirs() throws Exception {
        mvc.perform(post("/my/plan/what-matters")
                        .with(margaret())
                        .with(csrf())
                        .param("text", "  Seeing my grandson on Sundays  "))
                .andExpect(redirectedUrl("/my/plan"))
                .andExpect(flash().attribute("saved", "Added to the plan. The care team will see it."));
        assertThat(plans.saved)
                .containsExactly(new Plans.NewGoal(
                        "cp-1", "7", "Seeing my grandson on Sundays", true, "Patient/margaret-ellis"));
    }

    @Test
    void theirOwnWordsAreChangedAndActivitiesCommentedOn() throws Exception {
        mvc.perform(post("/my/plan/what-matters/g-home")
                        .with(margaret())
                        .with(csrf())
                        .param("version", "2")
                        .param("text", "Staying at home with Tibbles"))
                .andExpect(redirectedUrl("/my/plan"))
                .andExpect(flash().attribute("saved", "Your words were saved. The care team will see them."));
        mvc.perform(post("/my/plan/activities/0/comment")
                        .with(margaret())
                        .with(csrf())
                        .param("text", "Mornings suit me better"))
                .andExpect(redirectedUrl("/my/plan"));
        assertThat(plans.saved)
                .containsExactly(
                        new Plans.GoalChange("g-home", "2", "Staying at home with Tibbles"),
                        new Plans.ActivityComment("cp-1", "7", 0, "Mornings suit me better"));

        // a team goal is not theirs to reword; an activity that is not there takes no comment
        mvc.perform(post("/my/plan/what-matters/g-hospital")
                        .with(margaret())
                        .with(csrf())
                        .param("version", "1")
                        .param("text", "Mine now"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/my/plan/activities/7/comment")
                        .with(margaret())
                        .with(csrf())
                        .param("text", "x"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/my/plan/activities/0/comment")
                        .with(margaret())
                        .with(csrf())
                        .param("text", " "))
                .andExpect(status().isBadRequest());
        assertThat(plans.saved).hasSize(2);
        String page = mvc.perform(get("/my/plan").with(margaret()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Change the words", "Add a comment", "/my/plan/activities/0/comment");
    }

    @Test
    void emptyOrOverlongWordsAreExplainedAndKept() throws Exception {
        String empty = mvc.perform(post("/my/plan/what-matters")
                        .with(margaret())
                        .with(csrf())
                        .param("text", "  "))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(empty).contains("There is a problem", "Write what matters, in your own words");
        String tooLong = "a".repeat(OwnPlanController.LONGEST_TEXT + 1);
        String overlong = mvc.perform(post("/my/plan/what-matters")
                        .with(margaret())
                        .with(csrf())
                        .param("text", tooLong))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(overlong).contains("Write no more than 500 characters", tooLong);
        assertThat(plans.saved).isEmpty();
    }

    @Test
    void aChangeByTheTeamMeanwhileIsSaidPlainly() throws Exception {
        plans.refusal =
                new PlanNotChangedException(NotChangedBecause.CHANGED_MEANWHILE, "plan changed", null, null, null);
        String page = mvc.perform(post("/my/plan/what-matters")
                        .with(margaret())
                        .with(csrf())
                        .param("text", "My garden"))
                .andExpect(status().isConflict())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Someone in the team changed the plan just now", "My garden");
    }

    @Test
    void aCarerSeesThePlanOnlyOnceItIsSharedWithThem() throws Exception {
        String notShared = mvc.perform(get("/my/plan").with(george()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(notShared).contains("has not shared their plan with you yet").doesNotContain("Heart failure");
        mvc.perform(post("/my/plan/what-matters").with(george()).with(csrf()).param("text", "Mum's cat"))
                .andExpect(status().isForbidden());
        assertThat(plans.saved).isEmpty();

        people.sharedWithGeorge = true;
        String shared = mvc.perform(get("/my/plan").with(george()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(shared).contains("Margaret Ellis&#39;s plan", "What matters to Margaret Ellis", "Heart failure");
    }

    @Test
    void staffAreSentToTheirOwnPages() throws Exception {
        mvc.perform(get("/my/plan").with(TestLogins.ninaPatel())).andExpect(status().isForbidden());
        mvc.perform(post("/my/plan/what-matters")
                        .with(TestLogins.ninaPatel())
                        .with(csrf())
                        .param("text", "x"))
                .andExpect(status().isForbidden());
        assertThat(plans.saved).isEmpty();
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/my/plan/what-matters").with(margaret()).param("text", "x"))
                .andExpect(status().isForbidden());
        assertThat(plans.saved).isEmpty();
    }
}
