package care.neighbourhood.fhirserver.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Task/$worklist} filters, counts, orders and pages the open Tasks about the people on the
 * caller's caseload, follows every write of a Task at once, and gives nobody a Task about someone off
 * their caseload, a restricted Task they may not see, or anything at all when they have no caseload.
 * The test neighbourhood is its own: two organisations, four people, a dozen Tasks.
 */
class WorklistTest extends TeamNeighbourhood {

    @Test
    void theTeamsOpenTasksComeMostUrgentFirstWithCountsForEveryScope() {
        Bundle page = worklist("", NURSE);
        assertThat(ids(page)).containsExactly("wl-2", "wl-4", "wl-1", "wl-3");
        assertThat(page.getTotal()).isEqualTo(4);
        assertThat(count(page, "mine")).isEqualTo(1);
        assertThat(count(page, "organisation")).isEqualTo(2);
        assertThat(count(page, "unassigned")).isEqualTo(2);
        assertThat(count(page, "team")).isEqualTo(4);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("scope=mine", List.of("wl-1")),
                Arguments.of("scope=organisation", List.of("wl-2", "wl-1")),
                Arguments.of("scope=unassigned", List.of("wl-2", "wl-3")),
                Arguments.of("scope=team", List.of("wl-2", "wl-4", "wl-1", "wl-3")),
                Arguments.of("overdue=true", List.of("wl-1")),
                Arguments.of("priority=stat", List.of("wl-2")),
                Arguments.of("status=requested", List.of("wl-2", "wl-3")),
                Arguments.of("status=accepted,in-progress", List.of("wl-4", "wl-1")),
                Arguments.of("scope=unassigned&status=requested&priority=routine", List.of("wl-3")),
                Arguments.of("scope=mine&overdue=false", List.of("wl-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filtersNarrowTheListAndItsTotal(String query, List<String> expected) {
        Bundle page = worklist(query, NURSE);
        assertThat(ids(page)).as(query).containsExactlyElementsOf(expected);
        assertThat(page.getTotal()).as(query).isEqualTo(expected.size());
    }

    @Test
    void pagesFollowEachOtherByTheirLinks() {
        Bundle first = worklist("_count=3", NURSE);
        assertThat(ids(first)).containsExactly("wl-2", "wl-4", "wl-1");
        assertThat(first.getLink("previous")).isNull();
        String next = first.getLink("next").getUrl();
        assertThat(next).contains("page=2").contains("_count=3");
        Bundle second = worklist(next.substring(next.indexOf('?') + 1), NURSE);
        assertThat(ids(second)).containsExactly("wl-3");
        assertThat(second.getLink("next")).isNull();
        assertThat(second.getLink("previous").getUrl()).contains("page=1");
        assertThat(ids(worklist("_count=3&page=9", NURSE))).isEmpty();
    }

    @Test
    void aRestrictedTaskIsListedAndCountedOnlyForThoseWhoMaySeeIt() {
        assertThat(ids(worklist("", NURSE))).doesNotContain("wl-7");
        Bundle gp = worklist("", GP);
        assertThat(ids(gp)).containsExactly("wl-2", "wl-4", "wl-1", "wl-3", "wl-7");
        assertThat(gp.getTotal()).isEqualTo(5);
    }

    @Test
    void everyWriteOfATaskIsOnTheNextWorklist() {
        save(task("wl-8", "wl-dan", "Organization/" + ORG, "requested", "routine", TODAY.minusDays(1)));
        assertThat(ids(worklist("overdue=true", NURSE))).containsExactly("wl-1", "wl-8");

        save(task("wl-8", "wl-dan", "Practitioner/wl-nurse", "in-progress", "stat", TODAY.minusDays(1)));
        assertThat(ids(worklist("scope=mine", NURSE))).containsExactly("wl-8", "wl-1");

        save(task("wl-8", "wl-dan", "Practitioner/wl-nurse", "completed", "stat", TODAY.minusDays(1)));
        assertThat(ids(worklist("scope=mine", NURSE))).containsExactly("wl-1");

        save(task("wl-9", "wl-dan", null, "requested", "asap", null));
        assertThat(ids(worklist("scope=unassigned", NURSE))).contains("wl-9");
        daos.getResourceDao("Task").delete(new org.hl7.fhir.r4.model.IdType("Task/wl-9"), new SystemRequestDetails());
        assertThat(ids(worklist("scope=unassigned", NURSE))).doesNotContain("wl-9");
    }

    @Test
    void anotherOrganisationSeesOnlyItsOwnPeoplesTasks() {
        Bundle page = worklist("", ELSEWHERE);
        assertThat(ids(page)).containsExactly("wl-6");
        assertThat(page.getTotal()).isEqualTo(1);
        assertThat(count(page, "organisation")).isEqualTo(1);
        assertThat(ids(worklist("", NURSE))).doesNotContain("wl-6");
    }

    @Test
    void theNextWorklistAfterACareRelationshipEndsLeavesThePersonOut() {
        save(careTeam("wl-team-dan", "wl-dan", OTHER_ORG));
        try {
            save(task("wl-10", "wl-dan", "Practitioner/wl-away", "requested", "urgent", null));
            assertThat(ids(worklist("", NURSE))).doesNotContain("wl-10");
            assertThat(ids(worklist("", ELSEWHERE))).contains("wl-10");
        } finally {
            save(task("wl-10", "wl-dan", "Practitioner/wl-away", "completed", "urgent", null));
            save(careTeam("wl-team-dan", "wl-dan", ORG));
        }
    }

    /** Whoever asks, the worklist holds no Task that their own search of open Tasks would not. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithACaseload")
    void theWorklistShowsNoTaskASearchWouldNot(String caller, String token) {
        List<String> listed = ids(worklist("_count=100", token));
        HttpResponse<String> search = get(
                "/Task?status=requested,received,accepted,ready,in-progress,on-hold&_count=1000&_elements=id", token);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        List<String> searched = ids(FHIR.newJsonParser().parseResource(Bundle.class, search.body()));
        assertThat(searched).as(caller).containsAll(listed);
        assertThat(listed.stream().filter(id -> id.startsWith("wl-")).toList())
                .as(caller)
                .containsExactlyInAnyOrderElementsOf(
                        searched.stream().filter(id -> id.startsWith("wl-")).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithoutACaseload")
    void callersWhoMustNotGetThroughLearnNothing(String caller, String token, int status) {
        HttpResponse<String> response = get("/Task/$worklist", token);
        assertThat(response.statusCode()).as(caller + ": " + response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("wl-1", "wl-2", "wl-ann", "\"total\"");
    }

    @Test
    void aSystemWithTaskScopesSeesItsOrganisationsWorklist() {
        String system = TestTokens.TRUSTED.token(
                "wl-ehr", ORG, "health", "none", c -> c.claim("fhirUser", null).claim("scope", "system/Task.rs"));
        assertThat(ids(worklist("scope=organisation", system))).containsExactly("wl-2");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("an unknown scope", "scope=everyone"),
                Arguments.of("a closed status", "status=completed"),
                Arguments.of("an unknown status among good ones", "status=requested,done"),
                Arguments.of("an unknown priority", "priority=high"),
                Arguments.of("overdue not true or false", "overdue=yes"),
                Arguments.of("no tasks per page", "_count=0"),
                Arguments.of("too many per page", "_count=101"),
                Arguments.of("a page before the first", "page=0"),
                Arguments.of("a page that is not a number", "page=two"),
                Arguments.of("a page past the last allowed", "page=10001"),
                Arguments.of("an include", "_include=Task:patient"),
                Arguments.of("a sort", "_sort=-_lastUpdated"),
                Arguments.of("elements", "_elements=for"),
                Arguments.of("a search parameter", "patient=Patient/wl-cat"),
                Arguments.of("the scope twice", "scope=mine&scope=team"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsAreToldWhatWasWrong(String what, String query) {
        HttpResponse<String> response = get("/Task/$worklist?" + query, NURSE);
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome").doesNotContain("wl-ann", "Exception");
    }

    @Test
    void theWorklistIsNotAnInstanceOrServerOperation() {
        for (String path : List.of("/Task/wl-1/$worklist", "/$worklist", "/Patient/$worklist")) {
            HttpResponse<String> response = get(path, NURSE);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 405);
            assertThat(response.body()).doesNotContain("wl-ann");
        }
    }

    private Bundle worklist(String query, String token) {
        HttpResponse<String> response = get("/Task/$worklist" + (query.isEmpty() ? "" : "?" + query), token);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    /** The ids of the page's Tasks that belong to this test's neighbourhood, in order. */
    private static List<String> ids(Bundle page) {
        return page.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Task.class::isInstance)
                .map(task -> task.getIdElement().getIdPart())
                .toList();
    }

    private static int count(Bundle page, String scope) {
        Extension counts = page.getMeta().getExtensionByUrl(Worklist.COUNTS_EXTENSION);
        return ((IntegerType) counts.getExtensionByUrl(scope).getValue()).getValue();
    }
}
