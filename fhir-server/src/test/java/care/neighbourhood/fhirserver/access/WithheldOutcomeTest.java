package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.access.enforcement.DisclosureFilter;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a caller is told about what is withheld from a search: per data class, organisation whose
 * records they are and rule, how many, in words, in an outcome entry of the Bundle (and the
 * {@code X-Withheld-Reasons} header); never which records, nor anything they say. A caller who sees
 * everything is told nothing.
 */
class WithheldOutcomeTest extends FhirServerTestBase {

    private static final String SAM =
            TestTokens.TRUSTED.token("sam.taylor", "city-council-asc", "social-care", "social-worker");
    private static final String GRACE =
            TestTokens.TRUSTED.token("grace.lee", "riverside-practice", "health", "care-coordinator");
    private static final String OMAR = TestTokens.TRUSTED.token("omar.hassan", "riverside-practice", "health", "gp");
    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String MARGARET = "9991042113";
    private static final String DANIEL = "9993158720";
    private static final String CLINICAL_SEARCH =
            "/Patient?_id=%s&_revinclude=Condition:patient&_revinclude=Observation:patient";

    /** The sample records each person's clinical search may withhold, with their codes and words. */
    private static final Map<String, List<String>> CLINICAL_RECORDS = Map.of(
            MARGARET,
            List.of(
                    "condition-margaret-ellis-heart-failure",
                    "condition-margaret-ellis-diabetes",
                    "observation-margaret-ellis-weight",
                    "observation-margaret-ellis-heart-rate",
                    "observation-margaret-ellis-frailty"),
            DANIEL,
            List.of("condition-daniel-foster-depression", "observation-daniel-foster-phq9"));

    private static final List<String> CLINICAL_CONTENT = List.of(
            "84114007",
            "44054006",
            "29463-7",
            "8867-4",
            "763264000",
            "35489007",
            "44261-6",
            "Heart failure",
            "Diabetes",
            "epress",
            "PHQ",
            "weight",
            "Heart rate",
            "Frailty",
            "Omar Hassan",
            "Maya Okafor",
            "Nina Patel");

    @Autowired
    DaoRegistry daos;

    /** One group expected in the outcome: at least {@code count} records (other tests may add more). */
    record Group(String dataClass, String custodian, String reason, int count, String words) {}

    static Stream<Arguments> whatIsWithheld() {
        return Stream.of(
                Arguments.of(
                        "social worker, Margaret's clinical record (agreement)",
                        SAM,
                        MARGARET,
                        List.of(
                                new Group(
                                        "clinical",
                                        "riverside-practice",
                                        "agreement",
                                        3,
                                        "clinical information from Riverside Medical Practice is shared with social care"
                                                + " only with the person's agreement."),
                                new Group(
                                        "clinical",
                                        "northbank-community",
                                        "agreement",
                                        2,
                                        "clinical information from Northbank Community Health Trust is shared with"
                                                + " social care only with the person's agreement."))),
                Arguments.of(
                        "care coordinator, Daniel's restricted mental-health records",
                        GRACE,
                        DANIEL,
                        List.of(new Group(
                                "clinical",
                                "northbank-mental-health",
                                "restricted",
                                2,
                                "2 items are not shown to you: clinical information from Northbank Mental Health Trust"
                                        + " is labelled restricted and is shown only to GPs and mental health"
                                        + " practitioners."))),
                Arguments.of("GP, Daniel's restricted records", OMAR, DANIEL, List.of()),
                Arguments.of("community nurse, Margaret's clinical record", NINA, MARGARET, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whatIsWithheld")
    void theCallerIsToldWhatIsWithheldPerClassOrganisationAndRule(
            String row, String token, String nhsNumber, List<Group> expected) {
        String person = new SampleRecords(daos).patientId(nhsNumber);
        HttpResponse<String> response = get(CLINICAL_SEARCH.formatted(person), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        List<OperationOutcome> outcomes = outcomesIn(bundle);

        if (expected.isEmpty()) {
            assertThat(outcomes).isEmpty();
            assertThat(response.headers().firstValue(DisclosureFilter.WITHHELD_HEADER))
                    .isEmpty();
            assertThat(response.headers().firstValue("X-Withheld-Reasons")).isEmpty();
            return;
        }
        assertThat(outcomes).hasSize(1);
        Map<String, OperationOutcome.OperationOutcomeIssueComponent> issues = new TreeMap<>();
        outcomes.get(0).getIssue().forEach(issue -> issues.put(custodianOf(issue), issue));
        assertThat(issues.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(Group::custodian).toList());
        int total = 0;
        for (Group group : expected) {
            var issue = issues.get(group.custodian());
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
            assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.SUPPRESSED);
            assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo(group.reason());
            Coding dataClass = (Coding) issue.getExtensionByUrl(
                            "https://neighbourhood.example/fhir/StructureDefinition/withheld-data-class")
                    .getValue();
            assertThat(dataClass.getCode()).isEqualTo(group.dataClass());
            int count = countOf(issue);
            assertThat(count).isGreaterThanOrEqualTo(group.count());
            assertThat(issue.getDetails().getText()).endsWith(group.words());
            total += count;
        }
        assertThat(response.headers().firstValue(DisclosureFilter.WITHHELD_HEADER))
                .hasValue(String.valueOf(total));
        assertThat(response.headers().firstValue("X-Withheld-Reasons").orElseThrow())
                .contains("class=clinical")
                .contains("reason=" + expected.get(0).reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whatIsWithheld")
    void theOutcomeNamesNoWithheldRecordAndNothingItSays(
            String row, String token, String nhsNumber, List<Group> expected) {
        SampleRecords records = new SampleRecords(daos);
        String person = records.patientId(nhsNumber);
        HttpResponse<String> response = get(CLINICAL_SEARCH.formatted(person), token);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        String told = outcomesIn(bundle).stream()
                        .map(outcome -> FHIR.newJsonParser().encodeResourceToString(outcome))
                        .reduce("", String::concat)
                + response.headers().firstValue("X-Withheld-Reasons").orElse("");
        for (String key : CLINICAL_RECORDS.get(nhsNumber)) {
            String type = key.startsWith("condition") ? "Condition" : "Observation";
            String id = records.id(type, SampleRecords.SAMPLE, key);
            assertThat(told).doesNotContain(type + "/" + id).doesNotContain("\"" + id + "\"");
            assertThat(told).doesNotContain(key);
        }
        for (String content : CLINICAL_CONTENT) {
            assertThat(told).doesNotContainIgnoringCase(content);
        }
        assertThat(told).doesNotContain(person).doesNotContain("PSY").doesNotContain("v3-Confidentiality");
    }

    @Test
    void aConsentThatWithholdsIsNamedAsTheReason() {
        String margaret = new SampleRecords(daos).patientId(MARGARET);
        String consent = "{\"resourceType\":\"Consent\",\"status\":\"active\","
                + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\","
                + "\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"policyRule\":{\"text\":\"Recorded in a test\"},"
                + "\"provision\":{\"type\":\"deny\",\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},\"reference\":{\"reference\":\"Practitioner/nina-patel\"}}],"
                + "\"class\":[{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"Condition\"}]}}";
        HttpResponse<String> created = post("/Consent", consent, OMAR);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consentId =
                created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Consent/([^/]+)/.*", "$1");
        try {
            HttpResponse<String> response = get("/Condition?patient=Patient/" + margaret, NINA);
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
            List<OperationOutcome> outcomes = outcomesIn(bundle);
            assertThat(outcomes).hasSize(1);
            var issue = outcomes.get(0).getIssueFirstRep();
            assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("consent");
            assertThat(custodianOf(issue)).isEqualTo("riverside-practice");
            assertThat(issue.getDetails().getText())
                    .contains("the person has chosen not to share clinical information from Riverside Medical"
                            + " Practice with you.");
        } finally {
            String inactive = consent.replace(
                            "{\"resourceType\":\"Consent\",",
                            "{\"resourceType\":\"Consent\",\"id\":\"" + consentId + "\",")
                    .replace("\"status\":\"active\"", "\"status\":\"inactive\"");
            assertThat(put("/Consent/" + consentId, inactive, OMAR).statusCode())
                    .isEqualTo(200);
        }
        assertThat(outcomesIn(FHIR.newJsonParser()
                        .parseResource(
                                Bundle.class,
                                get("/Condition?patient=Patient/" + margaret, NINA)
                                        .body())))
                .isEmpty();
    }

    @Test
    void theOutcomeKeepsItsIssuesWhenTheSearchAsksForSomeElementsOrASummary() {
        String margaret = new SampleRecords(daos).patientId(MARGARET);
        for (String query : List.of("&_elements=code", "&_summary=true")) {
            HttpResponse<String> response = get("/Condition?patient=Patient/" + margaret + query, SAM);
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
            List<OperationOutcome> outcomes = outcomesIn(bundle);
            assertThat(outcomes).as(query).hasSize(1);
            assertThat(outcomes.get(0).getIssueFirstRep().getDetails().getText())
                    .as(query)
                    .contains("is shared with social care only with the person's agreement");
        }
    }

    private static List<OperationOutcome> outcomesIn(Bundle bundle) {
        return bundle.getEntry().stream()
                .filter(entry -> entry.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME)
                .map(entry -> (OperationOutcome) entry.getResource())
                .toList();
    }

    private static String custodianOf(OperationOutcome.OperationOutcomeIssueComponent issue) {
        var extension =
                issue.getExtensionByUrl("https://neighbourhood.example/fhir/StructureDefinition/withheld-custodian");
        return extension == null
                ? null
                : ((Reference) extension.getValue()).getReferenceElement().getIdPart();
    }

    private static int countOf(OperationOutcome.OperationOutcomeIssueComponent issue) {
        return ((IntegerType)
                        issue.getExtensionByUrl("https://neighbourhood.example/fhir/StructureDefinition/withheld-count")
                                .getValue())
                .getValue();
    }
}
