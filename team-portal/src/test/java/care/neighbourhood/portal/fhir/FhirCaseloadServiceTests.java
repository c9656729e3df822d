package care.neighbourhood.portal.fhir;

import static care.neighbourhood.portal.fhir.FhirFixtures.MONDAY_MORNING;
import static care.neighbourhood.portal.fhir.FhirFixtures.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.caseload.CaseloadPage;
import care.neighbourhood.portal.caseload.CaseloadQuery;
import care.neighbourhood.portal.caseload.CaseloadSort;
import care.neighbourhood.portal.caseload.PersonOnCaseload;
import care.neighbourhood.portal.caseload.TaskFilter;
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
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
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
    void aPageIsOneCallToTheServersCaseloadWithTheViewAskedFor() {
        fhir.answer(request -> Answer.ok(caseload(
                40,
                57,
                entry(patient("ellis", "Ellis", "Margaret", "1944-05-17", "9990000018"), 2, 1, 1),
                entry(patient("hughes", "Hughes", "Stanley", "1944-03-10", "9990000034"), 1, 0, 1),
                entry(patient("khan", "Khan", "Yusuf", "1958-11-02", null), 0, 0, 0))));

        CaseloadPage page = service(fhir.baseUrl())
                .pageFor(NINA, new CaseloadQuery("Hughes", TaskFilter.OVERDUE, CaseloadSort.AGE, 2));

        assertThat(page.people())
                .containsExactly(
                        new PersonOnCaseload("ellis", "ELLIS, Margaret", 81, "9990000018", 2, 1, 1),
                        new PersonOnCaseload("hughes", "HUGHES, Stanley", 81, "9990000034", 1, 0, 1),
                        new PersonOnCaseload("khan", "KHAN, Yusuf", 67, null, 0, 0, 0));
        assertThat(page.matching()).isEqualTo(40);
        assertThat(page.caseloadSize()).isEqualTo(57);
        assertThat(page.pages()).isEqualTo(2);
        assertThat(fhir.received()).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/fhir/Patient/$caseload");
            assertThat(call.authorization()).isEqualTo("Bearer token-of-nina-patel");
            assertThat(call.param("q")).isEqualTo("Hughes");
            assertThat(call.param("tasks")).isEqualTo("overdue");
            assertThat(call.param("sort")).isEqualTo("age");
            assertThat(call.param("_count")).isEqualTo("25");
            assertThat(call.param("page")).isEqualTo("2");
        });
    }

    @Test
    void aPagePastTheLastShowsTheLastPage() {
        fhir.answer(request -> Answer.ok(
                request.param("page").equals("7")
                        ? caseload(3, 3)
                        : caseload(3, 3, entry(patient("khan", "Khan", "Yusuf", "1958-11-02", null), 0, 0, 0))));

        CaseloadPage page =
                service(fhir.baseUrl()).pageFor(NINA, CaseloadQuery.everyone().onPage(7));

        assertThat(page.page()).isEqualTo(1);
        assertThat(page.people()).extracting(PersonOnCaseload::patientId).containsExactly("khan");
        assertThat(fhir.received()).extracting(call -> call.param("page")).containsExactly("7", "1");
    }

    @Test
    void anEmptyCaseloadIsAnEmptyPage() {
        fhir.answer(request -> Answer.ok(caseload(0, 0)));

        CaseloadPage page = service(fhir.baseUrl()).pageFor(NINA, CaseloadQuery.everyone());

        assertThat(page.people()).isEmpty();
        assertThat(page.caseloadSize()).isZero();
        assertThat(fhir.received()).hasSize(1);
    }

    /** What {@code Patient/$caseload} answers. */
    private static Bundle caseload(int matching, int size, Bundle.BundleEntryComponent... entries) {
        Bundle answer = bundle(null);
        answer.setTotal(matching);
        answer.getMeta().addExtension(FhirCaseloadService.SIZE_EXTENSION, new IntegerType(size));
        for (Bundle.BundleEntryComponent entry : entries) {
            answer.addEntry(entry);
        }
        return answer;
    }

    private static Bundle.BundleEntryComponent entry(Patient patient, int open, int overdue, int unclaimed) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setResource(patient);
        Extension tasks = entry.getSearch().addExtension().setUrl(FhirCaseloadService.TASKS_EXTENSION);
        tasks.addExtension("open", new IntegerType(open));
        tasks.addExtension("overdue", new IntegerType(overdue));
        tasks.addExtension("unclaimed", new IntegerType(unclaimed));
        return entry;
    }

    @Test
    void aRefusalBecomesAccessDenied() {
        fhir.answer(request -> Answer.outcome(403, "Access denied by rule: no care relationship"));

        assertThatThrownBy(() -> service(fhir.baseUrl()).pageFor(NINA, CaseloadQuery.everyone()))
                .isInstanceOfSatisfying(FhirServiceException.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(failure.statusCode()).isEqualTo(403);
                });
    }

    @Test
    void anExpiredTokenBecomesNotAuthenticated() {
        fhir.answer(request -> Answer.outcome(401, "Token expired"));

        assertThatThrownBy(() -> service(fhir.baseUrl()).pageFor(NINA, CaseloadQuery.everyone()))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.NOT_AUTHENTICATED));
    }

    @Test
    void aServerErrorWithANonFhirBodyBecomesServerError() {
        fhir.answer(request -> Answer.text(500, "<html>java.lang.NullPointerException</html>"));

        assertThatThrownBy(() -> service(fhir.baseUrl()).pageFor(NINA, CaseloadQuery.everyone()))
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
                        service("http://127.0.0.1:" + closedPort + "/fhir").pageFor(NINA, CaseloadQuery.everyone()))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void aServerThatHangsUpBecomesUnavailable() {
        fhir.answer(request -> Answer.hangUp());

        assertThatThrownBy(() -> service(fhir.baseUrl()).pageFor(NINA, CaseloadQuery.everyone()))
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
