package care.neighbourhood.fhirserver.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Patient/$caseload} lists the people on the caller's caseload with their open, overdue and
 * unclaimed tasks, filtered, ordered and paged in the database, and nobody else: the neighbourhood of
 * {@link TeamNeighbourhood}, where the practice holds Ann, Bob and Dan and the other organisation Cat.
 */
class CaseloadListTest extends TeamNeighbourhood {

    private static final String NURSE =
            TestTokens.TRUSTED.token("wl.nurse", "wl-practice", "health", "community-nurse");
    private static final String GP = TestTokens.TRUSTED.token("wl.gp", "wl-practice", "health", "gp");
    private static final String ELSEWHERE =
            TestTokens.TRUSTED.token("wl.away", "wl-elsewhere", "health", "community-nurse");

    @Test
    void theCaseloadListsEveryoneByNameWithTheirTasks() {
        Bundle page = caseload("", NURSE);
        assertThat(people(page)).containsExactly("wl-ann", "wl-bob", "wl-dan");
        assertThat(page.getTotal()).isEqualTo(3);
        assertThat(size(page)).isEqualTo(3);
        assertThat(tasks(page, "wl-ann"))
                .as("Ann: the restricted task left out")
                .containsExactly(2, 1, 1);
        assertThat(tasks(page, "wl-bob")).containsExactly(2, 0, 1);
        assertThat(tasks(page, "wl-dan")).containsExactly(0, 0, 0);
    }

    @Test
    void aRoleThatMaySeeRestrictedTasksHasThemCounted() {
        assertThat(tasks(caseload("", GP), "wl-ann")).containsExactly(3, 1, 2);
    }

    static Stream<Arguments> views() {
        return Stream.of(
                Arguments.of("tasks=open", List.of("wl-ann", "wl-bob")),
                Arguments.of("tasks=overdue", List.of("wl-ann")),
                Arguments.of("tasks=unclaimed", List.of("wl-ann", "wl-bob")),
                Arguments.of("tasks=all", List.of("wl-ann", "wl-bob", "wl-dan")),
                Arguments.of("sort=overdue", List.of("wl-ann", "wl-bob", "wl-dan")),
                Arguments.of("sort=open&tasks=open", List.of("wl-ann", "wl-bob")),
                Arguments.of("sort=age", List.of("wl-ann", "wl-bob", "wl-dan")),
                Arguments.of("q=bob", List.of("wl-bob")),
                Arguments.of("q=BOB%2C%20test", List.of("wl-bob")),
                Arguments.of("q=test%20dan", List.of("wl-dan")),
                Arguments.of("q=765", List.of("wl-bob")),
                Arguments.of("q=943%20476%205919", List.of("wl-bob")),
                Arguments.of("q=cat", List.of()),
                Arguments.of("q=%25", List.of()),
                Arguments.of("q=_", List.of()),
                Arguments.of("q=bob&tasks=overdue", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void filtersAndOrdersNarrowTheList(String query, List<String> expected) {
        Bundle page = caseload(query, NURSE);
        assertThat(people(page)).as(query).containsExactlyElementsOf(expected);
        assertThat(page.getTotal()).as(query).isEqualTo(expected.size());
        assertThat(size(page)).as(query).isEqualTo(3);
    }

    @Test
    void pagesFollowEachOtherByTheirLinks() {
        Bundle first = caseload("_count=2", NURSE);
        assertThat(people(first)).containsExactly("wl-ann", "wl-bob");
        String next = first.getLink("next").getUrl();
        Bundle second = caseload(next.substring(next.indexOf('?') + 1), NURSE);
        assertThat(people(second)).containsExactly("wl-dan");
        assertThat(second.getLink("next")).isNull();
    }

    @Test
    void anotherOrganisationListsOnlyItsOwnPeople() {
        assertThat(people(caseload("", ELSEWHERE))).containsExactly("wl-cat");
        assertThat(people(caseload("q=cat", NURSE))).isEmpty();
    }

    /** Whoever asks, the list holds exactly the people their own search of Patients finds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithACaseload")
    void theListHoldsThePeopleASearchFinds(String caller, String token) {
        List<String> listed = people(caseload("_count=100", token));
        HttpResponse<String> search = get("/Patient?_count=1000&_elements=id", token);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        List<String> searched = FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance)
                .map(p -> p.getIdElement().getIdPart())
                .toList();
        assertThat(listed).as(caller).containsExactlyInAnyOrderElementsOf(searched);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithoutACaseload")
    void callersWithoutACaseloadLearnNothing(String caller, String token, int status) {
        HttpResponse<String> response = get("/Patient/$caseload", token);
        assertThat(response.statusCode()).as(caller + ": " + response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("wl-ann", "\"total\"");
    }

    static Stream<Arguments> badCaseloadRequests() {
        return Stream.of(
                Arguments.of("an unknown task filter", "tasks=late"),
                Arguments.of("an unknown order", "sort=surname"),
                Arguments.of("too much text", "q=" + "a".repeat(101)),
                Arguments.of("too many per page", "_count=500"),
                Arguments.of("a page before the first", "page=0"),
                Arguments.of("a search parameter", "family=ann"),
                Arguments.of("an include", "_include=Patient:general-practitioner"),
                Arguments.of("the order twice", "sort=name&sort=age"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCaseloadRequests")
    void badCaseloadRequestsAreToldWhatWasWrong(String what, String query) {
        HttpResponse<String> response = get("/Patient/$caseload?" + query, NURSE);
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome").doesNotContain("wl-ann", "Exception");
    }

    private Bundle caseload(String query, String token) {
        HttpResponse<String> response = get("/Patient/$caseload" + (query.isEmpty() ? "" : "?" + query), token);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static List<String> people(Bundle page) {
        return page.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance)
                .map(p -> p.getIdElement().getIdPart())
                .toList();
    }

    private static int size(Bundle page) {
        return ((IntegerType) page.getMeta()
                        .getExtensionByUrl(CaseloadList.SIZE_EXTENSION)
                        .getValue())
                .getValue();
    }

    /** The person's open, overdue and unclaimed tasks as the list gives them. */
    private static List<Integer> tasks(Bundle page, String person) {
        Bundle.BundleEntryComponent entry = page.getEntry().stream()
                .filter(e -> e.getResource().getIdElement().getIdPart().equals(person))
                .findFirst()
                .orElseThrow();
        Extension tasks = entry.getSearch().getExtensionByUrl(CaseloadList.TASKS_EXTENSION);
        return Stream.of("open", "overdue", "unclaimed")
                .map(kind -> ((IntegerType) tasks.getExtensionByUrl(kind).getValue()).getValue())
                .toList();
    }
}
