package care.neighbourhood.portal.tasks;

import static care.neighbourhood.portal.tasks.TaskFixtures.XSS;
import static care.neighbourhood.portal.tasks.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(TaskBoardController.class)
@Import({WebSliceTestConfig.class, TaskBoardControllerTests.Fixture.class})
class TaskBoardControllerTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture {

        @Bean
        TaskFixtures.StubWork taskWork() {
            return new TaskFixtures.StubWork();
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of("northbank-community", "Northbank Community Health Trust");
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    TaskFixtures.StubWork work;

    static final LocalDate MONDAY = LocalDate.of(2026, 3, 9);

    @BeforeEach
    void nursesBoard() {
        work.shown = rows -> rows;
        work.board = List.of(
                task(
                        "routine-late",
                        "Falls assessment at home",
                        TaskPriority.ROUTINE,
                        MONDAY.plusDays(12),
                        "Northbank Community Health Trust",
                        false,
                        true,
                        Set.of(TaskAction.CLAIM)),
                task(
                        "urgent",
                        "Wound review after discharge " + XSS,
                        TaskPriority.URGENT,
                        MONDAY.plusDays(2),
                        "Northbank Community Health Trust",
                        false,
                        true,
                        Set.of(TaskAction.CLAIM)),
                task(
                        "routine-soon",
                        "Catheter change",
                        TaskPriority.ROUTINE,
                        MONDAY.plusDays(1),
                        "Nina Patel",
                        true,
                        false,
                        Set.of(TaskAction.COMPLETE)),
                task(
                        "overdue",
                        "Check pressure area",
                        TaskPriority.ROUTINE,
                        MONDAY.minusDays(3),
                        "Nina Patel",
                        true,
                        false,
                        Set.of(TaskAction.COMPLETE)),
                task("others", "Medication review", TaskPriority.STAT, null, "Omar Hassan", false, false, Set.of()));
    }

    @Test
    void showsMyOrganisationsTasksMostUrgentFirstWithCountsPerScope() throws Exception {
        String page = page("/tasks");
        assertThat(rowIds(page))
                .as("urgent first, then by due date")
                .containsExactly("urgent", "overdue", "routine-soon", "routine-late");
        assertThat(page)
                .contains("id=\"nav-tasks\"")
                .contains("aria-current=\"page\"")
                .contains("Mine\n")
                .contains("(2)") // mine
                .contains("(4)") // my organisation
                .contains("(5)") // whole team
                .contains("4 tasks: my organisation.")
                .contains("task-priority\">Urgent<")
                .contains("task-overdue\">Overdue<");
    }

    @Test
    void aChangeThatTookThePersonOffTheCaseloadIsSaidOnTheBoard() throws Exception {
        String board = mvc.perform(get("/tasks")
                        .with(TestLogins.ninaPatel())
                        .flashAttr("changed", "Handed to another organisation")
                        .flashAttr("leftCaseload", TaskController.LEFT_CASELOAD))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(board)
                .contains("Handed to another organisation. The change is on the task")
                .contains("id=\"left-caseload\"")
                .contains("The person is no longer on your caseload");
    }

    @Test
    void filtersLiveInTheUrl() throws Exception {
        assertThat(rowIds(page("/tasks?scope=mine"))).containsExactly("overdue", "routine-soon");
        assertThat(rowIds(page("/tasks?scope=team&priority=stat"))).containsExactly("others");
        assertThat(rowIds(page("/tasks?scope=team&overdue=yes"))).containsExactly("overdue");
        assertThat(rowIds(page("/tasks?scope=unassigned"))).containsExactly("urgent", "routine-late");
        assertThat(rowIds(page("/tasks?status=in-progress"))).isEmpty();
        assertThat(page("/tasks?scope=team&priority=urgent&overdue=yes"))
                .contains("href=\"/tasks?scope=mine&amp;priority=urgent&amp;overdue=yes\"")
                .contains("id=\"task-clear\" href=\"/tasks?scope=team\"");
    }

    @Test
    void claimIsAFormWithTheVersionSeenAndACsrfTokenOfferedOnlyWhereAllowed() throws Exception {
        String page = page("/tasks");
        assertThat(page)
                .contains("action=\"/tasks/urgent/claim\"")
                .contains("name=\"version\" value=\"3\"")
                .contains("name=\"returnTo\" value=\"/tasks\"")
                .contains("name=\"_csrf\"")
                .doesNotContain("action=\"/tasks/overdue/claim\"");
    }

    @Test
    void pagesOf25() throws Exception {
        List<TaskOnBoard> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(task(
                    "t" + (100 + i),
                    "Task " + i,
                    TaskPriority.ROUTINE,
                    MONDAY.plusDays(i),
                    null,
                    false,
                    false,
                    Set.of(TaskAction.CLAIM)));
        }
        work.board = many;
        String first = page("/tasks?scope=team");
        assertThat(rowIds(first)).hasSize(25).startsWith("t100");
        assertThat(first).contains("href=\"/tasks?scope=team&amp;page=2\"");
        assertThat(rowIds(page("/tasks?scope=team&page=2"))).containsExactly("t125", "t126", "t127", "t128", "t129");
        assertThat(rowIds(page("/tasks?scope=team&page=9"))).hasSize(5);
    }

    @Test
    void onlyTheRowsOfThePageShownAreCompletedAndShownAsCompleted() throws Exception {
        List<TaskOnBoard> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(task(
                    "t" + (100 + i), null, TaskPriority.ROUTINE, MONDAY.plusDays(i), null, false, false, Set.of()));
        }
        work.board = many;
        List<List<String>> completed = new ArrayList<>();
        work.shown = rows -> {
            completed.add(rows.stream().map(TaskOnBoard::id).toList());
            return rows.stream()
                    .map(row -> task(
                            row.id(), "Described " + row.id(), row.priority(), row.due(), null, false, false, Set.of()))
                    .toList();
        };

        String second = page("/tasks?scope=team&page=2");

        assertThat(completed).containsExactly(List.of("t125", "t126", "t127", "t128", "t129"));
        assertThat(second).contains("Described t125").contains("Described t129");
        assertThat(second).contains("30 tasks");
    }

    @Test
    void scriptsInDescriptionsAreText() throws Exception {
        assertThat(page("/tasks"))
                .contains("Wound review after discharge &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain(XSS);
    }

    @Test
    void valuesNoFormProducesAreBadRequests() throws Exception {
        for (String url : List.of(
                "/tasks?scope=everyone",
                "/tasks?status=done",
                "/tasks?priority=high",
                "/tasks?overdue=maybe",
                "/tasks?page=x")) {
            mvc.perform(get(url).with(TestLogins.ninaPatel())).andExpect(status().isBadRequest());
        }
    }

    @Test
    void officersAreToldTheBoardIsNotForThemAndSignedOutUsersLogIn() throws Exception {
        String page = mvc.perform(get("/tasks").with(TestLogins.ireneWalsh()))
                .andExpect(status().isForbidden())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("You cannot use this page").doesNotContain("Wound review");
        mvc.perform(get("/tasks")).andExpect(status().is3xxRedirection());
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(view().name("tasks/board"))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static List<String> rowIds(String page) {
        Matcher rows = Pattern.compile("class=\"nhsuk-table__row task-row\" data-task-id=\"([^\"]+)\"")
                .matcher(page);
        List<String> ids = new ArrayList<>();
        while (rows.find()) {
            ids.add(rows.group(1));
        }
        return ids;
    }
}
