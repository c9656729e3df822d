package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.junit.jupiter.api.Test;

class AccessDeniedTest {

    @Test
    void aRefusalSaysNothingAboutTheRecordAndKeepsItsReasonForTheAuditTrail() {
        ForbiddenOperationException refusal = AccessDenied.because("WITHHOLD Patient/42: not on the caseload");

        assertThat(refusal.getStatusCode()).isEqualTo(403);
        assertThat(refusal.getMessage()).isEqualTo("Access denied.");
        assertThat(refusal.getSuppressed()).hasSize(1);
        assertThat(refusal.getSuppressed()[0])
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("WITHHOLD Patient/42: not on the caseload");
    }

    @Test
    void aRefusalCarriesNoStackTrace() {
        // An answer, not a fault: filling in a stack trace at a request's depth costs more than the decision.
        ForbiddenOperationException refusal = AccessDenied.because("reason");
        ForbiddenOperationException ofTheRequest = AccessDenied.becauseOfTheRequest("the endpoint is not allowed");

        assertThat(refusal.getStackTrace()).isEmpty();
        assertThat(refusal.getSuppressed()[0].getStackTrace()).isEmpty();
        assertThat(ofTheRequest.getStackTrace()).isEmpty();
        assertThat(ofTheRequest.getMessage()).isEqualTo("Access denied. the endpoint is not allowed");
    }
}
