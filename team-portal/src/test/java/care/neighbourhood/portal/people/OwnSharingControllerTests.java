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

@WebMvcTest(OwnSharingController.class)
@Import({WebSliceTestConfig.class, OwnSharingControllerTests.Fixture.class})
class OwnSharingControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** Margaret's choices; the stub records what it was asked to do and answers as told. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements SharingChoices {
        final List<String> done = new ArrayList<>();
        RuntimeException refusal;

        @Override
        public SharingPage pageOf(CurrentUser user, String personId) {
            return new SharingPage(
                    "Margaret Ellis",
                    List.of("Plan, care team, goals, tasks and messages: shared with the health, social care and"
                            + " voluntary sector staff in your care team."),
                    List.of(new Decision(
                            "c-1",
                            "2",
                            "You have chosen not to share your record with Age Well Northbank "
                                    + PlanControllerTests.XSS,
                            "1 November 2026")),
                    List.of(
                            new Choice("Organization/age-well", "Age Well Northbank"),
                            new Choice("Organization/city-council-asc", "City Council Adult Social Care")),
                    List.of(new Choice("clinical", "health information")),
                    List.of(new Choice("RelatedPerson/george-ellis", "George Ellis")));
        }

        @Override
        public String stopSharingWith(CurrentUser user, String personId, String organisation) {
            return act("stop " + personId + " " + organisation, "Age Well Northbank will no longer see your plan.");
        }

        @Override
        public String letSee(CurrentUser user, String personId, String organisation, String dataClass) {
            return act("let " + organisation + " " + dataClass, "They can now see it.");
        }

        @Override
        public String letCarerSee(CurrentUser user, String personId, String carer, boolean mayWrite) {
            return act("carer " + carer + " " + mayWrite, "George Ellis can now see your plan.");
        }

        @Override
        public String withdraw(CurrentUser user, String personId, String decisionId, String seenVersion) {
            return act("withdraw " + decisionId + " " + seenVersion, "Withdrawn.");
        }

        private String act(String what, String effect) {
            if (refusal != null) {
                throw refusal;
            }
            done.add(what);
            return effect;
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @BeforeEach
    void reset() {
        fixture.done.clear();
        fixture.refusal = null;
    }

    @Test
    void thePageSaysWhatIsSharedByDefaultAndListsTheirChoicesWithWaysToChange() throws Exception {
        String page = mvc.perform(get("/my/sharing").with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Your sharing choices", "What is shared unless you choose otherwise")
                .contains("You have chosen not to share your record with Age Well Northbank", "Made on 1 November 2026")
                .contains("/my/sharing/c-1/withdraw", "Stop sharing", "Let a carer see your plan", "George Ellis")
                .contains("name=\"_csrf\"", "id=\"nav-own-sharing\"")
                .doesNotContain(PlanControllerTests.XSS);
    }

    @Test
    void eachChoiceIsMadeAndItsEffectSaid() throws Exception {
        mvc.perform(post("/my/sharing/stop")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("organisation", "Organization/age-well"))
                .andExpect(redirectedUrl("/my/sharing"))
                .andExpect(flash().attribute("effect", "Age Well Northbank will no longer see your plan."));
        mvc.perform(post("/my/sharing/let-see")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("organisation", "Organization/city-council-asc")
                        .param("dataClass", "clinical"))
                .andExpect(redirectedUrl("/my/sharing"));
        mvc.perform(post("/my/sharing/carer")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("carer", "RelatedPerson/george-ellis")
                        .param("mayWrite", "yes"))
                .andExpect(redirectedUrl("/my/sharing"));
        mvc.perform(post("/my/sharing/c-1/withdraw")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("version", "2"))
                .andExpect(redirectedUrl("/my/sharing"));
        assertThat(fixture.done)
                .containsExactly(
                        "stop margaret-ellis Organization/age-well",
                        "let Organization/city-council-asc clinical",
                        "carer RelatedPerson/george-ellis true",
                        "withdraw c-1 2");
    }

    @Test
    void choicesTheFormNeverOffersAreExplainedNotMade() throws Exception {
        String page = mvc.perform(post("/my/sharing/stop")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("organisation", "Organization/somewhere-else"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Select the organisation to stop sharing with");
        mvc.perform(post("/my/sharing/carer")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("carer", "RelatedPerson/someone"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/my/sharing/c-9/withdraw")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("version", "1"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/my/sharing/c-1/withdraw")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("version", "x' or 1=1"))
                .andExpect(status().isBadRequest());
        assertThat(fixture.done).isEmpty();
    }

    @Test
    void aRefusalOrAChangeMeanwhileIsSaidPlainly() throws Exception {
        fixture.refusal = new PlanNotChangedException(
                NotChangedBecause.CHANGED_MEANWHILE,
                "This decision was changed just now, somewhere else.",
                null,
                null,
                null);
        String page = mvc.perform(post("/my/sharing/c-1/withdraw")
                        .with(OwnPlanControllerTests.margaret())
                        .with(csrf())
                        .param("version", "2"))
                .andExpect(status().isConflict())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("There is a problem", "This decision was changed just now");
    }

    @Test
    void onlyThePersonMakesTheirChoices() throws Exception {
        String carer = mvc.perform(get("/my/sharing").with(OwnPlanControllerTests.george()))
                .andExpect(status().isForbidden())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(carer).contains("Only the person makes their own sharing choices");
        mvc.perform(post("/my/sharing/stop")
                        .with(OwnPlanControllerTests.george())
                        .with(csrf())
                        .param("organisation", "Organization/age-well"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/my/sharing").with(TestLogins.ninaPatel())).andExpect(status().isForbidden());
        mvc.perform(post("/my/sharing/stop")
                        .with(OwnPlanControllerTests.margaret())
                        .param("organisation", "Organization/age-well"))
                .andExpect(status().isForbidden());
        assertThat(fixture.done).isEmpty();
    }
}
