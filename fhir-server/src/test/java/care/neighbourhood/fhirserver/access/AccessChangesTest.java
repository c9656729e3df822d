package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.access.enforcement.AccessChangesHeader;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
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
        CareTeam.CareTeamParticipantComponent ben = team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Practitioner/ben-carter"));
        HttpResponse<String> added =
                put("/CareTeam/" + teamId, FHIR.newJsonParser().encodeResourceToString(team), NINA);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.headers().firstValue(AccessChangesHeader.GAINED_HEADER))
                .as("the writer is told who may now see the record")
                .contains("Patient/" + daniel + " Practitioner/ben-carter");
        assertThat(added.headers().firstValue(AccessChangesHeader.LOST_HEADER)).isEmpty();
        assertThat(get("/CarePlan?patient=Patient/" + daniel, BEN).body()).contains("\"resourceType\":\"CarePlan\"");

        ben.setPeriod(new Period().setEnd(new java.util.Date(System.currentTimeMillis() - 86_400_000L * 2)));
        HttpResponse<String> ended =
                put("/CareTeam/" + teamId, FHIR.newJsonParser().encodeResourceToString(team), NINA);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(ended.headers().firstValue(AccessChangesHeader.LOST_HEADER))
                .contains("Patient/" + daniel + " Practitioner/ben-carter");
        assertThat(ended.headers().firstValue(AccessChangesHeader.GAINED_HEADER))
                .isEmpty();
        assertThat(get("/CarePlan?patient=Patient/" + daniel, BEN).body())
                .doesNotContain("\"resourceType\":\"CarePlan\"");

        team.addNote().setText("Reviewed at the team meeting");
        HttpResponse<String> unchanged =
                put("/CareTeam/" + teamId, FHIR.newJsonParser().encodeResourceToString(team), NINA);
        assertThat(unchanged.statusCode()).isEqualTo(200);
        assertThat(unchanged.headers().firstValue(AccessChangesHeader.GAINED_HEADER))
                .isEmpty();
        assertThat(unchanged.headers().firstValue(AccessChangesHeader.LOST_HEADER))
                .isEmpty();
    }

    @Test
    void onlyTheRolesTheAgreementNamesChangeACareTeamThoughAnyoneRegisteringAPersonGivesThemTheirFirst() {
        SampleRecords records = new SampleRecords(daos);
        String margaret = records.patientId("9991042113");
        String teamId = records.id("CareTeam", SampleRecords.SAMPLE, "careteam-margaret-ellis");
        String team = get("/CareTeam/" + teamId, BEN).body();
        assertThat(team).as("Ben is on Margaret's team and reads it").contains("\"resourceType\":\"CareTeam\"");
        CareTeam withBenAsLead = FHIR.newJsonParser().parseResource(CareTeam.class, team);
        withBenAsLead
                .addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Practitioner/ben-carter"));

        assertThat(put("/CareTeam/" + teamId, FHIR.newJsonParser().encodeResourceToString(withBenAsLead), BEN)
                        .statusCode())
                .as("a support worker may not change who is in a care team")
                .isEqualTo(403);
        String secondTeam = "{\"resourceType\":\"CareTeam\",\"status\":\"active\","
                + "\"subject\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"participant\":[{\"role\":[{\"text\":\"Support\"}],\"member\":{\"reference\":\"Organization/age-well\"}}]}";
        assertThat(post("/CareTeam", secondTeam, BEN).statusCode())
                .as("nor start another team for someone already registered")
                .isEqualTo(403);
        assertThat(send(request("/CareTeam/" + teamId)
                                .header("Authorization", "Bearer " + BEN)
                                .DELETE())
                        .statusCode())
                .isEqualTo(403);

        String registration = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:7d3f0c1e-0000-4000-8000-000000000001\",\"resource\":{\"resourceType\":\"Patient\","
                + "\"name\":[{\"family\":\"Registered-by-Age-Well\",\"given\":[\"Iris\"]}],"
                + "\"managingOrganization\":{\"reference\":\"Organization/age-well\"}},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
                + "{\"resource\":{\"resourceType\":\"CareTeam\",\"status\":\"active\","
                + "\"subject\":{\"reference\":\"urn:uuid:7d3f0c1e-0000-4000-8000-000000000001\"},"
                + "\"participant\":[{\"role\":[{\"text\":\"Support\"}],\"member\":{\"reference\":\"Organization/age-well\"}}]},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"CareTeam\"}}]}";
        HttpResponse<String> registered = post("", registration, BEN);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(registered.headers().firstValue(AccessChangesHeader.GAINED_HEADER))
                .hasValueSatisfying(gained -> assertThat(gained).endsWith(" Organization/age-well"));
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
