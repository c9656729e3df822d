package care.neighbourhood.portal.fhir;

import static care.neighbourhood.portal.fhir.FhirFixtures.MONDAY_MORNING;
import static care.neighbourhood.portal.fhir.FhirFixtures.due;
import static care.neighbourhood.portal.fhir.FhirFixtures.owned;
import static care.neighbourhood.portal.fhir.FhirFixtures.patient;
import static care.neighbourhood.portal.fhir.FhirFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.caseload.Caseload;
import care.neighbourhood.portal.caseload.PersonOnCaseload;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.fhir.FhirStubServer.Received;
import care.neighbourhood.portal.security.CurrentUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caseload service against a stand-in FHIR server: the searches it makes, how it pages and counts. */
class FhirCaseloadServiceTests {

    static final CurrentUser NINA = new CurrentUser(
            "nina.patel",
            "Nina Patel",
            "Practitioner/nina-patel",
            "northbank-community",
            "health",
            Set.of("community-nurse"));

    static FhirStubServer fhir;

    @BeforeAll
    static void startFhirServer() {
        fhir = FhirStubServer.start();
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    @Test
    void listsEveryoneTheServerShowsWithTheirTaskCountsFromTwoPagedSearches() {
        fhir.answer(request -> switch (request.path() + (request.param("_getpages") == null ? "" : "?page")) {
            case "/fhir/Patient" ->
                Answer.ok(bundle(
                        fhir.baseUrl() + "?_getpages=people&_getpagesoffset=2&_count=2",
                        patient("ellis", "Ellis", "Margaret", "1944-05-17", "9990000018"),
                        patient("hughes", "Hughes", "Stanley", "1944-03-10", "9990000034")));
            case "/fhir?page" ->
                request.param("_getpages").equals("people")
                        ? Answer.ok(bundle(null, patient("khan", "Khan", "Yusuf", "1958-11-02", null)))
                        : Answer.ok(bundle(
                                null,
                                owned(
                                        task("t4", "Patient/hughes", TaskStatus.REQUESTED),
                                        "Organization/northbank-community",
                                        "Northbank Community Health Trust")));
            case "/fhir/Task" ->
                Answer.ok(bundle(
                        fhir.baseUrl() + "?_getpages=tasks&_getpagesoffset=2&_count=2",
                        due(
                                owned(
                                        task("t1", "Patient/ellis", TaskStatus.ACCEPTED),
                                        "Practitioner/nina-patel",
                                        "Nina"),
                                "2026-03-06"),
                        due(task("t2", "Patient/ellis", TaskStatus.REQUESTED), "2026-03-09")));
            default -> Answer.outcome(404, "Unexpected " + request.path());
        });

        Caseload caseload = service(fhir.baseUrl()).caseloadFor(NINA);

        assertThat(caseload.people())
                .containsExactly(
                        new PersonOnCaseload("ellis", "ELLIS, Margaret", 81, "9990000018", 2, 1, 1),
                        new PersonOnCaseload("hughes", "HUGHES, Stanley", 81, "9990000034", 1, 0, 1),
                        new PersonOnCaseload("khan", "KHAN, Yusuf", 67, null, 0, 0, 0));

        List<Received> requests = fhir.received();
        assertThat(requests).hasSize(4);
        assertThat(requests).extracting(Received::authorization).containsOnly("Bearer token-of-nina-patel");
        Received people = find(requests, "/fhir/Patient");
        assertThat(people.param("_count")).isEqualTo("2");
        assertThat(people.param("_elements"))
                .contains("name")
                .contains("birthDate")
                .contains("identifier");
        Received tasks = find(requests, "/fhir/Task");
        assertThat(tasks.param("status")).isEqualTo("requested,received,accepted,ready,in-progress,on-hold");
        assertThat(tasks.param("patient"))
                .as("the server narrows; no list of people")
                .isNull();
        assertThat(tasks.param("_elements")).contains("for").contains("owner").contains("restriction");
    }

    @Test
    void anEmptyCaseloadAsksForNoTasks() {
        fhir.answer(request -> Answer.ok(bundle(null)));

        assertThat(service(fhir.baseUrl()).caseloadFor(NINA).isEmpty()).isTrue();
        assertThat(fhir.received()).extracting(Received::path).containsExactly("/fhir/Patient");
    }

    @Test
    void aRefusalBecomesAccessDenied() {
        fhir.answer(request -> Answer.outcome(403, "Access denied by rule: no care relationship"));

        assertThatThrownBy(() -> service(fhir.baseUrl()).caseloadFor(NINA))
                .isInstanceOfSatisfying(FhirServiceException.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(failure.statusCode()).isEqualTo(403);
                });
    }

    @Test
    void anExpiredTokenBecomesNotAuthenticated() {
        fhir.answer(request -> Answer.outcome(401, "Token expired"));

        assertThatThrownBy(() -> service(fhir.baseUrl()).caseloadFor(NINA))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.NOT_AUTHENTICATED));
    }

    @Test
    void aServerErrorWithANonFhirBodyBecomesServerError() {
        fhir.answer(request -> Answer.text(500, "<html>java.lang.NullPointerException</html>"));

        assertThatThrownBy(() -> service(fhir.baseUrl()).caseloadFor(NINA))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR));
    }

    @Test
    void aServerThatIsDownBecomesUnavailable() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() ->
                        service("http://127.0.0.1:" + closedPort + "/fhir").caseloadFor(NINA))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void aServerThatHangsUpBecomesUnavailable() {
        fhir.answer(request -> Answer.hangUp());

        assertThatThrownBy(() -> service(fhir.baseUrl()).caseloadFor(NINA))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void searchesStopAfterTheLastPageTheyMayRead() {
        fhir.answer(request -> Answer.ok(bundle(fhir.baseUrl() + "?_getpages=endless&_getpagesoffset=2")));
        var properties =
                new FhirProperties(URI.create(fhir.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 2, 3);
        var searches = new FhirSearches(
                new FhirClientConfig().fhirClient(FhirContext.forR4Cached(), properties, () -> "token"), properties);

        assertThatThrownBy(() -> searches.all(
                        "reading an endless search",
                        client -> client.search()
                                .forResource(PractitionerRole.class)
                                .returnBundle(Bundle.class)))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.TOO_MANY_RESULTS));
        assertThat(fhir.received()).hasSize(3);
    }

    static FhirCaseloadService service(String baseUrl) {
        var properties = new FhirProperties(URI.create(baseUrl), Duration.ofSeconds(2), Duration.ofSeconds(5), 2, 10);
        var client =
                new FhirClientConfig().fhirClient(FhirContext.forR4Cached(), properties, () -> "token-of-nina-patel");
        return new FhirCaseloadService(new FhirSearches(client, properties), MONDAY_MORNING);
    }

    static Received find(List<Received> requests, String path) {
        return requests.stream()
                .filter(request -> request.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No request to " + path + " in " + requests));
    }

    static Bundle bundle(String next, Resource... resources) {
        return FhirFixtures.bundle(fhir.baseUrl(), next, resources);
    }
}
