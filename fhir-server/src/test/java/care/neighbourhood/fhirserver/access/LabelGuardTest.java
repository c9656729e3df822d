package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Security labels are guarded like the record itself, and the meta operations are no way around the
 * rules. Daniel Foster's depression is labelled restricted (R, PSY): the community nurse has a care
 * relationship with him (through her trust) but may not see it; Edith Moore has no care team at all.
 */
class LabelGuardTest extends FhirServerTestBase {

    static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    static final String MAYA =
            TestTokens.TRUSTED.token("maya.okafor", "northbank-mental-health", "health", "mental-health-practitioner");
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    @Autowired
    DaoRegistry daos;

    private String depression;
    private String edith;
    private String margaret;

    @BeforeEach
    void sampleIds() {
        SampleRecords records = new SampleRecords(daos);
        depression = records.id("Condition", SampleRecords.SAMPLE, "condition-daniel-foster-depression");
        edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
        margaret = records.patientId("9991042113");
    }

    @Test
    void removingRestrictedLabelsWithMetaDeleteIsRefusedAndTheRecordKeepsThem() {
        String before = storedVersion("Condition", depression);
        HttpResponse<String> response =
                post("/Condition/" + depression + "/$meta-delete", metaParameters(CONFIDENTIALITY, "R"), NINA);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(labelsOf(depression)).contains(CONFIDENTIALITY + "|R", ACT_CODE + "|PSY");
        assertThat(get("/Condition/" + depression, NINA).statusCode()).isEqualTo(403);
        assertThat(storedVersion("Condition", depression)).isEqualTo(before);
    }

    @Test
    void metaOperationsFindNothingAboutAPersonOffTheCaseload() {
        HttpResponse<String> meta = get("/Patient/" + edith + "/$meta", NINA);
        assertThat(meta.statusCode()).as(meta.body()).isEqualTo(403);
        assertThat(meta.body()).doesNotContain("versionId").doesNotContain("lastUpdated");

        HttpResponse<String> add = post("/Patient/" + edith + "/$meta-add", metaParameters(CONFIDENTIALITY, "N"), NINA);
        assertThat(add.statusCode()).as(add.body()).isEqualTo(403);
        assertThat(labelsOf("Patient", edith)).doesNotContain(CONFIDENTIALITY + "|N");
    }

    @Test
    void metaOfARecordTheCallerMaySeeIsARead() {
        HttpResponse<String> meta = get("/Patient/" + margaret + "/$meta", NINA);
        assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
        assertThat(meta.body()).contains("\"resourceType\":\"Parameters\"");

        HttpResponse<String> restricted = get("/Condition/" + depression + "/$meta", NINA);
        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(403);
        assertThat(get("/Condition/" + depression + "/$meta", MAYA).statusCode())
                .isEqualTo(200);
    }

    @Test
    void metaOperationsThatChangeLabelsInPlaceAreRefusedEvenToThoseWhoMaySeeThem() {
        // $meta-add and $meta-delete change labels without a new version and around the write rules.
        HttpResponse<String> response =
                post("/Condition/" + depression + "/$meta-add", metaParameters(ACT_CODE, "ETH"), MAYA);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(labelsOf(depression)).doesNotContain(ACT_CODE + "|ETH");
    }

    @Test
    void addingARestrictedLabelByUpdateIsRefusedToACallerWhoMayNotSeeIt() {
        String goal = createGoal(margaret, NINA);
        String labelled = "{\"resourceType\":\"Goal\",\"id\":\"" + goal + "\",\"meta\":{\"security\":[{\"system\":\""
                + CONFIDENTIALITY + "\",\"code\":\"R\"}]},\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"Walk to the shop\"},\"subject\":{\"reference\":\"Patient/" + margaret
                + "\"}}";
        HttpResponse<String> response = put("/Goal/" + goal, labelled, NINA);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(labelsOf("Goal", goal)).isEmpty();
    }

    @Test
    void aLabelChangeByACallerWhoMaySeeItMakesANewVersion() {
        String goal = createGoal(margaret, NINA);
        String version = storedVersion("Goal", goal);
        String labelled = "{\"resourceType\":\"Goal\",\"id\":\"" + goal + "\",\"meta\":{\"security\":[{\"system\":\""
                + ACT_CODE + "\",\"code\":\"PSY\"}]},\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"Walk to the shop\"},\"subject\":{\"reference\":\"Patient/" + margaret
                + "\"}}";
        String omar = TestTokens.TRUSTED.token("omar.hassan", "riverside-practice", "health", "gp");
        HttpResponse<String> response = put("/Goal/" + goal, labelled, omar);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(labelsOf("Goal", goal)).contains(ACT_CODE + "|PSY");
        assertThat(Integer.parseInt(storedVersion("Goal", goal))).isEqualTo(Integer.parseInt(version) + 1);
        assertThat(get("/Goal/" + goal, NINA).statusCode()).isEqualTo(403);
    }

    @Test
    void removingARestrictedLabelThatTheCallerMayNotSeeIsRefusedInATransaction() {
        String daniel = ((Condition) daos.getResourceDao("Condition")
                        .read(new IdType("Condition", depression), new SystemRequestDetails()))
                .getSubject()
                .getReference();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Condition\",\"id\":\"" + depression + "\",\"subject\":{\"reference\":\""
                + daniel + "\"},\"code\":{\"text\":\"Low mood\"}},\"request\":{\"method\":\"PUT\",\"url\":"
                + "\"Condition/" + depression + "\"}}]}";
        HttpResponse<String> response = send(request("")
                .header("Authorization", "Bearer " + NINA)
                .header("Content-Type", "application/fhir+json")
                .header("X-Meta-Snapshot-Mode", "SECURITY_LABEL")
                .POST(HttpRequest.BodyPublishers.ofString(bundle)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(labelsOf(depression)).contains(CONFIDENTIALITY + "|R", ACT_CODE + "|PSY");
    }

    private String createGoal(String person, String token) {
        String goal = "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"Walk to the shop\"},\"subject\":{\"reference\":\"Patient/" + person
                + "\"}}";
        HttpResponse<String> created = post("/Goal", goal, token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return new IdType(location).getIdPart();
    }

    static String metaParameters(String system, String code) {
        return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{\"security\":"
                + "[{\"system\":\"" + system + "\",\"code\":\"" + code + "\"}]}}]}";
    }

    private List<String> labelsOf(String conditionId) {
        return labelsOf("Condition", conditionId);
    }

    private List<String> labelsOf(String type, String id) {
        return daos
                .getResourceDao(type)
                .read(new IdType(type, id), new SystemRequestDetails())
                .getMeta()
                .getSecurity()
                .stream()
                .map(label -> label.getSystem() + "|" + label.getCode())
                .toList();
    }

    private String storedVersion(String type, String id) {
        return daos.getResourceDao(type)
                .read(new IdType(type, id), new SystemRequestDetails())
                .getIdElement()
                .getVersionIdPart();
    }
}
