package care.neighbourhood.portal.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import care.neighbourhood.portal.fhir.FhirServiceException;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.people.PersonSummary.KeyContact;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebMvcTest(PersonController.class)
@Import({WebSliceTestConfig.class, PersonControllerTests.Fixture.class})
class PersonControllerTests {

    static final String XSS = "<script>alert('x')</script>";

    @Autowired
    MockMvc mvc;

    /**
     * Margaret Ellis's record as a social worker sees it (with a goal and a task description that try
     * to run a script); anyone else is refused or unknown, as the shared record would answer.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements PersonRecords {

        static final PersonRecord MARGARET = new PersonRecord(
                new PersonSummary(
                        "p-ellis",
                        "Margaret Ellis",
                        "14 March 1941",
                        85,
                        "9991042113",
                        "7 Willow Court, Northbank, NB2 5WE",
                        "01632 960601",
                        List.of(new KeyContact("George Ellis", "Son and main carer", "07700 900601"))),
                List.of(new IndividualPlan(
                        "Individual Plan for Margaret Ellis",
                        "Active",
                        "Margaret lives alone with her cat Tibbles.",
                        List.of("Staying in my own home with my cat", "Tea in the garden " + XSS),
                        List.of("Stay out of hospital"),
                        List.of(new IndividualPlan.Activity(
                                "Heart failure monitoring at home",
                                "Weekly nurse visit",
                                List.of("Nina Patel"),
                                "In progress")))),
                List.of(
                        new CareTeamMember(
                                "Nina Patel",
                                "Community nurse",
                                "Northbank Community Health Trust",
                                "12 September 2025",
                                "Neighbourhood team for Margaret Ellis",
                                "01632 960211",
                                "nina.patel@northbank-community.example"),
                        new CareTeamMember(
                                "Age Well Northbank",
                                "Age Well support team",
                                null,
                                "24 January 2026",
                                "Neighbourhood team for Margaret Ellis")),
                List.of(
                        new PersonTask(
                                "Check pressure area on left heel",
                                "Accepted",
                                "Urgent",
                                "Nina Patel",
                                "6 March 2026",
                                true,
                                false,
                                "t-heel",
                                "3",
                                List.of(
                                        new PersonTask.Action(
                                                "hand-on",
                                                "Hand to another organisation",
                                                "Why are you handing this task on?"),
                                        new PersonTask.Action(
                                                "escalate", "Escalate priority", "Why is it more urgent?"))),
                        new PersonTask(
                                "Find a cat-sitter " + XSS,
                                "Requested",
                                null,
                                null,
                                null,
                                false,
                                true,
                                "t-cat",
                                "1",
                                List.of(new PersonTask.Action("claim", "Claim", null)))),
                List.of(
                        new WithheldNotice(
                                2,
                                "clinical information",
                                "Riverside Medical Practice",
                                "agreement",
                                "2 items are not shown to you: clinical information from Riverside Medical Practice is"
                                        + " shared with social care only with the person's agreement."),
                        new WithheldNotice(
                                1,
                                "clinical information",
                                "Northbank Mental Health Trust",
                                "restricted",
                                "1 item is not shown to you: clinical information from Northbank Mental Health Trust"
                                        + " is labelled restricted and is shown only to GPs and mental health"
                                        + " practitioners.")),
                new AccessExplanation(
                        List.of(
                                "You are a member of “Neighbourhood team for Margaret Ellis” as social worker.",
                                "The data-sharing agreement “Northbank” shares coordination information."),
                        false),
                List.of(
                        new RecentChange(
                                "Task updated: Check pressure area on left heel",
                                "9 March 2026 at 9:32am",
                                "Nina Patel"),
                        new RecentChange("Goal added: Tea in the garden " + XSS, "1 March 2026 at 10:00am", null)),
                List.of(new HandOnOrganisation("city-council-asc", "City Council Adult Social Care")));

        @Override
        public PersonRecord recordOf(CurrentUser user, String personId) {
            return switch (personId) {
                case "p-ellis" -> MARGARET;
                case "p-moore" ->
                    throw new FhirServiceException(Reason.ACCESS_DENIED, 403, "HIDE Patient/p-moore", null);
                case "p-emergency" ->
                    new PersonRecord(
                            MARGARET.person(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            new AccessExplanation(List.of("You are using emergency access (break glass)."), true),
                            List.of(),
                            List.of());
                case "p-emergency-elsewhere" ->
                    new PersonRecord(
                            MARGARET.person(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            new AccessExplanation(
                                    List.of("You are using emergency access (break glass)."),
                                    true,
                                    "9:15pm on Saturday 28 November 2026"),
                            List.of(),
                            List.of());
                default -> throw new FhirServiceException(Reason.NOT_FOUND, 404, "Patient/" + personId, null);
            };
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    static final String SAM_TOKEN = TestLogins.accessToken(
            "sam.taylor",
            "Sam Taylor",
            "Practitioner/sam-taylor",
            "city-council-asc",
            "social-care",
            List.of("social-worker"));

    static RequestPostProcessor sam() {
        return TestLogins.signedIn("sam.taylor", "Sam Taylor", SAM_TOKEN);
    }

    @Test
    void showsWhoThePersonIsAndTheirKeyContacts() throws Exception {
        String page = page("/people/p-ellis");
        assertThat(page)
                .contains("<title>Margaret Ellis – Neighbourhood Workspace</title>")
                .contains("id=\"person-name\">Margaret Ellis<")
                .contains("999 104 2113")
                .contains("14 March 1941")
                .contains("(85 years old)")
                .contains("7 Willow Court, Northbank, NB2 5WE")
                .contains("<strong>George Ellis</strong>, Son and main carer, 07700 900601")
                .contains("nhsuk-summary-list")
                .contains("href=\"/\"");
    }

    @Test
    void showsThePlanTheCareTeamAndTheOpenTasks() throws Exception {
        String page = page("/people/p-ellis");
        assertThat(page)
                .contains("Individual Plan for Margaret Ellis")
                .contains("nhsuk-tag nhsuk-tag--green plan-status\">Active<")
                .contains("What matters to me")
                .contains(">Staying in my own home with my cat<")
                .contains(">Stay out of hospital<")
                .contains("Heart failure monitoring at home")
                .contains(">Nina Patel<")
                .contains("id=\"care-team\"")
                .contains("Community nurse")
                .contains("Northbank Community Health Trust")
                .contains("12 September 2025")
                .contains("Age Well support team")
                .contains("id=\"open-tasks\"")
                .contains("Check pressure area on left heel")
                .contains("task-priority\">Urgent<")
                .contains("task-overdue\">Overdue<")
                .contains("task-unclaimed\">Unclaimed<")
                .contains("Nobody yet");
    }

    @Test
    void saysWhatIsWithheldAndWhyAndWhyTheUserCanSeeThePerson() throws Exception {
        String page = page("/people/p-ellis");
        assertThat(page)
                .contains("nhsuk-warning-callout\" id=\"withheld\"")
                .contains("Some information is not shown to you")
                .contains("2 items are not shown to you: clinical information from Riverside Medical Practice is"
                        + " shared with social care only with the person&#39;s agreement.")
                .contains("withheld-notice withheld-restricted")
                .contains("Northbank Mental Health Trust is labelled restricted")
                .contains("id=\"why-can-i-see-this\"")
                .contains("Why can I see this?")
                .contains("You are a member of “Neighbourhood team for Margaret Ellis” as social worker.")
                .doesNotContain("id=\"emergency-access\"");
    }

    @Test
    void showsTheLatestChangesWithWhenAndWho() throws Exception {
        String page = page("/people/p-ellis");
        assertThat(page)
                .contains("id=\"recent-changes-heading\">Recent changes<")
                .contains("recent-change-what\">Task updated: Check pressure area on left heel<")
                .contains(", 9 March 2026 at 9:32am")
                .contains(", by Nina Patel")
                .contains("Goal added: Tea in the garden &lt;script&gt;")
                .doesNotContain(XSS);
        assertThat(page("/people/p-emergency")).contains("No changes to this person's records are shown to you.");
    }

    @Test
    void offersTheTasksChangesTheUserMayMakeAndComesBackHere() throws Exception {
        String page = page("/people/p-ellis");
        assertThat(page)
                .contains("action=\"/tasks/t-cat/claim\"")
                .contains("action=\"/tasks/t-heel/hand-on\"")
                .contains("action=\"/tasks/t-heel/escalate\"")
                .doesNotContain("action=\"/tasks/t-heel/claim\"")
                .doesNotContain("action=\"/tasks/t-heel/complete\"")
                .doesNotContain("action=\"/tasks/t-cat/hand-on\"")
                .contains("id=\"task-t-heel-hand-on-reason\"")
                .contains("Why are you handing this task on? (required)")
                .contains("<option value=\"city-council-asc\">City Council Adult Social Care</option>")
                .contains("name=\"returnTo\" value=\"/people/p-ellis\"")
                .contains("name=\"version\" value=\"3\"")
                .contains("name=\"_csrf\"")
                .contains(" task: Find a cat-sitter &lt;script&gt;")
                .doesNotContain(XSS);
    }

    @Test
    void emergencyAccessIsShownAsABanner() throws Exception {
        String page = page("/people/p-emergency");
        assertThat(page)
                .contains("id=\"emergency-access\"")
                .contains("You are using emergency access")
                .contains("No Individual Plan is recorded")
                .contains("There are no open tasks")
                .doesNotContain("id=\"withheld\"");
    }

    @Test
    void scriptsInGoalsAndTasksAreShownAsText() throws Exception {
        String page = page("/people/p-ellis");
        assertThat(page)
                .contains("Tea in the garden &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("Find a cat-sitter &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain(XSS);
    }

    @Test
    void aPersonTheRecordDoesNotShowIsA403PageInPlainWords() throws Exception {
        String page = mvc.perform(get("/people/p-moore").with(sam()))
                .andExpect(status().isForbidden())
                .andExpect(view().name("system/error"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("You do not have access to this information")
                .contains("care relationship with the person")
                .doesNotContain("HIDE")
                .doesNotContain("Exception");
    }

    @Test
    void anUnknownPersonIsA404Page() throws Exception {
        String page = mvc.perform(get("/people/p-nobody").with(sam()))
                .andExpect(status().isNotFound())
                .andExpect(view().name("system/error"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Record not found").doesNotContain("Exception");
    }

    @Test
    void somethingThatCannotBeAnIdIsNotFound() throws Exception {
        mvc.perform(get("/people/{id}", "a b<c>").with(sam())).andExpect(status().isNotFound());
        mvc.perform(get("/people/{id}", "x".repeat(65)).with(sam())).andExpect(status().isNotFound());
    }

    @Test
    void officersAndAdministratorsAreToldThePageIsNotForThem() throws Exception {
        String page = mvc.perform(get("/people/p-ellis").with(TestLogins.ireneWalsh()))
                .andExpect(status().isForbidden())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("You cannot use this page").doesNotContain("Margaret");
    }

    @Test
    void aSignedOutRequestIsSentToLogIn() throws Exception {
        mvc.perform(get("/people/p-ellis")).andExpect(status().is3xxRedirection());
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(sam()))
                .andExpect(status().isOk())
                .andExpect(view().name("people/person"))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
