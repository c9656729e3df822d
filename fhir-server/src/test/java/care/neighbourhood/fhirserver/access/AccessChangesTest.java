package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Access follows the care team from one request to the next; a transaction touching a person off the
 * caseload fails whole; a page of someone else's search shows only what the reader may see.
 */
class AccessChangesTest extends FhirServerTestBase {

    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String BEN = TestTokens.TRUSTED.token("ben.carter", "age-well", "voluntary", "support-worker");

    @Autowired
    DaoRegistry daos;

    @Test
    void addingAndEndingAParticipantGrantsAndRevokesAccessOnTheNextRequest() {
        SampleRecords records = new SampleRecords(daos);
        String daniel = records.patientId("9993158720");
        String teamId = records.id("CareTeam", SampleRecords.SAMPLE, "careteam-daniel-foster");
        assertThat(get("/CarePlan?patient=Patient/" + daniel, BEN).body())
                .doesNotContain("\"resourceType\":\"CarePlan\"");

        CareTeam team = FHIR.newJsonParser()
                .parseResource(CareTeam.class, get("/CareTeam/" + teamId, NINA).body());
        CareTeam.CareTeamParticipantComponent ben =
                team.addParticipant().setMember(new Reference("Practitioner/ben-carter"));
        assertThat(put("/CareTeam/" + teamId, FHIR.newJsonParser().encodeResourceToString(team), NINA)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/CarePlan?patient=Patient/" + daniel, BEN).body()).contains("\"resourceType\":\"CarePlan\"");

        ben.setPeriod(new Period().setEnd(new java.util.Date(System.currentTimeMillis() - 86_400_000L * 2)));
        assertThat(put("/CareTeam/" + teamId, FHIR.newJsonParser().encodeResourceToString(team), NINA)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/CarePlan?patient=Patient/" + daniel, BEN).body())
                .doesNotContain("\"resourceType\":\"CarePlan\"");
    }

    @Test
    void aTransactionWithOneForbiddenEntryFailsWhole() {
        SampleRecords records = new SampleRecords(daos);
        String margaret = records.patientId("9991042113");
        String edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
        String marker = java.util.UUID.randomUUID().toString();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + task(margaret, marker)
                + "," + task(edith, marker) + "]}";

        HttpResponse<String> response = post("", bundle, NINA);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("Moore");
        assertThat(get("/Task?patient=Patient/" + margaret + "&description=" + marker, NINA)
                        .body())
                .as("the allowed entry was rolled back too")
                .doesNotContain("\"resourceType\":\"Task\"");
    }

    @Test
    void aPageOfSomeoneElsesSearchShowsOnlyWhatTheReaderMaySee() {
        HttpResponse<String> first = get("/Patient?_count=1&_sort=family", BEN);
        String next = first.body().replaceAll("(?s).*\"relation\":\"next\",\"url\":\"([^\"]+)\".*", "$1");
        assertThat(next).contains("_getpages");

        // Ben's caseload by family name: Cooper, Ellis, Fletcher, Lewis, ... Sandra Lewis is not on Nina's.
        String fourth = next.replaceAll("_getpagesoffset=\\d+", "_getpagesoffset=3");
        assertThat(follow(fourth, BEN)).contains("Lewis");
        assertThat(follow(fourth, NINA)).doesNotContain("Lewis");
    }

    private String follow(String url, String token) {
        return send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .GET())
                .body();
    }

    private static String task(String patient, String marker) {
        return "{\"resource\":{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"description\":\"" + marker + "\",\"for\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"}},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}";
    }
}
