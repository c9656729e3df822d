package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.testkit.Persona;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An emergency access is audited with purpose BTG and waits in the IG officers' review queue; the
 * officer sees who, whose record and why, records a decision once, and the Task is closed. Nobody
 * else can review, and the queue opens no other Task to governance.
 */
class BreakGlassReviewTest extends AuditTestSupport {

    private static final String QUEUE = "/Task?code=https://neighbourhood.example/fhir/CodeSystem/task-code"
            + "%7Cbreak-glass-review&status=requested&_count=100";

    /** Arthur's care team is the community nurse and his GP: the support worker has no relationship. */
    private static final String ARTHUR_NHS_NUMBER = "9992204176";

    @Autowired
    DaoRegistry daos;

    @Test
    void emergencyAccessIsAuditedQueuedAndReviewedOnce() throws InterruptedException {
        String supportWorker = tokenOf(Persona.BEN_CARTER);
        String arthur = new SampleRecords(daos).patientId(ARTHUR_NHS_NUMBER);
        String breakGlassRequest = newRequestId();
        HttpResponse<String> granted = call(
                "POST",
                "/Patient/" + arthur + "/$break-glass",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\","
                        + "\"valueString\":\"Found on the floor at a home visit\"}]}",
                supportWorker,
                newRequestIdOr(breakGlassRequest));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        String reviewTask = ((Reference) FHIR.newJsonParser()
                        .parseResource(Parameters.class, granted.body())
                        .getParameter("reviewTask")
                        .getValue())
                .getReferenceElement()
                .getIdPart();

        assertThat(purposeOf(breakGlassRequest)).isEqualTo("BTG");
        String readRequest = newRequestId();
        assertThat(call("GET", "/Patient/" + arthur, null, supportWorker, readRequest)
                        .statusCode())
                .isEqualTo(200);
        assertThat(purposeOf(readRequest)).isEqualTo("BTG");

        Bundle queue = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        call("GET", QUEUE, null, IG_OFFICER, newRequestId()).body());
        Task queued = queue.getEntry().stream()
                .map(e -> (Task) e.getResource())
                .filter(t -> t.getIdElement().getIdPart().equals(reviewTask))
                .findFirst()
                .orElseThrow();
        assertThat(queued.getFor().getDisplay()).contains("Arthur", ARTHUR_NHS_NUMBER);
        assertThat(queued.getRequester().getDisplay()).isEqualTo("ben.carter");
        assertThat(queued.getReasonCode().getText()).isEqualTo("Found on the floor at a home visit");

        Bundle everyTask = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        call("GET", "/Task?_count=100", null, IG_OFFICER, newRequestId())
                                .body());
        assertThat(everyTask.getEntry())
                .allSatisfy(e -> assertThat(((Task) e.getResource())
                                .getCode()
                                .getCodingFirstRep()
                                .getCode())
                        .isEqualTo("break-glass-review"));
        assertThat(call("GET", "/Patient/" + arthur, null, IG_OFFICER, newRequestId())
                        .statusCode())
                .isEqualTo(403);

        assertThat(review(reviewTask, "appropriate", "Checked", tokenOf(Persona.NINA_PATEL))
                        .statusCode())
                .isEqualTo(403);
        assertThat(review(reviewTask, "fine", "Checked", IG_OFFICER).statusCode())
                .isEqualTo(400);
        assertThat(review(reviewTask, "appropriate", " ", IG_OFFICER).statusCode())
                .isEqualTo(400);

        HttpResponse<String> decided =
                review(reviewTask, "referred", "Reason does not match the visit log", IG_OFFICER);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        Task closed = FHIR.newJsonParser().parseResource(Task.class, decided.body());
        assertThat(closed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(closed.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("referred");
        assertThat(closed.getNoteFirstRep().getText()).isEqualTo("Reason does not match the visit log");
        assertThat(closed.getNoteFirstRep().getAuthorReference().getReference()).isEqualTo("Practitioner/irene-walsh");

        assertThat(review(reviewTask, "appropriate", "Again", IG_OFFICER).statusCode())
                .isEqualTo(409);
        Bundle after = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        call("GET", QUEUE, null, IG_OFFICER, newRequestId()).body());
        assertThat(after.getEntry())
                .noneMatch(e -> e.getResource().getIdElement().getIdPart().equals(reviewTask));

        // The grant lasts seconds in the test configuration; other tests share this record.
        awaitRefused("/Patient/" + arthur, supportWorker);
    }

    private void awaitRefused(String path, String token) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (call("GET", path, null, token, newRequestId()).statusCode() != 403) {
            assertThat(System.nanoTime()).as("the emergency access expires").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @Test
    void onlyReviewTasksCanBeReviewed() {
        String nurse = tokenOf(Persona.NINA_PATEL);
        String margaret = new SampleRecords(daos).patientId("9991042113");
        HttpResponse<String> created = call(
                "POST",
                "/Task",
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                        + "\"for\":{\"reference\":\"Patient/" + margaret + "\"},"
                        + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                        + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"description\":\"Care task\"}",
                nurse,
                newRequestId());
        String careTask = FHIR.newJsonParser()
                .parseResource(Task.class, created.body())
                .getIdElement()
                .getIdPart();
        assertThat(review(careTask, "appropriate", "Not a review", IG_OFFICER).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/Task/" + careTask, null, IG_OFFICER, newRequestId())
                        .statusCode())
                .isEqualTo(403);
    }

    private HttpResponse<String> review(String task, String decision, String note, String token) {
        return call(
                "POST",
                "/Task/" + task + "/$review-break-glass",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"decision\",\"valueCode\":\"" + decision
                        + "\"},{\"name\":\"note\",\"valueString\":\"" + note + "\"}]}",
                token,
                newRequestId());
    }

    private String purposeOf(String requestId) {
        AuditEvent event = eventsOf(requestId).get(0);
        return event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode();
    }

    private static String newRequestIdOr(String given) {
        return given;
    }
}
