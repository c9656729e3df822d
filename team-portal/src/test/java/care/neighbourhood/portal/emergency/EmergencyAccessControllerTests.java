package care.neighbourhood.portal.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import care.neighbourhood.portal.fhir.FhirServiceException;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(EmergencyAccessController.class)
@Import({WebSliceTestConfig.class, EmergencyAccessSession.class, EmergencyAccessControllerTests.Fixture.class})
class EmergencyAccessControllerTests {

    static final String XSS = "<script>alert('x')</script>";
    static final Instant NOW = Instant.parse("2026-11-28T14:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture server;

    MockHttpSession session;

    /**
     * The FHIR server as the look-up and break-glass answer: Edith Moore (off the caseload), Margaret
     * Ellis (on it), a person whose name tries to run a script, "Smith" matches too many, and a
     * break-glass that the server cannot answer for one id.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements EmergencyAccess {

        final List<PersonLookUp> lookUps = new ArrayList<>();
        final List<String> requests = new ArrayList<>();

        @Override
        public List<FoundPerson> lookUp(PersonLookUp query) {
            lookUps.add(query);
            if (query.byNhsNumber()) {
                return query.nhsDigits().equals("9994077333")
                        ? List.of(new FoundPerson(
                                "p-moore", "Edith Moore", LocalDate.of(1936, 1, 29), "9994077333", false))
                        : List.of();
            }
            return switch (query.family()) {
                case "Ellis" ->
                    List.of(new FoundPerson(
                            "p-ellis", "Margaret Ellis", LocalDate.of(1941, 3, 14), "9991042113", true));
                case "Script" ->
                    List.of(new FoundPerson("p-xss", "Tom " + XSS, LocalDate.of(1950, 1, 1), "9991156283", false));
                case "Smith" -> throw new EmergencyAccessRefused(true, "too many");
                case "Down" -> throw new FhirServiceException(Reason.UNAVAILABLE, 0, "no answer", null);
                default -> List.of();
            };
        }

        @Override
        public Instant request(String personId, String reason) {
            requests.add(personId + ": " + reason);
            if (personId.equals("p-xss")) {
                throw new FhirServiceException(Reason.SERVER_ERROR, 500, "boom", null);
            }
            return Instant.parse("2026-11-28T18:00:00Z");
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @BeforeEach
    void freshSession() {
        session = new MockHttpSession();
        server.lookUps.clear();
        server.requests.clear();
    }

    @Test
    void theSearchFormAsksForAnNhsNumberOrNameAndDateOfBirth() throws Exception {
        String page = page(get("/find-person"));
        assertThat(page)
                .contains("<title>Find a person – Neighbourhood Workspace</title>")
                .contains("id=\"nhs-number\"")
                .contains("id=\"family\"")
                .contains("nhsuk-date-input")
                .contains("id=\"nav-find-person\"")
                .doesNotContain("nhsuk-error-summary");
        assertThat(server.lookUps).isEmpty();
    }

    @Test
    void aPersonOffTheCaseloadIsSaidToExistAndOffersEmergencyAccess() throws Exception {
        String page = page(get("/find-person").param("nhs-number", "999 407 7333"));
        assertThat(page)
                .contains("1 person matches")
                .contains("Edith Moore")
                .contains("999 407 7333")
                .contains("29 January 1936")
                .contains("is in the shared care record and is not on your caseload")
                .contains("href=\"/emergency-access/p-moore\"")
                .doesNotContain("href=\"/people/p-moore\"");
    }

    @Test
    void aPersonOnTheCaseloadLinksToTheirPage() throws Exception {
        String page = page(get("/find-person")
                .param("family", "Ellis")
                .param("birth-date-day", "14")
                .param("birth-date-month", "3")
                .param("birth-date-year", "1941"));
        assertThat(page).contains("href=\"/people/p-ellis\"").doesNotContain("/emergency-access/p-ellis");
        assertThat(server.lookUps.get(0).birthDate()).isEqualTo(LocalDate.of(1941, 3, 14));
    }

    @Test
    void searchProblemsAreShownInAnErrorSummaryAndNothingIsAsked() throws Exception {
        assertThat(page(get("/find-person").param("nhs-number", "9994077334")))
                .contains("<title>Error: Find a person")
                .contains("nhsuk-error-summary")
                .contains("href=\"#nhs-number\"")
                .contains("Enter a valid 10-digit NHS number");
        assertThat(page(get("/find-person").param("family", "Moore"))).contains("Enter their date of birth");
        assertThat(page(get("/find-person").param("birth-date-day", "29").param("birth-date-month", "1")))
                .contains("Enter an NHS number, or a last name and date of birth");
        assertThat(page(get("/find-person")
                        .param("family", "Mo*")
                        .param("birth-date-day", "31")
                        .param("birth-date-month", "2")
                        .param("birth-date-year", "1936")))
                .contains("Enter the whole last name")
                .contains("Date of birth must be a real date");
        assertThat(server.lookUps).isEmpty();
    }

    @Test
    void tooManyMatchesAskForMoreAndAnUnavailableServerIsItsErrorPage() throws Exception {
        assertThat(page(get("/find-person")
                        .param("family", "Smith")
                        .param("birth-date-day", "1")
                        .param("birth-date-month", "1")
                        .param("birth-date-year", "1950")))
                .contains("More than 5 people match");
        mvc.perform(get("/find-person")
                        .param("family", "Down")
                        .param("birth-date-day", "1")
                        .param("birth-date-month", "1")
                        .param("birth-date-year", "1950")
                        .with(TestLogins.ninaPatel()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(view().name("system/error"));
    }

    @Test
    void theRequestPageExplainsTheRuleAndAReasonIsRequired() throws Exception {
        page(get("/find-person").param("nhs-number", "9994077333"));
        String form = page(get("/emergency-access/p-moore"));
        assertThat(form)
                .contains("nhsuk-warning-callout")
                .contains("Edith Moore")
                .contains("4 hours")
                .contains("information governance officer reviews every emergency access")
                .contains("name=\"_csrf\"")
                .contains("action=\"/emergency-access/p-moore\"");

        String refused =
                page(post("/emergency-access/p-moore").param("reason", "   ").with(csrf()));
        assertThat(refused)
                .contains("<title>Error: Request emergency access")
                .contains("nhsuk-error-summary")
                .contains("href=\"#reason\"")
                .contains("Enter why you need emergency access")
                .contains("nhsuk-textarea--error");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aRequestWithAReasonGoesToThePersonsPage() throws Exception {
        page(get("/find-person").param("nhs-number", "9994077333"));
        mvc.perform(post("/emergency-access/p-moore")
                        .param("reason", "Called by the out-of-hours GP about a fall")
                        .with(csrf())
                        .with(TestLogins.ninaPatel())
                        .session(session))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/people/p-moore"));
        assertThat(server.requests).containsExactly("p-moore: Called by the out-of-hours GP about a fall");
        EmergencyAccessSession kept =
                (EmergencyAccessSession) session.getAttribute("scopedTarget.emergencyAccessSession");
        assertThat(kept.grantEnds("p-moore", NOW)).hasValue(Instant.parse("2026-11-28T18:00:00Z"));
        assertThat(EmergencyAccessSession.inWords(Instant.parse("2026-11-28T18:00:00Z")))
                .isEqualTo("6:00pm on Saturday 28 November 2026");
        assertThat(EmergencyAccessSession.inWords(Instant.parse("2026-07-01T17:30:00Z")))
                .as("British Summer Time")
                .isEqualTo("6:30pm on Wednesday 1 July 2026");
    }

    @Test
    void withoutCsrfTheRequestIsRefusedAndNothingIsAsked() throws Exception {
        page(get("/find-person").param("nhs-number", "9994077333"));
        mvc.perform(post("/emergency-access/p-moore")
                        .param("reason", "no token")
                        .with(TestLogins.ninaPatel())
                        .session(session))
                .andExpect(status().isForbidden());
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aPersonNotFoundInThisSessionGoesBackToTheSearch() throws Exception {
        mvc.perform(get("/emergency-access/p-moore")
                        .with(TestLogins.ninaPatel())
                        .session(session))
                .andExpect(redirectedUrl("/find-person"));
        mvc.perform(post("/emergency-access/p-moore")
                        .param("reason", "x")
                        .with(csrf())
                        .with(TestLogins.ninaPatel())
                        .session(session))
                .andExpect(redirectedUrl("/find-person"));
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aServerFailureIsAnErrorPageAndNamesAreEscaped() throws Exception {
        String results = page(get("/find-person")
                .param("family", "Script")
                .param("birth-date-day", "1")
                .param("birth-date-month", "1")
                .param("birth-date-year", "1950"));
        assertThat(results).contains("&lt;script&gt;").doesNotContain(XSS);
        assertThat(page(get("/emergency-access/p-xss")))
                .contains("&lt;script&gt;")
                .doesNotContain(XSS);
        String failed = mvc.perform(post("/emergency-access/p-xss")
                        .param("reason", "A reason")
                        .with(csrf())
                        .with(TestLogins.ninaPatel())
                        .session(session))
                .andExpect(status().is5xxServerError())
                .andExpect(view().name("system/error"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(failed).doesNotContain("boom").doesNotContain("Exception");
    }

    @Test
    void officersAndAdministratorsAreRefused() throws Exception {
        for (var request : List.of(
                get("/find-person"),
                get("/find-person").param("nhs-number", "9994077333"),
                get("/emergency-access/p-moore"),
                post("/emergency-access/p-moore").param("reason", "x").with(csrf()))) {
            String page = mvc.perform(request.with(TestLogins.ireneWalsh()).session(session))
                    .andExpect(status().isForbidden())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).contains("You cannot use this page").doesNotContain("Edith");
        }
        assertThat(server.lookUps).isEmpty();
        assertThat(server.requests).isEmpty();
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(TestLogins.ninaPatel()).session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
