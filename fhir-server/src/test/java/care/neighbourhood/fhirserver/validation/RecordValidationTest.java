package care.neighbourhood.fhirserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every way of writing is validated against the workspace's profiles: a create, an update, the
 * result of a PATCH, an entry of a transaction (which then stores nothing). The answer is 422 with
 * an OperationOutcome naming the element and the profile; a valid write is stored as before.
 */
class RecordValidationTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String TASK_PROFILE = "https://neighbourhood.example/fhir/StructureDefinition/workspace-task";

    @Autowired
    DaoRegistry daos;

    private String margaret;

    @BeforeEach
    void findMargaret() {
        margaret = new SampleRecords(daos).patientId("9991042113");
    }

    @Test
    void aTaskForNoOneIsRefusedNamingTheElementAndTheProfile() {
        String description = "Refused " + UUID.randomUUID();
        HttpResponse<String> answer = post(
                "/Task",
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"description\":\""
                        + description + "\",\"owner\":{\"reference\":\"Organization/northbank-community\"}}",
                NURSE);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        OperationOutcome outcome = outcome(answer);
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics())
                .contains("Task.for")
                .contains(TASK_PROFILE);
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).startsWith("Task");
        assertThat(tasksDescribed(description)).isZero();
    }

    @Test
    void aTaskNoOneIsToDoIsRefused() {
        HttpResponse<String> answer = post("/Task", task(margaret, "Nobody's", false), NURSE);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(outcome(answer).getIssueFirstRep().getDiagnostics())
                .contains("nw-task-1")
                .contains("Task.owner")
                .contains(TASK_PROFILE);
    }

    @Test
    void anUpdateOrPatchThatWouldMakeATaskInvalidIsRefusedAndTheTaskIsUnchanged() {
        HttpResponse<String> created = post("/Task", task(margaret, "Check the dressing", true), NURSE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Task task = FHIR.newJsonParser().parseResource(Task.class, created.body());
        String id = task.getIdElement().getIdPart();

        HttpResponse<String> updated = put(
                "/Task/" + id,
                task(margaret, "Check the dressing", false)
                        .replace("{\"resourceType\":\"Task\",", "{\"resourceType\":\"Task\",\"id\":\"" + id + "\","),
                NURSE);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(422);

        HttpResponse<String> patched = send(request("/Task/" + id)
                .header("Authorization", "Bearer " + NURSE)
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("[{\"op\":\"remove\",\"path\":\"/owner\"}]")));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(422);
        assertThat(outcome(patched).getIssueFirstRep().getDiagnostics()).contains("nw-task-1");

        HttpResponse<String> read = get("/Task/" + id, NURSE);
        Task unchanged = FHIR.newJsonParser().parseResource(Task.class, read.body());
        assertThat(unchanged.getMeta().getVersionId()).isEqualTo("1");
        assertThat(unchanged.getOwner().getReference()).isEqualTo("Organization/northbank-community");
    }

    @Test
    void aTransactionWithOneInvalidEntryStoresNothing() {
        String description = "Part of a refused transaction " + UUID.randomUUID();
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":" + task(margaret, description, true) + ","
                + "\"request\":{\"method\":\"POST\",\"url\":\"Task\"}},"
                + "{\"resource\":{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":"
                + "\"Patient/" + margaret + "\"},\"participant\":[{\"member\":{\"reference\":"
                + "\"Organization/northbank-community\"}}]},\"request\":{\"method\":\"POST\",\"url\":\"CareTeam\"}}]}";

        HttpResponse<String> answer = post("", transaction, NURSE);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(outcome(answer).getIssueFirstRep().getDiagnostics())
                .contains("CareTeam.participant.role")
                .contains("https://neighbourhood.example/fhir/StructureDefinition/workspace-care-team");
        assertThat(tasksDescribed(description)).isZero();
    }

    @Test
    void theAnswerToAnInvalidWriteIsTheSameWhoeverItIsAbout() {
        String edith = new SampleRecords(daos).patientId(SampleRecords.EDITH_NHS_NUMBER);
        HttpResponse<String> aboutEdith = post("/Task", task(edith, "Same answer", false), NURSE);
        HttpResponse<String> aboutMargaret = post("/Task", task(margaret, "Same answer", false), NURSE);

        assertThat(aboutEdith.statusCode()).isEqualTo(422);
        assertThat(aboutEdith.body()).isEqualTo(aboutMargaret.body()).doesNotContain(edith);
    }

    @Test
    void aValidTaskIsStored() {
        String description = "Valid " + UUID.randomUUID();
        HttpResponse<String> answer = post("/Task", task(margaret, description, true), NURSE);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(tasksDescribed(description)).isOne();
    }

    private int tasksDescribed(String description) {
        HttpResponse<String> found = get("/Task?patient=" + margaret + "&_count=200", NURSE);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return (int) FHIR.newJsonParser().parseResource(Bundle.class, found.body()).getEntry().stream()
                .filter(entry -> entry.getResource() instanceof Task task && description.equals(task.getDescription()))
                .count();
    }

    private static OperationOutcome outcome(HttpResponse<String> answer) {
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
    }

    private static String task(String person, String description, boolean owned) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"description\":\""
                + description + "\",\"for\":{\"reference\":\"Patient/" + person + "\"}"
                + (owned ? ",\"owner\":{\"reference\":\"Organization/northbank-community\"}" : "") + "}";
    }
}
