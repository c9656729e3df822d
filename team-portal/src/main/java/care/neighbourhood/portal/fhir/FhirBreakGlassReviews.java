package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.audit.BreakGlassAccess;
import care.neighbourhood.portal.audit.BreakGlassReviews;
import care.neighbourhood.portal.audit.ReviewDecision;
import care.neighbourhood.portal.audit.ReviewNotRecordedException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * The break-glass review queue: the review Tasks the server creates for each emergency access, and
 * {@code Task/[id]/$review-break-glass} to record a decision (docs/audit.md).
 */
@Service
class FhirBreakGlassReviews implements BreakGlassReviews {

    static final String TASK_CODE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/task-code";
    static final String REVIEW_CODE = "break-glass-review";
    static final String REVIEW_OPERATION = "$review-break-glass";
    private static final int LONGEST_SERVER_MESSAGE = 200;

    private final FhirSearches searches;
    private final IGenericClient client;

    FhirBreakGlassReviews(FhirSearches searches, IGenericClient client) {
        this.searches = searches;
        this.client = client;
    }

    @Override
    public List<BreakGlassAccess> awaitingReview() {
        return searches
                .all(
                        "searching the break-glass review queue",
                        fhir -> fhir.search()
                                .forResource(Task.class)
                                .where(Task.CODE.exactly().systemAndCode(TASK_CODE_SYSTEM, REVIEW_CODE))
                                .and(Task.STATUS.exactly().code("requested"))
                                .sort()
                                .descending(Task.AUTHORED_ON)
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .filter(task -> task.getIdElement().hasIdPart())
                .map(FhirBreakGlassReviews::access)
                .toList();
    }

    @Override
    public void recordReview(String reviewTaskId, ReviewDecision decision, String note) {
        Parameters input = new Parameters();
        input.addParameter().setName("decision").setValue(new CodeType(decision.code()));
        input.addParameter().setName("note").setValue(new StringType(note));
        try {
            client.operation()
                    .onInstance(new IdType("Task", reviewTaskId))
                    .named(REVIEW_OPERATION)
                    .withParameters(input)
                    .returnMethodOutcome()
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            FhirServiceException failure = FhirFailures.translate("recording a break-glass review", e);
            throw new ReviewNotRecordedException(whatToTell(failure, e), failure);
        }
    }

    private static BreakGlassAccess access(Task task) {
        String reason = task.hasReasonCode() && task.getReasonCode().hasText()
                ? task.getReasonCode().getText()
                : task.getDescription();
        return new BreakGlassAccess(
                task.getIdElement().getIdPart(),
                nameOrReference(task.getFor()),
                nameOrReference(task.getRequester()),
                task.hasAuthoredOn() ? task.getAuthoredOn().toInstant() : null,
                reason);
    }

    private static String nameOrReference(Reference reference) {
        if (reference == null) {
            return "";
        }
        if (reference.hasDisplay()) {
            return reference.getDisplay();
        }
        return reference.hasReference() ? reference.getReference() : "";
    }

    /** The officer's explanation; the server's own words only for a rejected request, and only when short. */
    private static String whatToTell(FhirServiceException failure, RuntimeException cause) {
        return switch (failure.reason()) {
            case NOT_AUTHENTICATED -> throw failure;
            case ACCESS_DENIED -> "The shared care record did not let you record this review.";
            case NOT_FOUND -> "This review is no longer in the queue. It may have been removed.";
            case REJECTED -> {
                if (failure.statusCode() == 409 || failure.statusCode() == 412) {
                    yield "A decision has already been recorded for this review.";
                }
                String detail = serverMessage(cause);
                yield detail.isEmpty()
                        ? "The shared care record did not accept the review."
                        : "The shared care record did not accept the review: " + detail;
            }
            case UNAVAILABLE ->
                "The shared care record is not available at the moment. Your review has not been recorded:"
                        + " try again later.";
            case SERVER_ERROR, TOO_MANY_RESULTS ->
                "The shared care record could not record the review. Try again later.";
        };
    }

    private static String serverMessage(RuntimeException cause) {
        if (!(cause instanceof BaseServerResponseException response)
                || !(response.getOperationOutcome() instanceof OperationOutcome outcome)) {
            return "";
        }
        return outcome.getIssue().stream()
                .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                .filter(text -> text != null && !text.isBlank())
                .map(text -> text.replaceFirst("^HAPI-\\d+:\\s*", "").strip())
                .filter(text -> text.length() <= LONGEST_SERVER_MESSAGE
                        && !text.contains("Exception")
                        && !text.contains("\tat "))
                .findFirst()
                .orElse("");
    }
}
