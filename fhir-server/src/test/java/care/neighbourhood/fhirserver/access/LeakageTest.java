package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Edith Moore has no care team: nobody but break-glass may see her record. Every way into the API
 * is tried as the community nurse; none may return anything about her (her name, her NHS number,
 * the ids of her records), and the direct ones answer 403 with nothing but "Access denied.".
 */
class LeakageTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    @Autowired
    DaoRegistry daos;

    private static String edith;
    private static String condition;
    private static String margaret;

    @BeforeEach
    void findEdith() {
        SampleRecords records = new SampleRecords(daos);
        edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
        condition = records.id("Condition", SampleRecords.SAMPLE, SampleRecords.EDITH_CONDITION);
        margaret = records.patientId("9991042113");
    }

    static Stream<Arguments> directWays() {
        return Stream.of(
                Arguments.of("read", (Path) () -> "/Patient/" + edith),
                Arguments.of("vread", (Path) () -> "/Patient/" + edith + "/_history/1"),
                Arguments.of("instance history", (Path) () -> "/Patient/" + edith + "/_history"),
                Arguments.of("$everything", (Path) () -> "/Patient/" + edith + "/$everything"),
                Arguments.of("read of her condition", (Path) () -> "/Condition/" + condition),
                Arguments.of("vread of her condition", (Path) () -> "/Condition/" + condition + "/_history/1"),
                Arguments.of("type history", (Path) () -> "/Condition/_history"),
                Arguments.of("system history", (Path) () -> "/_history"),
                Arguments.of("the internal index", (Path) () -> "/Basic?subject=Patient/" + edith));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directWays")
    void directWaysAreRefused(String way, Path path) {
        HttpResponse<String> response = get(path.get());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertNothingAboutEdith(response);
        assertThat(response.body()).contains("Access denied.");
    }

    /** The other side of narrowing: what is on the caseload is found, by every kind of search. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("caseloadSearches")
    void theCaseloadItselfIsFound(String way, Path path, String expected) {
        HttpResponse<String> response = get(path.get());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).as(way).contains(expected);
    }

    static Stream<Arguments> caseloadSearches() {
        return Stream.of(
                Arguments.of(
                        "her active care teams",
                        (Path) () -> "/CareTeam?status=active&_count=200",
                        "\"resourceType\":\"CareTeam\""),
                Arguments.of(
                        "a person's conditions",
                        (Path) () -> "/Condition?patient=Patient/" + margaret,
                        "\"resourceType\":\"Condition\""),
                Arguments.of("a person by NHS number", (Path) () -> "/Patient?identifier=9991042113", "9991042113"),
                Arguments.of(
                        "her organisation's worklist",
                        (Path) () -> "/Task?owner=Organization/northbank-community&status=requested,in-progress"
                                + "&_count=200&_include=Task:patient",
                        "\"resourceType\":\"Task\""),
                Arguments.of(
                        "care plans with their subjects",
                        (Path) () -> "/CarePlan?_include=CarePlan:subject&_count=200",
                        "\"resourceType\":\"CarePlan\""));
    }

    static Stream<Arguments> searches() {
        return Stream.of(
                Arguments.of("by her id", (Path) () -> "/Patient?_id=" + edith),
                Arguments.of("by her name", (Path) () -> "/Patient?family=Moore"),
                Arguments.of("by her NHS number", (Path) () -> "/Patient?identifier=" + SampleRecords.EDITH_NHS_NUMBER),
                Arguments.of("her conditions", (Path) () -> "/Condition?patient=Patient/" + edith),
                Arguments.of("a chain to her name", (Path) () -> "/Condition?subject:Patient.family=Moore"),
                Arguments.of("a reverse chain", (Path) () -> "/Patient?_has:Condition:patient:_id=" + condition),
                Arguments.of("includes", (Path) () -> "/Condition?_count=200&_include=Condition:patient"),
                Arguments.of("another organisation's worklist", (Path)
                        () -> "/Task?owner=Organization/city-council-asc&status=requested,in-progress&_count=200"),
                Arguments.of("her organisation's closed Tasks", (Path)
                        () -> "/Task?owner=Organization/northbank-community&status=completed&_count=200"),
                Arguments.of(
                        "revinclude from the directory",
                        (Path)
                                () ->
                                        "/Organization?_id=riverside-practice&_revinclude=Patient:general-practitioner&_revinclude=Patient:organization"),
                Arguments.of("revinclude of her care teams", (Path)
                        () -> "/Patient?_revinclude=CareTeam:patient&_count=200"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("searches")
    void searchesFindNothingAboutHer(String way, Path path) {
        HttpResponse<String> response = get(path.get());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertNothingAboutEdith(response);
    }

    @Test
    void systemSearchIsNotAvailable() {
        HttpResponse<String> response = get("?_type=Patient&_id=" + edith);
        assertThat(response.statusCode()).isBetween(400, 403);
        assertNothingAboutEdith(response);
    }

    @Test
    void transactionAndBatchReadsFindNothingAboutHer() {
        for (String type : new String[] {"batch", "transaction"}) {
            String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":["
                    + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + edith + "\"}},"
                    + "{\"request\":{\"method\":\"GET\",\"url\":\"Condition?patient=Patient/" + edith + "\"}}]}";
            HttpResponse<String> response = post("", bundle);
            assertNothingAboutEdith(response);
        }
    }

    @Test
    void conditionalCreateDoesNotRevealThatSheExists() {
        String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Probe\"}],"
                + "\"identifier\":[{\"system\":\"" + SampleRecords.NHS_NUMBER + "\",\"value\":\""
                + SampleRecords.EDITH_NHS_NUMBER + "\"}]}";
        HttpResponse<String> response = send(request("/Patient")
                .header("Authorization", "Bearer " + NURSE)
                .header("Content-Type", "application/fhir+json")
                .header(
                        "If-None-Exist",
                        "identifier=" + SampleRecords.NHS_NUMBER + "|" + SampleRecords.EDITH_NHS_NUMBER)
                .POST(HttpRequest.BodyPublishers.ofString(patient)));
        assertNothingAboutEdith(response);
        assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("Patient/" + edith + "/");
    }

    @Test
    void conditionalDeleteCannotReachHerRecords() {
        HttpResponse<String> response = send(request("/Condition?patient=Patient/" + edith)
                .header("Authorization", "Bearer " + NURSE)
                .DELETE());
        assertNothingAboutEdith(response);
        assertThat(get("/Condition/" + condition).statusCode()).isEqualTo(403); // still there, still hers
        assertThat(daos.getResourceDao("Condition")
                        .read(
                                new org.hl7.fhir.r4.model.IdType("Condition", condition),
                                new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
                        .getIdElement()
                        .getIdPart())
                .isEqualTo(condition);
    }

    @Test
    void graphQlIsNotAvailable() {
        HttpResponse<String> response = post("/$graphql", "{\"query\":\"{PatientList{name{family}}}\"}");
        assertThat(response.statusCode()).isBetween(400, 499);
        assertNothingAboutEdith(response);
    }

    /** Her data must not appear; links that only repeat the caller's own query are not her data. */
    private void assertNothingAboutEdith(HttpResponse<String> response) {
        String withoutQueryEcho = response.body().replaceAll("\"link\":\\[[^\\]]*\\]", "\"link\":[]");
        assertThat(withoutQueryEcho)
                .doesNotContain("Moore")
                .doesNotContain(SampleRecords.EDITH_NHS_NUMBER)
                .doesNotContain("Patient/" + edith + "\"")
                .doesNotContain("Patient/" + edith + "/")
                .doesNotContain("Condition/" + condition);
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).header("Authorization", "Bearer " + NURSE).GET());
    }

    private HttpResponse<String> post(String path, String body) {
        return send(request(path)
                .header("Authorization", "Bearer " + NURSE)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A path computed once the sample ids are known. */
    interface Path {
        String get();
    }
}
