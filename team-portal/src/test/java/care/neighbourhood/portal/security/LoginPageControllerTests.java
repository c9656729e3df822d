package care.neighbourhood.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.UriComponentsBuilder;

@WebMvcTest(LoginPageController.class)
@Import({WebSliceTestConfig.class, LoginPageControllerTests.NoOrganisations.class})
class LoginPageControllerTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class NoOrganisations {
        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void theSignedOutLandingPageOffersLogIn() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("id=\"login-button\""),
                                containsString("href=\"/oauth2/authorization/keycloak\""),
                                containsString(">Log in<"))))
                .andExpect(content().string(not(containsString("logout-button"))));
    }

    @Test
    void aFailedLoginIsExplained() throws Exception {
        mvc.perform(get("/login").param("error", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Logging in did not work")));
    }

    @Autowired
    KeycloakSwitch keycloak;

    @Test
    void logInWhileKeycloakIsNotAnsweringShowsAPlainPageSayingSo() throws Exception {
        keycloak.set(false);
        try {
            mvc.perform(get("/oauth2/authorization/keycloak")).andExpect(redirectedUrl("/login?unavailable"));
            mvc.perform(get("/login").param("unavailable", ""))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "30"))
                    .andExpect(content()
                            .string(allOf(
                                    containsString("Logging in is not possible at the moment"),
                                    containsString("id=\"login-button\""))));
        } finally {
            keycloak.set(true);
        }
    }

    @Test
    void aSignedInUserGoesStraightToTheirCaseload() throws Exception {
        mvc.perform(get("/login").with(TestLogins.ninaPatel())).andExpect(redirectedUrl("/"));
    }

    @Test
    void logInStartsTheAuthorizationCodeFlowWithPkce() throws Exception {
        String location = mvc.perform(get("/oauth2/authorization/keycloak"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();

        assertThat(location).startsWith("http://localhost:8180/realms/neighbourhood/protocol/openid-connect/auth?");
        var query = UriComponentsBuilder.fromUriString(location).build().getQueryParams();
        assertThat(query.getFirst("response_type")).isEqualTo("code");
        assertThat(query.getFirst("client_id")).isEqualTo("team-portal");
        assertThat(query.getFirst("scope")).isEqualTo("openid%20profile%20email");
        assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(query.getFirst("code_challenge")).isNotBlank();
        assertThat(query.getFirst("redirect_uri")).isEqualTo("http://localhost/login/oauth2/code/keycloak");
    }

    @Test
    void logOutAlsoEndsTheKeycloakSession() throws Exception {
        String location = mvc.perform(
                        post("/logout").with(TestLogins.ninaPatel()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();

        assertThat(location).startsWith("http://localhost:8180/realms/neighbourhood/protocol/openid-connect/logout?");
        var query = UriComponentsBuilder.fromUriString(location).build().getQueryParams();
        assertThat(query.getFirst("id_token_hint")).isNotBlank();
        assertThat(query.getFirst("post_logout_redirect_uri")).isEqualTo("http://localhost/");
    }

    @Test
    void logOutNeedsTheFormsCsrfToken() throws Exception {
        mvc.perform(post("/logout").with(TestLogins.ninaPatel())).andExpect(status().isForbidden());
    }

    @Test
    void pagesCarryAContentSecurityPolicy() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string(
                                "Content-Security-Policy",
                                allOf(
                                        containsString("default-src 'self'"),
                                        containsString("script-src 'self'"),
                                        containsString("form-action 'self' http://localhost:8180"))));
    }
}
