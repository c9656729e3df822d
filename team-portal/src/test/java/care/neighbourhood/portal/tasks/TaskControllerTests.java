package care.neighbourhood.portal.tasks;

import static care.neighbourhood.portal.tasks.TaskFixtures.XSS;
import static care.neighbourhood.portal.tasks.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.fhir.FhirServiceException;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import care.neighbourhood.portal.tasks.TaskNotChangedException.Why;
import java.time.LocalDate;
import java.util.EnumSet;
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

@WebMvcTest(TaskController.class)
@Import({WebSliceTestConfig.class, TaskControllerTests.Fixture.class})
class TaskControllerTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture {

        @Bean
        TaskFixtures.StubWork taskWork() {
            return new TaskFixtures.StubWork();
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    TaskFixtures.StubWork work;

    @BeforeEach
    void aReferralToTheNursesTrust() {
        work.refusal = null;
        work.changes.clear();
        work.unseen.clear();
        work.detail = new TaskDetail(
                task(
                        "t1",
                        "Wound review " + XSS,
                        TaskPriority.URGENT,
                        LocalDate.of(2026, 3, 11),
                        "Northbank Community Health Trust",
                        false,
                        true,
                        EnumSet.complementOf(EnumSet.of(TaskAction.COMPLETE))),
                true,
                "9 March 2026 at 8:00am",
                List.of(
                        new TimelineEntry(
                                "9 March 2026 at 9:32am",
                                "Omar Hassan",
                                "Riverside Medical Practice",
                                "Priority raised from routine to urgent.",
                                "Wound is leaking " + XSS),
                        new TimelineEntry(
                                "9 March 2026 at 8:00am",
                                "Omar Hassan",
                                null,
                                "Asked for, assigned to" + " Northbank Community Health Trust",
                                null)),
                true,
                List.of(new Organisation("city-council-asc", "City Council Adult Social Care")));
    }

    @Test
    void showsTheTaskItsTimelineAndTheFormsTheUserMayUse() throws Exception {
        String page = mvc.perform(get("/tasks/t1").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("id=\"task-priority\">Urgent<")
                .contains("Omar Hassan, 9 March 2026 at 8:00am")
                .contains("Priority raised from routine to urgent.")
                .contains("Omar Hassan, Riverside Medical Practice, 9 March 2026 at 9:32am")
                .contains("Wound is leaking &lt;script&gt;")
                .contains("Wound review &lt;script&gt;")
                .doesNotContain(XSS)
                .contains("action=\"/tasks/t1/claim\"")
                .contains("action=\"/tasks/t1/hand-on\"")
                .contains("action=\"/tasks/t1/escalate\"")
                .contains("action=\"/tasks/t1/send-back\"")
                .contains("action=\"/tasks/t1/decline\"")
                .doesNotContain("action=\"/tasks/t1/complete\"")
                .contains("<option value=\"city-council-asc\">City Council Adult Social Care</option>")
                .contains("name=\"_csrf\"")
                .contains("Every version of the task");
    }

    @Test
    void aClosedTaskOffersNothing() throws Exception {
        var closed = work.detail.task();
        work.detail = new TaskDetail(
                new TaskOnBoard(
                        closed.id(),
                        closed.version(),
                        closed.personId(),
                        closed.personName(),
                        closed.description(),
                        "completed",
                        closed.priority(),
                        closed.owner(),
                        closed.requester(),
                        closed.due(),
                        closed.dueText(),
                        false,
                        false,
                        false,
                        false,
                        EnumSet.noneOf(TaskAction.class)),
                false,
                null,
                List.of(),
                false,
                List.of(),
                "Nina Patel <b>",
                "Decided at the team meeting on 1 December 2026");
        String page = mvc.perform(get("/tasks/t1").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("This task is closed.").doesNotContain("<form method=\"post\" novalidate id=");
        assertThat(page)
                .as("a team meeting's decision says whom it named and why")
                .contains("Nina Patel &lt;b&gt;", "Decided at the team meeting on 1 December 2026");
    }

    @Test
    void aClaimIsMadeWithTheVersionSeenAndTheUserGoesBackWhereTheyCameFrom() throws Exception {
        mvc.perform(change("claim").param("returnTo", "/tasks?scope=unassigned"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/tasks?scope=unassigned"))
                .andExpect(flash().attribute("changed", "Claimed"));
        assertThat(work.changes).containsExactly(new TaskChange("t1", "3", TaskAction.CLAIM, "", null));

        mvc.perform(change("claim").param("returnTo", "https://evil.example/")).andExpect(redirectedUrl("/tasks/t1"));
        mvc.perform(change("claim").param("returnTo", "/people/p-ellis")).andExpect(redirectedUrl("/people/p-ellis"));
    }

    @Test
    void aHandOnNeedsAnOrganisationAndAReasonAndThenGoesBackToTheBoard() throws Exception {
        String page = mvc.perform(change("hand-on").param("reason", "  "))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("<title>Error: ")
                .contains("There is a problem")
                .contains("href=\"#hand-on-reason\">Enter why you are handing the task on<")
                .contains("href=\"#hand-on-organisation\">Select the organisation to hand the task to<")
                .contains("id=\"hand-on-details\" open=\"open\"");
        assertThat(work.changes).isEmpty();

        mvc.perform(change("hand-on").param("organisation", "city-council-asc").param("reason", " Needs assessment "))
                .andExpect(redirectedUrl("/tasks"));
        assertThat(work.changes)
                .containsExactly(new TaskChange("t1", "3", TaskAction.HAND_ON, "Needs assessment", "city-council-asc"));
    }

    @Test
    void everyActionWithAReasonAsksForIt() throws Exception {
        for (String action : List.of("escalate", "send-back", "complete", "decline")) {
            String page = mvc.perform(change(action))
                    .andExpect(status().isBadRequest())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).as(action).contains("href=\"#" + action + "-reason\">Enter ");
        }
        String tooLong = mvc.perform(change("decline").param("reason", "x".repeat(1001)))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(tooLong).contains("Enter 1000 characters or fewer (you entered 1001)");
        mvc.perform(change("complete").param("reason", "Dressing changed, healing well."))
                .andExpect(redirectedUrl("/tasks"));
        assertThat(work.changes).extracting(TaskChange::action).containsExactly(TaskAction.COMPLETE);
    }

    @Test
    void aChangeThatTakesThePersonOffTheCaseloadLandsOnTheBoardAndSaysSo() throws Exception {
        work.unseen.add("p-ellis");
        mvc.perform(change("hand-on")
                        .param("organisation", "city-council-asc")
                        .param("reason", "Needs assessment")
                        .param("returnTo", "/people/p-ellis"))
                .andExpect(redirectedUrl("/tasks"))
                .andExpect(flash().attribute("changed", "Handed to another organisation"))
                .andExpect(flash().attribute("leftCaseload", TaskController.LEFT_CASELOAD));
        // A claim never ends a care relationship: back to the person's page, without asking.
        mvc.perform(change("claim").param("returnTo", "/people/p-ellis")).andExpect(redirectedUrl("/people/p-ellis"));
    }

    @Test
    void aChangeFromThePersonsPageGoesBackThereAndAProblemKeepsTheWayBack() throws Exception {
        mvc.perform(change("hand-on")
                        .param("organisation", "city-council-asc")
                        .param("reason", "Needs assessment")
                        .param("returnTo", "/people/p-ellis"))
                .andExpect(redirectedUrl("/people/p-ellis"))
                .andExpect(flash().attribute("changed", "Handed to another organisation"));

        String missing = mvc.perform(change("escalate").param("returnTo", "/people/p-ellis"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(missing)
                .contains("href=\"#escalate-reason\">Enter why the task is more urgent<")
                .contains("name=\"returnTo\" value=\"/people/p-ellis\"");

        work.refusal = new TaskNotChangedException(
                Why.CHANGED_MEANWHILE, "Nina Patel got there first. Nothing you entered was saved.", null);
        String conflict = mvc.perform(
                        change("escalate").param("reason", "Worse").param("returnTo", "/people/p-ellis"))
                .andExpect(status().isConflict())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(conflict).contains("Nina Patel got there first").contains("value=\"/people/p-ellis\"");

        work.refusal = new TaskNotChangedException(
                Why.REFUSED, "The shared care record did not let you change this task.", null);
        mvc.perform(change("decline").param("reason", "No").param("returnTo", "/people/p-ellis"))
                .andExpect(status().isForbidden());

        work.refusal = null;
        String elsewhere = mvc.perform(change("escalate").param("returnTo", "https://evil.example/"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(elsewhere).doesNotContain("name=\"returnTo\"").doesNotContain("evil.example");
    }

    @Test
    void aClaimThatCameSecondIsA409TellingWhoGotThereFirst() throws Exception {
        work.refusal = new TaskNotChangedException(
                Why.CHANGED_MEANWHILE,
                "Nina Patel (Northbank Community Health Trust) got there first at 9 March 2026 at 9:32am: Claimed by"
                        + " Nina Patel. Nothing you entered was saved: check the task as it is now.",
                null);
        String page = mvc.perform(change("claim"))
                .andExpect(status().isConflict())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("The task has not been changed")
                .contains("Nina Patel (Northbank Community Health Trust) got there first")
                .doesNotContain("Exception");
    }

    @Test
    void aRefusalOfTheRecordIsA403InWordsAndAnUnknownTaskA404() throws Exception {
        work.refusal = new TaskNotChangedException(
                Why.REFUSED, "The shared care record did not let you change this task.", null);
        assertThat(mvc.perform(change("claim"))
                        .andExpect(status().isForbidden())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("did not let you change this task");

        work.refusal = new TaskNotChangedException(Why.NOT_FOUND, "This task was not found.", null);
        mvc.perform(change("claim")).andExpect(status().isNotFound());

        work.refusal = null;
        work.detail = null;
        mvc.perform(get("/tasks/t404").with(TestLogins.ninaPatel())).andExpect(status().isNotFound());
    }

    @Test
    void aTaskTheRecordDoesNotShowIsA403PageInPlainWords() throws Exception {
        work.readFailure = new FhirServiceException(Reason.ACCESS_DENIED, 403, "HIDE Task/t9", null);
        try {
            String page = mvc.perform(get("/tasks/t9").with(TestLogins.ninaPatel()))
                    .andExpect(status().isForbidden())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page)
                    .contains("You do not have access to this information")
                    .doesNotContain("HIDE")
                    .doesNotContain("Exception");
        } finally {
            work.readFailure = null;
        }
    }

    @Test
    void formsNeedACsrfTokenAVersionAndAKnownAction() throws Exception {
        mvc.perform(post("/tasks/t1/claim").param("version", "3").with(TestLogins.ninaPatel()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/tasks/t1/claim").with(TestLogins.ninaPatel()).with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(change("delete")).andExpect(status().isNotFound());
        mvc.perform(post("/tasks/{id}/claim", "a b<c>")
                        .param("version", "3")
                        .with(TestLogins.ninaPatel())
                        .with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(work.changes).isEmpty();
    }

    @Test
    void officersCannotChangeTasks() throws Exception {
        mvc.perform(post("/tasks/t1/claim")
                        .param("version", "3")
                        .with(TestLogins.ireneWalsh())
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(work.changes).isEmpty();
    }

    private static MockHttpServletRequestBuilder change(String action) {
        return post("/tasks/t1/" + action)
                .param("version", "3")
                .with(TestLogins.ninaPatel())
                .with(csrf());
    }
}
