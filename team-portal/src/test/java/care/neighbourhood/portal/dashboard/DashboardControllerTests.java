package care.neighbourhood.portal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(DashboardController.class)
@Import({WebSliceTestConfig.class, BarCharts.class, DashboardControllerTests.Fixture.class})
class DashboardControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** The figures the server would give; an organisation's name is not to be trusted as markup. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements TeamDashboards {

        final AtomicReference<TeamFigures> figures = new AtomicReference<>(new TeamFigures(
                Instant.parse("2026-11-28T10:15:00Z"),
                LocalDate.parse("2026-11-28"),
                14,
                List.of(
                        new TeamFigures.OrganisationShare("Northbank Community Health Trust", 14),
                        new TeamFigures.OrganisationShare("City Council <script>alert(1)</script>", 6)),
                9,
                2,
                4,
                new DashboardPeriod(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-28")),
                new TeamFigures.Durations(8, 185L, 1560L),
                TeamFigures.Durations.NONE,
                List.of(
                        new TeamFigures.HandOff(LocalDate.parse("2026-11-16"), "health", "social-care", 3),
                        new TeamFigures.HandOff(LocalDate.parse("2026-11-23"), "health", "social-care", 2),
                        new TeamFigures.HandOff(LocalDate.parse("2026-11-23"), "voluntary", "health", 1)),
                new TeamFigures.Goals(2, 17)));

        final AtomicReference<DashboardPeriod> askedFor = new AtomicReference<>();

        @Override
        public TeamFigures figuresFor(CurrentUser user, DashboardPeriod period) {
            askedFor.set(period);
            return figures.get();
        }

        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2026-11-28T10:15:00Z"), ZoneId.of("Europe/London"));
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            Map<String, String> names = Map.of("northbank-community", "Northbank Community Health Trust");
            return codes ->
                    codes.stream().filter(names::containsKey).collect(Collectors.toMap(code -> code, names::get));
        }
    }

    @Test
    void showsTheTaskFiguresTheCaseloadByOrganisationAsAChartAndATable() throws Exception {
        mvc.perform(get("/dashboard").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("id=\"figure-open\">9<"),
                                containsString("id=\"figure-overdue\">2<"),
                                containsString("id=\"figure-unclaimed\">4<"),
                                containsString("14 people on your caseload"),
                                containsString("at 10:15 on 28 November 2026"),
                                containsString(
                                        "<th class=\"nhsuk-table__header\" scope=\"row\">Northbank Community Health Trust</th>"),
                                containsString("<td class=\"nhsuk-table__cell nhsuk-table__cell--numeric\">6</td>"),
                                containsString("id=\"caseload-chart\" aria-hidden=\"true\"><svg"),
                                containsString("id=\"nav-dashboard\""),
                                containsString("aria-current=\"page\""),
                                not(containsString("<script>alert(1)</script>")))));
    }

    @Test
    void handOffsBetweenSectorsAreAChartOfTheirTotalsAndATableByWeekAndGoalsAreCounted() throws Exception {
        String page = mvc.perform(get("/dashboard").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("id=\"figure-goals-met\">2<", "id=\"figure-goals-open\">17<")
                .contains("16 November 2026", "23 November 2026", "Health to social care", "Voluntary sector to health")
                .contains("id=\"hand-offs-chart\"");
        String chart = page.substring(page.indexOf("id=\"hand-offs-chart\""), page.indexOf("id=\"hand-offs\""));
        assertThat(chart)
                .as("the chart adds up each direction: 3 + 2")
                .contains("Health to social care")
                .contains(">5<");
    }

    @Test
    void aTeamWithNoOneOnItsCaseloadIsToldSoWithoutAChart() throws Exception {
        TeamFigures before = fixture.figures.get();
        fixture.figures.set(new TeamFigures(
                before.asOf(),
                before.today(),
                0,
                List.of(),
                0,
                0,
                0,
                before.period(),
                TeamFigures.Durations.NONE,
                TeamFigures.Durations.NONE,
                List.of(),
                new TeamFigures.Goals(0, 0)));
        try {
            mvc.perform(get("/dashboard").with(TestLogins.ninaPatel()))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .string(allOf(
                                    containsString("id=\"caseload-none\""),
                                    containsString("0 people on your caseload"),
                                    containsString("No task went from one sector to another in the period."),
                                    not(containsString("id=\"hand-offs-chart\"")),
                                    not(containsString("id=\"caseload-chart\"")))));
        } finally {
            fixture.figures.set(before);
        }
    }

    @Test
    void theTimesOfThePeriodAreInWordsWithTheDefaultPeriodTheLastFourWeeks() throws Exception {
        mvc.perform(get("/dashboard").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("3 hours 5 minutes"),
                                containsString("1 day 2 hours"),
                                containsString("None completed"),
                                containsString("1 November 2026 to 28 November 2026"),
                                not(containsString("id=\"period-error\"")))));
        org.assertj.core.api.Assertions.assertThat(fixture.askedFor.get())
                .isEqualTo(new DashboardPeriod(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-28")));
    }

    @Test
    void aPeriodAskedForIsUsedAndABadOneIsExplainedBesideTheFields() throws Exception {
        mvc.perform(get("/dashboard?from=2026-10-01&to=2026-10-31").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk());
        org.assertj.core.api.Assertions.assertThat(fixture.askedFor.get())
                .isEqualTo(new DashboardPeriod(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31")));
        for (String query : List.of("from=2026-11-05&to=2026-11-01", "from=soon", "from=2024-01-01&to=2026-11-01")) {
            mvc.perform(get("/dashboard?" + query).with(TestLogins.ninaPatel()))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .string(allOf(
                                    containsString("id=\"period-error\""),
                                    containsString("There is a problem"),
                                    containsString("id=\"figure-open\""))));
        }
    }

    @Test
    void usersWithoutACaseloadAreToldTheDashboardIsNotForThem() throws Exception {
        mvc.perform(get("/dashboard").with(TestLogins.ireneWalsh()))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("team dashboard is for members")));
    }
}
