package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.neighbourhood.fhirserver.access.index.CareAccessEntry;
import care.neighbourhood.fhirserver.access.index.CareAccessSweep;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Out of hours, a nurse is asked about someone not on her caseload: denied; she asserts emergency
 * access with a reason; she sees the record until the grant expires (six seconds in this test
 * configuration, four hours by default); the grant is recorded with purpose BTG and a review Task
 * waits for the information-governance officers; the review Task itself opens the record to no one.
 */
class BreakGlassTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String SYSTEM = TestTokens.TRUSTED.token(
            "riverside-ehr",
            "riverside-practice",
            "health",
            "none",
            claims -> claims.claim("fhirUser", null).claim("scope", "system/*.rs"));

    @Autowired
    DaoRegistry daos;

    @Autowired
    CareAccessSweep sweep;

    @Test
    void emergencyAccessIsGrantedForAWhileRecordedAndReviewed() throws InterruptedException {
        String edith = new SampleRecords(daos).patientId(SampleRecords.EDITH_NHS_NUMBER);
        assertThat(get("/Patient/" + edith).statusCode()).isEqualTo(403);

        HttpResponse<String> noReason = breakGlass(edith, NURSE, "{\"resourceType\":\"Parameters\"}");
        assertThat(noReason.statusCode()).isBetween(400, 422);
        assertThat(noReason.body()).contains("OperationOutcome");

        HttpResponse<String> bySystem = breakGlass(edith, SYSTEM, reason("system clients cannot"));
        assertThat(bySystem.statusCode()).isEqualTo(403);

        HttpResponse<String> granted = breakGlass(edith, NURSE, reason("Called by out-of-hours GP about a fall"));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(granted.body()).contains("expires", "reviewTask");

        assertThat(get("/Patient/" + edith).statusCode()).isEqualTo(200);
        assertThat(get("/Condition?patient=Patient/" + edith).body()).contains("\"resourceType\":\"Condition\"");

        Basic grant = (Basic) only(daos.getResourceDao("Basic")
                .search(
                        SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + edith))
                                .add("code", new TokenParam(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS))
                                .add("author", new ReferenceParam("Practitioner/nina-patel")),
                        new SystemRequestDetails())
                .getAllResources());
        assertThat(grant.getAuthor().getReference()).isEqualTo("Practitioner/nina-patel");
        assertThat(grant.getExtensionByUrl(CareAccessEntry.PURPOSE_EXTENSION)
                        .getValue()
                        .toString())
                .isNotNull();
        assertThat(((org.hl7.fhir.r4.model.Coding) grant.getExtensionByUrl(CareAccessEntry.PURPOSE_EXTENSION)
                                .getValue())
                        .getCode())
                .isEqualTo("BTG");

        Task review = (Task) only(daos.getResourceDao("Task")
                .search(
                        SearchParameterMap.newSynchronous("patient", new ReferenceParam("Patient/" + edith))
                                .add(
                                        "code",
                                        new TokenParam(BreakGlassReviewTasks.CODE_SYSTEM, BreakGlassReviewTasks.CODE)),
                        new SystemRequestDetails())
                .getAllResources());
        assertThat(review.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(review.getReasonCode().getText()).isEqualTo("Called by out-of-hours GP about a fall");
        assertThat(review.getOwner().getReference()).isEqualTo("Organization/northbank-community");

        Thread.sleep(7000);
        assertThat(get("/Patient/" + edith).statusCode()).as("after expiry").isEqualTo(403);
        assertThat(get("/Condition?patient=Patient/" + edith).body())
                .doesNotContain("\"resourceType\":\"Condition\"")
                .as("the ended grant narrows the search itself, not only what is shown of it")
                .contains("\"total\":0");

        // A read never writes: the grant is marked ended by the sweep, not by the reads that found it ended.
        // The scheduled sweep may have run since it expired; then the only change is the sweep's.
        Basic afterReads = (Basic) daos.getResourceDao("Basic")
                .read(grant.getIdElement().toUnqualifiedVersionless(), new SystemRequestDetails());
        if (afterReads
                .getIdElement()
                .getVersionIdPart()
                .equals(grant.getIdElement().getVersionIdPart())) {
            assertThat(afterReads.getCode().hasCoding(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS))
                    .isTrue();
        } else {
            assertThat(afterReads
                            .getCode()
                            .hasCoding(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS_EXPIRED))
                    .as("a later version of the grant can only be the sweep's")
                    .isTrue();
        }

        sweep.sweep();
        Basic swept = (Basic) daos.getResourceDao("Basic")
                .read(grant.getIdElement().toUnqualifiedVersionless(), new SystemRequestDetails());
        assertThat(swept.getCode().hasCoding(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS_EXPIRED))
                .isTrue();
        assertThat(swept.hasAuthor()).isFalse();
        assertThat(((Reference) swept.getExtensionByUrl(CareAccessEntry.GRANTEE_EXTENSION)
                                .getValue())
                        .getReference())
                .isEqualTo("Practitioner/nina-patel");
    }

    private static IBaseResource only(List<IBaseResource> resources) {
        assertThat(resources).hasSize(1);
        return resources.get(0);
    }

    private static String reason(String text) {
        return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":\"" + text
                + "\"}]}";
    }

    private HttpResponse<String> breakGlass(String patient, String token, String body) {
        return send(request("/Patient/" + patient + "/$break-glass")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).header("Authorization", "Bearer " + NURSE).GET());
    }
}
