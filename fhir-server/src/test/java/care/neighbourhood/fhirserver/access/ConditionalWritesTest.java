package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Idempotent sync by identifier: a conditional create or update finds the record it names, and when
 * that record exists but the caller may not see it (Edith Moore, on nobody's caseload) the request is
 * refused with 409 and a plain explanation instead of storing her a second time; the answer says
 * nothing about her. Records the caller may see are matched as HAPI always did.
 */
class ConditionalWritesTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String EHR = TestTokens.TRUSTED.token(
            "riverside-ehr",
            "riverside-practice",
            "health",
            "none",
            c -> c.claim("fhirUser", null).claim("scope", "system/*.cruds"));

    @Autowired
    DaoRegistry daos;

    private String edith;
    private String margaret;

    @BeforeEach
    void findPeople() {
        SampleRecords records = new SampleRecords(daos);
        edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
        margaret = records.patientId("9991042113");
    }

    static Stream<Arguments> callers() {
        return Stream.of(Arguments.of("community nurse", NURSE), Arguments.of("GP practice's EHR", EHR));
    }

    @ParameterizedTest(name = "{0}: conditional create")
    @MethodSource("callers")
    void aConditionalCreateMatchingAHiddenPersonIsRefusedNotDuplicated(String who, String token) {
        HttpResponse<String> answer = send(request("/Patient")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .header(
                        "If-None-Exist",
                        "identifier=" + SampleRecords.NHS_NUMBER + "|" + SampleRecords.EDITH_NHS_NUMBER)
                .POST(HttpRequest.BodyPublishers.ofString(patient(SampleRecords.EDITH_NHS_NUMBER))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertRefusedWithoutNamingHer(answer);
        assertThat(peopleWithNhsNumber(SampleRecords.EDITH_NHS_NUMBER)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}: conditional update")
    @MethodSource("callers")
    void aConditionalUpdateMatchingAHiddenPersonIsRefused(String who, String token) {
        HttpResponse<String> answer =
                send(request("/Patient?identifier=" + SampleRecords.NHS_NUMBER + "%7C" + SampleRecords.EDITH_NHS_NUMBER)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/fhir+json")
                        .PUT(HttpRequest.BodyPublishers.ofString(patient(SampleRecords.EDITH_NHS_NUMBER))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertRefusedWithoutNamingHer(answer);
        assertThat(peopleWithNhsNumber(SampleRecords.EDITH_NHS_NUMBER)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}: transaction")
    @MethodSource("callers")
    void aTransactionWithAHiddenMatchStoresNothing(String who, String token) {
        String placeholder = "urn:uuid:" + UUID.randomUUID();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"fullUrl\":\"" + placeholder + "\",\"resource\":" + patient(SampleRecords.EDITH_NHS_NUMBER) + ","
                + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"identifier="
                + SampleRecords.NHS_NUMBER + "|" + SampleRecords.EDITH_NHS_NUMBER + "\"}},"
                + "{\"resource\":{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"description\":\"Referral that must not be stored\",\"for\":{\"reference\":\"" + placeholder
                + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}]}";

        HttpResponse<String> answer = post("", bundle, token);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertRefusedWithoutNamingHer(answer);
        assertThat(peopleWithNhsNumber(SampleRecords.EDITH_NHS_NUMBER)).isEqualTo(1);
        SearchParameterMap tasks = SearchParameterMap.newSynchronous();
        tasks.add("patient", new ca.uhn.fhir.rest.param.ReferenceParam("Patient/" + edith));
        assertThat(daos.getResourceDao("Task")
                        .search(tasks, new SystemRequestDetails())
                        .getAllResources())
                .noneMatch(task -> ((org.hl7.fhir.r4.model.Task) task)
                        .getDescription()
                        .equals("Referral that must not be stored"));
    }

    @Test
    void aConditionalCreateMatchingSomeoneOnTheCaseloadFindsThem() {
        HttpResponse<String> answer = send(request("/Patient")
                .header("Authorization", "Bearer " + NURSE)
                .header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=" + SampleRecords.NHS_NUMBER + "|9991042113")
                .POST(HttpRequest.BodyPublishers.ofString(patient("9991042113"))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Location").orElse("")).contains("Patient/" + margaret + "/");
        assertThat(peopleWithNhsNumber("9991042113")).isEqualTo(1);
    }

    @Test
    void aConditionalCreateMatchingNobodyCreatesOnceAndThenFindsIt() {
        String nhsNumber = "999" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String body = patient(nhsNumber);
        HttpRequest.Builder create = request("/Patient")
                .header("Authorization", "Bearer " + NURSE)
                .header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=" + SampleRecords.NHS_NUMBER + "|" + nhsNumber);

        HttpResponse<String> first = send(create.copy().POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(first.statusCode()).as(first.body()).isIn(201, 403);
        if (first.statusCode() == 201) {
            HttpResponse<String> retry = send(create.copy().POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(retry.statusCode())
                    .as("the retry of a create that succeeded: %s", retry.body())
                    .isIn(200, 409);
        }
        assertThat(peopleWithNhsNumber(nhsNumber)).isLessThanOrEqualTo(1);
    }

    private void assertRefusedWithoutNamingHer(HttpResponse<String> answer) {
        assertThat(answer.body())
                .contains("OperationOutcome")
                .contains("you may not see it")
                .doesNotContain("Moore")
                .doesNotContain("Patient/" + edith);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    private int peopleWithNhsNumber(String nhsNumber) {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("identifier", new TokenParam(SampleRecords.NHS_NUMBER, nhsNumber));
        return daos.getResourceDao("Patient")
                .search(query, new SystemRequestDetails())
                .getAllResources()
                .size();
    }

    private static String patient(String nhsNumber) {
        return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Probe\"}],\"identifier\":[{\"system\":\""
                + SampleRecords.NHS_NUMBER + "\",\"value\":\"" + nhsNumber + "\"}]}";
    }
}
