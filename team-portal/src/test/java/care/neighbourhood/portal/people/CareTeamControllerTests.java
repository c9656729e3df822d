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
import care.neighbourhood.portal.people.CareTeamPage.Membership;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
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

@WebMvcTest(CareTeamController.class)
@Import({WebSliceTestConfig.class, CareTeamControllerTests.Fixture.class})
class CareTeamControllerTests {

    static final String XSS = "<script>alert('x')</script>";

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** Daniel Foster's care team; the stub records what it was asked to save and answers as told. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements CareTeams {

        boolean mayChange = true;
        RuntimeException refusal;
        CareTeamChange answer;
        final List<Object> saved = new ArrayList<>();

        @Override
        public CareTeamPage teamOf(CurrentUser user, String personId) {
            return new CareTeamPage(
                    personId,
                    "Daniel Foster",
                    "ct-1",
                    "4",
                    "Neighbourhood team for Daniel " + XSS,
                    List.of(
                            new Membership(
                                    0,
                                    "Practitioner/maya-okafor",
                                    "Maya Okafor",
                                    "Mental health practitioner",
                                    "Northbank Mental Health Trust",
                                    "1 June 2026",
                                    null,
                                    false),
                            new Membership(
                                    2,
                                    "Organization/northbank-community",
                                    "Northbank Community Health Trust",
                                    null,
                                    null,
                                    "2 June 2026",
                                    null,
                                    false)),
                    List.of(
                            new Choice(
                                    "PractitionerRole/ben-carter-role",
                                    "Ben Carter – Support worker, Age Well Northbank"),
                            new Choice("Organization/age-well", "Age Well Northbank (everyone who works there)")),
                    List.of(new Choice("support-worker", "Support worker"), new Choice("gp", "General practitioner")),
                    mayChange,
                    "GPs, community nurses and social workers");
        }

        @Override
        public CareTeamChange add(CurrentUser user, String personId, NewMember member) {
            saved.add(member);
            return answered();
        }

        @Override
        public CareTeamChange end(CurrentUser user, String personId, EndedMembership ended) {
            saved.add(ended);
            return answered();
        }

        private CareTeamChange answered() {
            if (refusal != null) {
                throw refusal;
            }
            return answer;
        }

        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneId.of("Europe/London"));
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @BeforeEach
    void reset() {
        fixture.mayChange = true;
        fixture.refusal = null;
        fixture.answer = new CareTeamChange(
                "Ben Carter was added to the care team.", List.of("Ben Carter (Age Well Northbank)"), List.of(), true);
        fixture.saved.clear();
    }

    @Test
    void thePageSaysThatTheTeamDecidesWhoSeesTheRecordAndOffersBothChanges() throws Exception {
        String page = page("/people/p-daniel/care-team");

        assertThat(page)
                .contains("This changes who may see the record")
                .contains("id=\"care-team-members\"", "Maya Okafor", "Since 1 June 2026")
                .contains("id=\"add-form\"", "Ben Carter – Support worker, Age Well Northbank")
                .contains("id=\"end-0-form\"", "id=\"end-2-form\"", "value=\"2026-11-30\"")
                .contains("name=\"_csrf\"", "name=\"version\" value=\"4\"")
                .doesNotContain(XSS)
                .contains("&lt;script&gt;");
    }

    @Test
    void aRoleTheAgreementDoesNotNameSeesTheTeamButNoForms() throws Exception {
        fixture.mayChange = false;

        String page = page("/people/p-daniel/care-team");

        assertThat(page)
                .contains("Maya Okafor", "id=\"care-team-read-only\"", "GPs, community nurses and social workers")
                .doesNotContain("id=\"add-form\"")
                .doesNotContain("end-0-form");
        mvc.perform(add("PractitionerRole/ben-carter-role", "support-worker", "2026-11-30"))
                .andExpect(status().isForbidden());
        assertThat(fixture.saved).isEmpty();
    }

    @Test
    void addingSomeoneSavesWithTheVersionSeenAndSaysWhoMayNowSeeTheRecord() throws Exception {
        mvc.perform(add("PractitionerRole/ben-carter-role", "support-worker", "2026-12-01"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/people/p-daniel/care-team"))
                .andExpect(flash().attribute("careTeamChange", fixture.answer));

        assertThat(fixture.saved)
                .containsExactly(new CareTeams.NewMember(
                        "ct-1",
                        "4",
                        "PractitionerRole/ben-carter-role",
                        "support-worker",
                        java.time.LocalDate.of(2026, 12, 1)));
    }

    @Test
    void whatIsNotOfferedOrNotADateIsRefusedWithTheFormAsFilled() throws Exception {
        String page = mvc.perform(add("Practitioner/someone-else", "matron", "30/11/2026"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("<title>Error: ", "Select who to add to the care team", "Select their role in the care team")
                .contains("as a real date", "value=\"30/11/2026\"");
        assertThat(fixture.saved).isEmpty();
    }

    @Test
    void endingAMembershipNeedsAReasonAndSaysWhoLostAccess() throws Exception {
        String page = mvc.perform(end("0", "Practitioner/maya-okafor", "2026-11-30", "  "))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Enter why the membership ends", "open=\"open\"");
        assertThat(fixture.saved).isEmpty();

        fixture.answer = new CareTeamChange("Maya Okafor's membership ends.", List.of(), List.of("Maya Okafor"), true);
        mvc.perform(end("0", "Practitioner/maya-okafor", "2026-11-30", "Discharged from the service"))
                .andExpect(redirectedUrl("/people/p-daniel/care-team"));
        assertThat(fixture.saved)
                .containsExactly(new CareTeams.EndedMembership(
                        "ct-1",
                        "4",
                        0,
                        "Practitioner/maya-okafor",
                        java.time.LocalDate.of(2026, 11, 30),
                        "Discharged from the service"));
    }

    @Test
    void aUserWhoEndsTheirOwnAccessIsTakenToTheirCaseload() throws Exception {
        fixture.answer = new CareTeamChange("Your membership ends.", List.of(), List.of("Nina Patel"), false);

        mvc.perform(end("2", "Organization/northbank-community", "2026-11-29", "Handed to the practice"))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void aChangeSomeoneElseSavedFirstIsExplainedAndWhatWasEnteredIsKept() throws Exception {
        fixture.refusal = new CareTeamNotChangedException(
                NotChangedBecause.CHANGED_MEANWHILE,
                "Someone else changed this care team at 9:01am, after you opened it. Nothing you entered was saved.",
                null);

        String page = mvc.perform(add("Organization/age-well", "support-worker", "2026-12-01"))
                .andExpect(status().isConflict())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("The care team has not been changed", "Someone else changed this care team at 9:01am")
                .contains("value=\"Organization/age-well\" selected", "value=\"2026-12-01\"");
    }

    @Test
    void formsWithoutTheirTokenOrWithATamperedVersionAreRefused() throws Exception {
        mvc.perform(post("/people/p-daniel/care-team/add")
                        .param("team", "ct-1")
                        .param("version", "4")
                        .with(TestLogins.ninaPatel()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/people/p-daniel/care-team/add")
                        .param("team", "ct-1")
                        .param("version", "4 or 1=1")
                        .with(TestLogins.ninaPatel())
                        .with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/people/not a person/care-team").with(TestLogins.ninaPatel()))
                .andExpect(status().isNotFound());
        assertThat(fixture.saved).isEmpty();
    }

    @Test
    void governanceOfficersHaveNoCareTeamPage() throws Exception {
        mvc.perform(get("/people/p-daniel/care-team").with(TestLogins.ireneWalsh()))
                .andExpect(status().isForbidden());
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static MockHttpServletRequestBuilder add(String member, String role, String start) {
        return post("/people/p-daniel/care-team/add")
                .param("team", "ct-1")
                .param("version", "4")
                .param("member", member)
                .param("role", role)
                .param("start", start)
                .with(TestLogins.ninaPatel())
                .with(csrf());
    }

    private static MockHttpServletRequestBuilder end(String index, String member, String endDate, String reason) {
        return post("/people/p-daniel/care-team/end")
                .param("team", "ct-1")
                .param("version", "4")
                .param("index", index)
                .param("member", member)
                .param("end", endDate)
                .param("reason", reason)
                .with(TestLogins.ninaPatel())
                .with(csrf());
    }
}
