package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A first slice of the access rules: records of a person outside the caller's caseload are not
 * shown, by read or by search, and a caller cannot write as another organisation.
 */
class CaseloadBoundaryTest extends FhirServerTestBase {

    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String SAM =
            TestTokens.TRUSTED.token("sam.taylor", "city-council-asc", "social-care", "social-worker");

    @Test
    void searchesReturnOnlyPeopleOnTheCaseload() {
        String patients = get("/Patient?_count=100&_elements=name", NINA).body();
        assertThat(patients).contains("Ellis", "Bennett", "Foster").doesNotContain("Moore", "Jenkins", "Whitfield");

        String edith = idOfEdith();
        HttpResponse<String> conditions = get("/Condition?patient=Patient/" + edith, NINA);
        assertThat(conditions.statusCode()).isEqualTo(200);
        assertThat(conditions.body()).doesNotContain("\"entry\"");

        String careTeams =
                get("/CareTeam?_count=100&_include=CareTeam:subject", NINA).body();
        assertThat(careTeams).contains("Ellis").doesNotContain("Whitfield");
    }

    @Test
    void readingSomeoneOffTheCaseloadIsRefusedWithoutDetail() {
        HttpResponse<String> read = get("/Patient/" + idOfEdith(), NINA);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).contains("Access denied.").doesNotContain("Moore");
    }

    @Test
    void writingATaskAsAnotherOrganisationIsRefused() {
        String margaret = get("/Patient?family=Ellis&given=Margaret&_elements=id", SAM)
                .body()
                .replaceAll("(?s).*\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\".*", "$1");
        String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"requester\":{\"reference\":\"Organization/riverside-practice\"},"
                + "\"owner\":{\"reference\":\"Practitioner/sam-taylor\"}}";
        HttpResponse<String> asRiverside = send(request("/Task")
                .header("Authorization", "Bearer " + SAM)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(task)));
        assertThat(asRiverside.statusCode()).as(asRiverside.body()).isEqualTo(403);

        HttpResponse<String> asCouncil = send(request("/Task")
                .header("Authorization", "Bearer " + SAM)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(task.replace("riverside-practice", "city-council-asc"))));
        assertThat(asCouncil.statusCode()).as(asCouncil.body()).isEqualTo(201);
    }

    /** Edith Moore is on nobody's caseload, so her id comes from the server's storage directly. */
    private String idOfEdith() {
        return edithId;
    }

    @org.springframework.beans.factory.annotation.Autowired
    private ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;

    private String edithId;

    @org.junit.jupiter.api.BeforeEach
    void findEdith() {
        edithId = daos.getResourceDao("Patient")
                .search(
                        ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous(
                                "family", new ca.uhn.fhir.rest.param.StringParam("Moore")),
                        new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
                .getAllResources()
                .get(0)
                .getIdElement()
                .getIdPart();
    }
}
