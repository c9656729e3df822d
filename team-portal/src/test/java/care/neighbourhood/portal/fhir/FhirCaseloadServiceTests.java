package care.neighbourhood.portal.fhir;

import static care.neighbourhood.portal.fhir.CaseloadAssemblerTests.MONDAY_MORNING;
import static care.neighbourhood.portal.fhir.CaseloadAssemblerTests.careTeam;
import static care.neighbourhood.portal.fhir.CaseloadAssemblerTests.organisation;
import static care.neighbourhood.portal.fhir.CaseloadAssemblerTests.participant;
import static care.neighbourhood.portal.fhir.CaseloadAssemblerTests.patient;
import static care.neighbourhood.portal.fhir.CaseloadAssemblerTests.task;
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
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caseload service against a stand-in FHIR server: the searches it makes and how it pages. */
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
    void buildsTheCaseloadFromEveryPageOfTheSearches() {
        fhir.answer(request -> switch (request.path()) {
            case "/fhir/PractitionerRole" -> Answer.ok(bundle(null, role()));
            case "/fhir/CareTeam" ->
                Answer.ok(bundle(
                        fhir.baseUrl() + "?_getpages=caseload&_getpagesoffset=2&_count=2",
                        careTeam("ellis", "Patient/ellis", participant("Practitioner/nina-patel", "2025-01-01", null)),
                        include(patient("ellis", "Ellis", "Margaret", "1944-05-17", "9990000018"))));
            case "/fhir" ->
                Answer.ok(bundle(
                        null,
                        careTeam(
                                "khan",
                                "Patient/khan",
                                participant("Organization/northbank-community", null, null),
                                participant("Practitioner/sam-taylor", null, null)
                                        .setOnBehalfOf(new Reference("Organization/city-council-asc"))),
                        careTeam(
                                "gone",
                                "Patient/gone",
                                participant("PractitionerRole/nina-patel-role", null, "2026-02-28")),
                        include(patient("khan", "Khan", "Yusuf", "1958-11-02", "9990000026")),
                        include(organisation("northbank-community", "Northbank Community Health Trust"))));
            case "/fhir/Task" ->
                Answer.ok(bundle(
                        null,
                        task("Patient/ellis", TaskStatus.REQUESTED),
                        task("Patient/ellis", TaskStatus.INPROGRESS),
                        task("Patient/khan", TaskStatus.ONHOLD)));
            case "/fhir/Organization" ->
                Answer.ok(bundle(null, organisation("city-council-asc", "City Council Adult Social Care")));
            default -> Answer.outcome(404, "Unexpected " + request.path());
        });

        Caseload caseload = service(fhir.baseUrl()).caseloadFor(NINA);

        assertThat(caseload.people())
                .containsExactly(
                        new PersonOnCaseload("ellis", "ELLIS, Margaret", 81, "9990000018", List.of(), 2),
                        new PersonOnCaseload(
                                "khan",
                                "KHAN, Yusuf",
                                67,
                                "9990000026",
                                List.of("City Council Adult Social Care", "Northbank Community Health Trust"),
                                1));

        List<Received> requests = fhir.received();
        assertThat(requests).extracting(Received::path).doesNotContain("/fhir/metadata");
        assertThat(requests).extracting(Received::authorization).containsOnly("Bearer token-of-nina-patel");

        Received roles = find(requests, "/fhir/PractitionerRole");
        assertThat(roles.param("practitioner")).isEqualTo("Practitioner/nina-patel");

        Received careTeams = find(requests, "/fhir/CareTeam");
        assertThat(careTeams.param("status")).isEqualTo("active");
        assertThat(careTeams.param("participant"))
                .isEqualTo("Practitioner/nina-patel,PractitionerRole/nina-patel-role,Organization/northbank-community");
        assertThat(careTeams.query().get("_include"))
                .containsExactlyInAnyOrder("CareTeam:subject", "CareTeam:participant");
        assertThat(careTeams.param("_count")).isEqualTo("2");

        Received tasks = find(requests, "/fhir/Task");
        assertThat(tasks.param("status")).isEqualTo("requested,received,accepted,ready,in-progress,on-hold");
        assertThat(tasks.param("patient")).isEqualTo("Patient/ellis,Patient/khan");
        assertThat(tasks.param("_elements")).contains("for").contains("status");

        assertThat(find(requests, "/fhir/Organization").param("_id")).isEqualTo("city-council-asc");
    }

    @Test
    void aUserWhoIsNeitherPractitionerNorMemberOfAnOrganisationHasAnEmptyCaseload() {
        fhir.answer(request -> Answer.outcome(500, "should not be asked"));

        Caseload caseload = service(fhir.baseUrl())
                .caseloadFor(new CurrentUser("admin", "Admin", null, null, null, Set.of("workspace-admin")));

        assertThat(caseload.isEmpty()).isTrue();
        assertThat(fhir.received()).isEmpty();
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
        var searches = new FhirSearches(client, properties);
        return new FhirCaseloadService(
                searches, new FhirOrganisationDirectory(searches, MONDAY_MORNING), MONDAY_MORNING);
    }

    static Received find(List<Received> requests, String path) {
        return requests.stream()
                .filter(request -> request.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No request to " + path + " in " + requests));
    }

    static PractitionerRole role() {
        var role = new PractitionerRole();
        role.setId("PractitionerRole/nina-patel-role");
        role.setActive(true);
        return role;
    }

    /** Marks a resource as brought in by {@code _include}. */
    static Resource include(Resource resource) {
        resource.setUserData("include", Boolean.TRUE);
        return resource;
    }

    static Bundle bundle(String next, Resource... resources) {
        var bundle = new Bundle().setType(BundleType.SEARCHSET);
        for (Resource resource : resources) {
            bundle.addEntry()
                    .setFullUrl(fhirFullUrl(resource))
                    .setResource(resource)
                    .getSearch()
                    .setMode(resource.getUserData("include") != null ? SearchEntryMode.INCLUDE : SearchEntryMode.MATCH);
        }
        if (next != null) {
            bundle.addLink().setRelation("next").setUrl(next);
        }
        return bundle;
    }

    private static String fhirFullUrl(Resource resource) {
        return resource.getIdElement().hasIdPart() ? fhir.baseUrl() + "/" + ResourceIndex.referenceTo(resource) : null;
    }
}
