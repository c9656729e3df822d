package care.neighbourhood.fhirserver.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.PostgresFhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL: the worklist of the sample neighbourhood is what a search of open Tasks finds, a
 * database whose worklist was never filled gets it filled at start, and an older version of a Task
 * never overwrites a newer one.
 */
class WorklistOnPostgresTest extends PostgresFhirServerTestBase {

    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    @Autowired
    WorklistTable table;

    @Autowired
    WorklistFill fill;

    @Autowired
    DataSource dataSource;

    @Test
    void theWorklistHoldsWhatASearchOfOpenTasksFinds() {
        List<String> listed = worklistIds();
        assertThat(listed).isNotEmpty();
        HttpResponse<String> search = get(
                "/Task?status=requested,received,accepted,ready,in-progress,on-hold&_count=1000&_elements=id", NINA);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        List<String> searched = ids(FHIR.newJsonParser().parseResource(Bundle.class, search.body()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(searched);
    }

    @Test
    void theCaseloadListHoldsThePeopleASearchFinds() {
        HttpResponse<String> listed = get("/Patient/$caseload?_count=100&sort=open", NINA);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        HttpResponse<String> search = get("/Patient?_count=1000&_elements=id", NINA);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        List<String> people = patientIds(FHIR.newJsonParser().parseResource(Bundle.class, listed.body()));
        assertThat(people).isNotEmpty();
        assertThat(people)
                .containsExactlyInAnyOrderElementsOf(
                        patientIds(FHIR.newJsonParser().parseResource(Bundle.class, search.body())));
    }

    @Test
    void theTeamDashboardCountsWhatTheCaseloadListAndWorklistHold() {
        HttpResponse<String> answer = get("/Task/$team-dashboard", NINA);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Parameters figures = FHIR.newJsonParser().parseResource(Parameters.class, answer.body());
        HttpResponse<String> people = get("/Patient?_summary=count", NINA);
        int searched =
                FHIR.newJsonParser().parseResource(Bundle.class, people.body()).getTotal();
        assertThat(((IntegerType) figures.getParameter("caseload").getValue()).getValue())
                .isEqualTo(searched);
        int open = figures.getParameter("tasks").getPart().stream()
                .filter(p -> p.getName().equals("open"))
                .map(p -> ((IntegerType) p.getValue()).getValue())
                .findFirst()
                .orElseThrow();
        HttpResponse<String> worklist = get("/Task/$worklist?_count=1", NINA);
        assertThat(open)
                .isEqualTo(FHIR.newJsonParser()
                        .parseResource(Bundle.class, worklist.body())
                        .getTotal());
        assertThat(figures.getParameters("organisation"))
                .as("her own organisation has her whole caseload")
                .anySatisfy(o -> assertThat(((Reference) o.getPart().get(0).getValue()).getReference())
                        .isEqualTo("Organization/northbank-community"));
    }

    private static List<String> patientIds(Bundle page) {
        return page.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(org.hl7.fhir.r4.model.Patient.class::isInstance)
                .map(p -> p.getIdElement().getIdPart())
                .toList();
    }

    @Test
    void aWorklistNeverFilledIsFilledFromTheStoredTasks() {
        List<String> before = worklistIds();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long rows = jdbc.queryForObject("select count(*) from nw_worklist", Long.class);
        long people = jdbc.queryForObject("select count(*) from nw_caseload_person", Long.class);
        jdbc.update("delete from nw_worklist");
        jdbc.update("delete from nw_caseload_person");
        jdbc.update("delete from nw_worklist_state");
        assertThat(worklistIds()).isEmpty();

        fill.run(null);

        assertThat(fill.isReady()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from nw_worklist", Long.class))
                .as("every stored Task has its row again")
                .isEqualTo(rows);
        assertThat(jdbc.queryForObject("select count(*) from nw_caseload_person", Long.class))
                .as("every stored Patient has its row again")
                .isEqualTo(people);
        assertThat(worklistIds()).containsExactlyElementsOf(before);
        assertThat(jdbc.queryForObject("select filled_for from nw_worklist_state", String.class))
                .contains("PSY");
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        table.write(new WorklistRow("wl-pg-1", 5, "someone", null, "completed", 1, null, false));
        table.write(new WorklistRow("wl-pg-1", 4, "someone", null, "requested", 4, null, false));
        assertThat(jdbc.queryForObject("select status from nw_worklist where task_id = 'wl-pg-1'", String.class))
                .isEqualTo("completed");
        table.write(new WorklistRow("wl-pg-1", 6, "someone", null, "requested", 4, null, false));
        assertThat(jdbc.queryForObject("select status from nw_worklist where task_id = 'wl-pg-1'", String.class))
                .isEqualTo("requested");
        jdbc.update("delete from nw_worklist where task_id = 'wl-pg-1'");
    }

    private List<String> worklistIds() {
        HttpResponse<String> response = get("/Task/$worklist?_count=100", NINA);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ids(FHIR.newJsonParser().parseResource(Bundle.class, response.body()));
    }

    private static List<String> ids(Bundle page) {
        return page.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Task.class::isInstance)
                .map(task -> task.getIdElement().getIdPart())
                .toList();
    }
}
