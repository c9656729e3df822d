package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.access.enforcement.DisclosureFilter;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agreement and security labels on top of care relationships: the social worker sees the plan
 * but not the GP's diagnoses and is told how many items are withheld; a restricted mental-health
 * record is seen by mental-health and GP roles only; the governance officer reads consent decisions,
 * not care records.
 */
class AgreementAndLabelsTest extends FhirServerTestBase {

    private static final String SAM =
            TestTokens.TRUSTED.token("sam.taylor", "city-council-asc", "social-care", "social-worker");
    private static final String GRACE =
            TestTokens.TRUSTED.token("grace.lee", "riverside-practice", "health", "care-coordinator");
    private static final String MAYA =
            TestTokens.TRUSTED.token("maya.okafor", "northbank-mental-health", "health", "mental-health-practitioner");
    private static final String OMAR = TestTokens.TRUSTED.token("omar.hassan", "riverside-practice", "health", "gp");
    private static final String IRENE =
            TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");

    @Autowired
    DaoRegistry daos;

    @Test
    void socialWorkerSeesThePlanButNotDiagnosesAndIsToldSomethingIsWithheld() {
        SampleRecords records = new SampleRecords(daos);
        String margaret = records.patientId("9991042113");
        String heartFailure = records.id("Condition", SampleRecords.SAMPLE, "condition-margaret-ellis-heart-failure");

        HttpResponse<String> plan = get("/CarePlan?patient=Patient/" + margaret, SAM);
        assertThat(plan.body()).contains("\"resourceType\":\"CarePlan\"");

        HttpResponse<String> conditions = get("/Condition?patient=Patient/" + margaret, SAM);
        assertThat(conditions.statusCode()).isEqualTo(200);
        assertThat(conditions.body())
                .doesNotContain("\"resourceType\":\"Condition\"")
                .doesNotContain("Heart failure");
        // At least her two sample diagnoses (other tests may have recorded more).
        assertThat(Integer.parseInt(conditions
                        .headers()
                        .firstValue(DisclosureFilter.WITHHELD_HEADER)
                        .orElse("0")))
                .isGreaterThanOrEqualTo(2);

        HttpResponse<String> read = get("/Condition/" + heartFailure, SAM);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).doesNotContain("Heart failure");

        String condition = "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"code\":{\"text\":\"Low mood\"}}";
        assertThat(post("/Condition", condition, SAM).statusCode()).isEqualTo(403);
    }

    @Test
    void restrictedMentalHealthRecordsAreSeenByMentalHealthAndGpRolesOnly() {
        SampleRecords records = new SampleRecords(daos);
        String daniel = records.patientId("9993158720");

        HttpResponse<String> coordinator = get("/Condition?patient=Patient/" + daniel, GRACE);
        assertThat(coordinator.body()).contains("diabetes").doesNotContain("epress");
        assertThat(coordinator.headers().firstValue(DisclosureFilter.WITHHELD_HEADER))
                .hasValue("1");

        assertThat(get("/Condition?patient=Patient/" + daniel, MAYA).body()).contains("epress");
        assertThat(get("/Condition?patient=Patient/" + daniel, OMAR).body()).contains("epress");

        String depression = records.id("Condition", SampleRecords.SAMPLE, "condition-daniel-foster-depression");
        assertThat(get("/Condition/" + depression, GRACE).statusCode()).isEqualTo(403);
        assertThat(get("/Condition/" + depression, MAYA).statusCode()).isEqualTo(200);
    }

    @Test
    void governanceOfficerReadsConsentDecisionsNotCareRecords() {
        SampleRecords records = new SampleRecords(daos);
        String arthur = records.patientId("9992204176");

        assertThat(get("/Consent?patient=Patient/" + arthur, IRENE).body()).contains("\"resourceType\":\"Consent\"");
        assertThat(get("/CarePlan?patient=Patient/" + arthur, IRENE).statusCode())
                .isEqualTo(403);
        assertThat(get("/Patient/" + arthur, IRENE).statusCode()).isEqualTo(403);
    }

    @Test
    void theAgreementIsReadableThroughTheApi() {
        HttpResponse<String> agreement = get("/$sharing-agreement", SAM);
        assertThat(agreement.statusCode()).isEqualTo(200);
        assertThat(agreement.body()).contains("northbank-neighbourhood").contains("dataClasses");
    }
}
