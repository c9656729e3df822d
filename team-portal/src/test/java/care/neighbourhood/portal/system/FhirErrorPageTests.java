package care.neighbourhood.portal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import care.neighbourhood.portal.fhir.FhirStubServer;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.fhir.FhirStubServer.Received;
import care.neighbourhood.portal.security.TestLogins;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole portal against a FHIR server stand-in that fails: the user gets a readable page in the
 * NHS error summary style, with the right status, and nothing technical.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class FhirErrorPageTests {

    static final FhirStubServer fhir = FhirStubServer.start();

    @DynamicPropertySource
    static void fhirServer(DynamicPropertyRegistry properties) {
        properties.add("workspace.fhir.base-url", fhir::baseUrl);
        properties.add("workspace.fhir.connect-timeout", () -> "2s");
        properties.add("workspace.fhir.read-timeout", () -> "5s");
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    @Test
    void aRefusalExplainsThatTheUserHasNoAccess() throws Exception {
        fhir.answer(request -> Answer.outcome(403, "Denied by rule CareRelationship at AccessRules.java:42"));

        MockHttpServletResponse page = caseloadPage();

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(page.getContentAsString())
                .contains("nhsuk-error-summary")
                .contains("You do not have access to this information")
                .contains("id=\"error-reference\"")
                .doesNotContain("AccessRules")
                .doesNotContain("CareRelationship");
        assertReadable(page.getContentAsString());
    }

    @Test
    void theUsersOwnTokenIsRelayedToTheFhirServer() throws Exception {
        fhir.answer(request -> Answer.outcome(403, "Denied"));

        caseloadPage();

        assertThat(fhir.received())
                .isNotEmpty()
                .extracting(Received::authorization)
                .containsOnly("Bearer " + TestLogins.NINA_PATEL_TOKEN);
    }

    @Test
    void aServerErrorSaysSorry() throws Exception {
        fhir.answer(request -> Answer.text(
                500, "<pre>java.lang.NullPointerException\n\tat ca.uhn.fhir.jpa.Dao.search(Dao.java:1)</pre>"));

        MockHttpServletResponse page = caseloadPage();

        assertThat(page.getStatus()).isEqualTo(502);
        assertThat(page.getContentAsString()).contains("Sorry, there is a problem with the service");
        assertReadable(page.getContentAsString());
    }

    @Test
    void aServerThatIsDownIsReportedAsUnavailable() throws Exception {
        fhir.answer(request -> Answer.hangUp());

        MockHttpServletResponse page = caseloadPage();

        assertThat(page.getStatus()).isEqualTo(503);
        assertThat(page.getContentAsString())
                .contains("Sorry, the shared care record is not available")
                .contains("Try again");
        assertReadable(page.getContentAsString());
    }

    @Test
    void aRejectedTokenAsksTheUserToLogInAgain() throws Exception {
        fhir.answer(request -> Answer.outcome(401, "Token expired"));

        MockHttpServletResponse page = caseloadPage();

        assertThat(page.getStatus()).isEqualTo(401);
        assertThat(page.getContentAsString())
                .contains("Your session has ended")
                .contains("href=\"/oauth2/authorization/keycloak\"");
        assertReadable(page.getContentAsString());
    }

    @Test
    void errorsOutsideFhirGetTheSamePageThroughSpringBootsErrorHandling() throws Exception {
        // A form post without its CSRF token is refused by Spring Security and rendered by /error.
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/logout"))
                                .header("Accept", "text/html")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This page has expired or you cannot use it");
        assertReadable(page.body());
    }

    @Test
    void theHealthProbeIsOpen() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    private MockHttpServletResponse caseloadPage() throws Exception {
        return mvc.perform(get("/").with(TestLogins.ninaPatel())).andReturn().getResponse();
    }

    /** An NHS-styled page in plain language: no stack trace, exception name or white-label page. */
    private static void assertReadable(String html) {
        assertThat(html)
                .contains("<html lang=\"en\"")
                .contains("nhsuk-error-summary")
                .contains("Neighbourhood Workspace")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain(".java:")
                .doesNotContain("ca.uhn")
                .doesNotContain("Whitelabel Error Page")
                .doesNotContain("Traceback");
    }
}
