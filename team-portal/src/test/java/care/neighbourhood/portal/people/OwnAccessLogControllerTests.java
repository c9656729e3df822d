package care.neighbourhood.portal.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
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

@WebMvcTest(OwnAccessLogController.class)
@Import({WebSliceTestConfig.class, OwnAccessLogControllerTests.Fixture.class})
class OwnAccessLogControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** Two accesses to Margaret's record, one of them emergency access; records the periods asked for. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements AccessLog {
        final List<String> asked = new ArrayList<>();

        @Override
        public AccessLogPage logOf(
                care.neighbourhood.portal.security.CurrentUser user, String personId, LocalDate from, LocalDate to) {
            asked.add(personId + " " + from + " " + to);
            return new AccessLogPage(
                    from,
                    to,
                    List.of(
                            new Access(
                                    "28 November 2026 at 9:30pm",
                                    "Dr Lee Locum",
                                    "GP",
                                    "Riverside Medical Practice",
                                    "emergency",
                                    "Emergency access",
                                    "=HYPERLINK(\"x\") found collapsed " + PlanControllerTests.XSS,
                                    "looked"),
                            new Access(
                                    "27 November 2026 at 10:00am",
                                    "Nina Patel",
                                    "Community nurse",
                                    "Northbank Community Health Trust",
                                    "care-team",
                                    "They are in your care team",
                                    null,
                                    "changed")));
        }

        @Bean
        java.time.Clock clock() {
            return java.time.Clock.fixed(java.time.Instant.parse("2026-11-29T10:00:00Z"), java.time.ZoneOffset.UTC);
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of();
        }
    }

    @BeforeEach
    void reset() {
        fixture.asked.clear();
    }

    @Test
    void everyAccessIsListedWithWhyAndEmergencyAccessStandsOutWithHowToRaiseAConcern() throws Exception {
        String page = mvc.perform(get("/my/access-log").with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Who has looked at your record", "2 times, newest first")
                .contains(
                        "Nina Patel, ",
                        "Community nurse",
                        "Northbank Community Health Trust",
                        "They are in your care team")
                .contains("(changed something)")
                .contains("id=\"access-log-emergencies\"", "used emergency access to your record", "raise a concern")
                .contains("access-log-emergency", "found collapsed", "id=\"nav-own-access-log\"")
                .doesNotContain(PlanControllerTests.XSS);
        assertThat(fixture.asked).containsExactly("margaret-ellis 2026-08-29 2026-11-29");
    }

    @Test
    void thePeriodIsChosenAndABadOneExplained() throws Exception {
        mvc.perform(get("/my/access-log")
                        .param("from", "2026-09-01")
                        .param("to", "2026-11-30")
                        .with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isOk());
        assertThat(fixture.asked).containsExactly("margaret-ellis 2026-09-01 2026-11-30");
        String backwards = mvc.perform(get("/my/access-log")
                        .param("from", "2026-12-01")
                        .param("to", "2026-11-01")
                        .with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(backwards).contains("The start of the period must be before its end");
        mvc.perform(get("/my/access-log").param("from", "last week").with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/my/access-log")
                        .param("from", "2020-01-01")
                        .param("to", "2026-11-01")
                        .with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isBadRequest());
        assertThat(fixture.asked).hasSize(1);
    }

    @Test
    void theListIsDownloadedAsCsvThatASpreadsheetOpensSafely() throws Exception {
        var response = mvc.perform(get("/my/access-log.csv")
                        .param("from", "2026-09-01")
                        .param("to", "2026-11-30")
                        .with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition")).contains("who-has-looked-2026-09-01-to-2026-11-30.csv");
        String csv = response.getContentAsString();
        assertThat(csv).startsWith("When,Who,Role,Organisation,What they did,Why,Reason given\r\n");
        assertThat(csv).contains("Nina Patel,Community nurse").contains("'=HYPERLINK");
        mvc.perform(get("/my/access-log.csv")
                        .param("from", "soon")
                        .param("to", "2026-11-30")
                        .with(OwnPlanControllerTests.margaret()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void itIsForThePersonOnly() throws Exception {
        mvc.perform(get("/my/access-log").with(OwnPlanControllerTests.george())).andExpect(status().isForbidden());
        mvc.perform(get("/my/access-log").with(TestLogins.ninaPatel())).andExpect(status().isForbidden());
        mvc.perform(get("/my/access-log.csv")
                        .param("from", "2026-09-01")
                        .param("to", "2026-11-30")
                        .with(TestLogins.ninaPatel()))
                .andExpect(status().isForbidden());
        assertThat(fixture.asked).isEmpty();
    }
}
