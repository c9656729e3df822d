package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * {@code POST Task/[id]/$review-break-glass} with a {@code decision} ({@code appropriate}, or
 * {@code referred} for investigation) and a {@code note}: an information-governance officer's
 * review of one emergency access. The review Task is completed with the decision and the note; the
 * request itself is in the audit trail.
 */
@Component
public class BreakGlassReviewProvider {

    static final String DECISION_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/break-glass-review-decision";
    private static final Map<String, String> DECISIONS =
            Map.of("appropriate", "Access was appropriate", "referred", "Referred for investigation");

    private final CallerResolver callers;
    private final DaoRegistry daos;

    public BreakGlassReviewProvider(CallerResolver callers, DaoRegistry daos) {
        this.callers = callers;
        this.daos = daos;
    }

    @Operation(name = "$review-break-glass", idempotent = false, type = Task.class)
    public Task review(
            @IdParam IdType taskId,
            @OperationParam(name = "decision", min = 1, max = 1) CodeType decision,
            @OperationParam(name = "note", min = 1, max = 1) StringType note,
            RequestDetails request) {
        Caller caller = callers.callerOf(request).orElseThrow(() -> AccessDenied.because("review needs a caller"));
        if (!caller.hasRole("ig-officer") || caller.practitioner() == null) {
            throw AccessDenied.because(caller.username() + " is not an information-governance officer");
        }
        String code = decision == null ? null : decision.getValue();
        if (code == null || !DECISIONS.containsKey(code)) {
            throw new InvalidRequestException("decision must be 'appropriate' or 'referred'.");
        }
        if (note == null || note.getValue() == null || note.getValue().isBlank()) {
            throw new InvalidRequestException("Give a note with the review decision in the parameter 'note'.");
        }
        Task task = readReviewTask(taskId);
        if (task.getStatus() != Task.TaskStatus.REQUESTED) {
            throw new ResourceVersionConflictException("This emergency access has already been reviewed.");
        }
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.setBusinessStatus(new CodeableConcept(new Coding(DECISION_SYSTEM, code, DECISIONS.get(code))));
        task.addNote(new Annotation()
                .setAuthor(new Reference(caller.practitioner()).setDisplay(caller.username()))
                .setTime(new Date())
                .setText(note.getValue().strip()));
        task.setLastModified(new Date());
        task.addOutput()
                .setType(new CodeableConcept(new Coding(DECISION_SYSTEM, "decision", "Review decision")))
                .setValue(new CodeableConcept(new Coding(DECISION_SYSTEM, code, DECISIONS.get(code))));
        return (Task) daos.getResourceDao("Task")
                .update(task, new SystemRequestDetails())
                .getResource();
    }

    private Task readReviewTask(IdType taskId) {
        Task task;
        try {
            task = (Task) daos.getResourceDao("Task")
                    .read(new IdType("Task", taskId.getIdPart()), new SystemRequestDetails());
        } catch (RuntimeException notThere) {
            throw new ResourceNotFoundException(new IdType("Task", taskId.getIdPart()));
        }
        if (!BreakGlassReviewTasks.isReviewTask(task)) {
            // Other Tasks are care records: say no more than that this is not a review.
            throw new ResourceNotFoundException(new IdType("Task", taskId.getIdPart()));
        }
        return task;
    }
}
