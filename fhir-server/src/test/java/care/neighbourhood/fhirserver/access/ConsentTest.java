package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.access.enforcement.DisclosureFilter;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The person's own Consent narrows or widens the agreement, from the next request: Margaret agrees
 * to share clinical records with social care and the social worker sees her diagnoses; she takes it
 * back and he no longer does; she opts out of the council altogether and he sees nothing of her
 * record but that something is withheld.
 */
class ConsentTest extends FhirServerTestBase {

    private static final String SAM =
            TestTokens.TRUSTED.token("sam.taylor", "city-council-asc", "social-care", "social-worker");
    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String MARGARET = "9991042113";
    private static final String PETER = "9995180901";

    @Autowired
    DaoRegistry daos;

    @Test
    void sampleConsentSharesPetersClinicalRecordsWithTheCouncil() {
        String peter = new SampleRecords(daos).patientId(PETER);
        assertThat(get("/Condition?patient=Patient/" + peter, SAM).body()).contains("\"resourceType\":\"Condition\"");
    }

    @Test
    void aPageAboutSeveralPeopleHonoursEachPersonsOwnConsent() {
        String peter = new SampleRecords(daos).patientId(PETER);
        String margaret = new SampleRecords(daos).patientId(MARGARET);
        // One search across the council's caseload: the people on the page are judged together.
        HttpResponse<String> page = get("/Condition?patient=Patient/" + peter + ",Patient/" + margaret, SAM);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .as("Peter's consent shares his clinical records with the council")
                .contains("\"reference\":\"Patient/" + peter + "\"")
                .as("Margaret has given no such consent")
                .doesNotContain("\"reference\":\"Patient/" + margaret + "\"");
        assertThat(page.headers().firstValue(DisclosureFilter.WITHHELD_HEADER)).isPresent();
    }

    @Test
    void permitToSocialCareTakesEffectOnTheNextRequestAndEndsWhenWithdrawn() {
        String margaret = new SampleRecords(daos).patientId(MARGARET);
        HttpResponse<String> before = get("/Condition?patient=Patient/" + margaret, SAM);
        assertThat(before.body()).doesNotContain("\"resourceType\":\"Condition\"");
        // At least her two sample diagnoses (other tests may have recorded more).
        assertThat(Integer.parseInt(before.headers()
                        .firstValue(DisclosureFilter.WITHHELD_HEADER)
                        .orElse("0")))
                .isGreaterThanOrEqualTo(2);

        String consent = consent(
                margaret,
                "permit",
                "{\"role\":{\"coding\":[{\"system\":\"" + ConsentDecisions.SECTOR_SYSTEM
                        + "\",\"code\":\"social-care\"}]},"
                        + "\"reference\":{\"reference\":\"Organization/city-council-asc\"}}",
                ",\"class\":[{\"system\":\"" + ConsentDecisions.DATA_CLASS_SYSTEM + "\",\"code\":\"clinical\"}]");
        HttpResponse<String> created = post("/Consent", consent, NINA);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consentId =
                created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Consent/([^/]+)/.*", "$1");

        HttpResponse<String> after = get("/Condition?patient=Patient/" + margaret, SAM);
        assertThat(after.body()).contains("\"resourceType\":\"Condition\"");
        assertThat(after.headers().firstValue(DisclosureFilter.WITHHELD_HEADER)).isEmpty();

        withdraw(consentId, consent);
        assertThat(get("/Condition?patient=Patient/" + margaret, SAM).body())
                .doesNotContain("\"resourceType\":\"Condition\"");
    }

    @Test
    void optingOutOfTheCouncilWithholdsEverythingFromIt() {
        String margaret = new SampleRecords(daos).patientId(MARGARET);
        assertThat(get("/CarePlan?patient=Patient/" + margaret, SAM).body()).contains("\"resourceType\":\"CarePlan\"");

        String consent = consent(
                margaret,
                "deny",
                "{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},\"reference\":{\"reference\":\"Organization/city-council-asc\"}}",
                "");
        HttpResponse<String> created = post("/Consent", consent, NINA);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consentId =
                created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Consent/([^/]+)/.*", "$1");

        HttpResponse<String> optedOut = get("/CarePlan?patient=Patient/" + margaret, SAM);
        assertThat(optedOut.body()).doesNotContain("\"resourceType\":\"CarePlan\"");
        assertThat(optedOut.headers().firstValue(DisclosureFilter.WITHHELD_HEADER))
                .isPresent();
        assertThat(get("/CarePlan?patient=Patient/" + margaret, NINA).body()).contains("\"resourceType\":\"CarePlan\"");
        HttpResponse<String> writeWhileOptedOut = post("/Task", samsTask(margaret), SAM);
        assertThat(writeWhileOptedOut.statusCode()).isEqualTo(403);
        assertThat(writeWhileOptedOut.body()).contains("Access denied.").doesNotContain("consent");

        withdraw(consentId, consent);
        assertThat(get("/CarePlan?patient=Patient/" + margaret, SAM).body()).contains("\"resourceType\":\"CarePlan\"");
        assertThat(post("/Task", samsTask(margaret), SAM).statusCode()).isEqualTo(201);
    }

    private static String samsTask(String person) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + person + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/sam-taylor\"},"
                + "\"owner\":{\"reference\":\"Practitioner/sam-taylor\"},\"description\":\"Home assessment\"}";
    }

    private void withdraw(String consentId, String consent) {
        String inactive = consent.replace(
                        "{\"resourceType\":\"Consent\",", "{\"resourceType\":\"Consent\",\"id\":\"" + consentId + "\",")
                .replace("\"status\":\"active\"", "\"status\":\"inactive\"");
        HttpResponse<String> updated = send(request("/Consent/" + consentId)
                .header("Authorization", "Bearer " + NINA)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(inactive)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    }

    private static String consent(String patient, String type, String actor, String classes) {
        return "{\"resourceType\":\"Consent\",\"status\":\"active\","
                + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\","
                + "\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"policyRule\":{\"text\":\"Recorded in a test\"},"
                + "\"provision\":{\"type\":\"" + type + "\",\"actor\":[" + actor + "]" + classes + "}}";
    }
}
