package care.neighbourhood.portal.caseload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CaseloadController.class)
@Import({WebSliceTestConfig.class, CaseloadControllerTests.Fixture.class})
class CaseloadControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** Three people on Nina Patel's caseload; nobody on anyone else's. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements CaseloadService {

        static final Caseload NINA_PATEL = new Caseload(List.of(
                new PersonOnCaseload(
                        "p-ellis",
                        "ELLIS, Margaret",
                        82,
                        "9990000018",
                        List.of("City Council Adult Social Care", "Northbank Community Health Trust"),
                        3),
                new PersonOnCaseload(
                        "p-khan", "KHAN, Yusuf", 67, "9990000026", List.of("Riverside Medical Practice"), 0),
                new PersonOnCaseload("p-unknown", "O'NEILL, Aoife", null, null, List.of(), 1)));

        final AtomicReference<CurrentUser> askedFor = new AtomicReference<>();

        @Override
        public Caseload caseloadFor(CurrentUser user) {
            askedFor.set(user);
            return "Practitioner/nina-patel".equals(user.practitionerReference()) ? NINA_PATEL : Caseload.empty();
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            Map<String, String> names = Map.of("northbank-community", "Northbank Community Health Trust");
            return codes ->
                    codes.stream().filter(names::containsKey).collect(Collectors.toMap(code -> code, names::get));
        }
    }

    @Test
    void showsTheCaseloadOfTheSignedInUser() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(view().name("caseload/caseload"))
                .andExpect(content()
                        .string(allOf(
                                containsString("3 people on your caseload"),
                                containsString("id=\"caseload-table\""),
                                containsString("ELLIS, Margaret"),
                                containsString("KHAN, Yusuf"),
                                containsString("O&#39;NEILL, Aoife"),
                                containsString(">82<"),
                                containsString(">67<"),
                                containsString("999 000 0018"),
                                containsString("data-nhs-number=\"9990000018\""),
                                containsString("City Council Adult Social Care"),
                                containsString("Riverside Medical Practice"),
                                containsString("Not recorded"),
                                containsString("caseload-open-tasks\">3<"),
                                containsString("caseload-open-tasks\">0<"))));
    }

    @Test
    void asksForTheCaseloadOfTheUserInTheAccessToken() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel())).andExpect(status().isOk());

        CurrentUser user = fixture.askedFor.get();
        assertThat(user)
                .isEqualTo(new CurrentUser(
                        "nina.patel",
                        "Nina Patel",
                        "Practitioner/nina-patel",
                        "northbank-community",
                        "health",
                        Set.of("community-nurse")));
    }

    @Test
    void theHeaderNamesTheUserAndTheirOrganisationAndOffersLogOut() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("Neighbourhood Workspace"),
                                containsString("id=\"signed-in-user\">Nina Patel<"),
                                containsString("Northbank Community Health Trust</li>"),
                                containsString("action=\"/logout\""),
                                containsString("name=\"_csrf\""),
                                containsString("id=\"logout-button\""),
                                containsString("lang=\"en\""),
                                containsString("href=\"#maincontent\""))));
    }

    @Test
    void anEmptyCaseloadSaysSo() throws Exception {
        String token = TestLogins.accessToken(
                "ben.carter",
                "Ben Carter",
                "Practitioner/ben-carter",
                "age-well",
                "voluntary",
                List.of("support-worker"));

        mvc.perform(get("/").with(TestLogins.signedIn("ben.carter", "Ben Carter", token)))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("No one is on your caseload"),
                                containsString("id=\"caseload-empty\""),
                                not(containsString("id=\"caseload-table\"")),
                                // No name known for the organisation: its code is shown instead.
                                containsString("age-well</li>"))));
    }

    @Test
    void aSignedOutRequestIsSentToLogIn() throws Exception {
        mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
    }
}
