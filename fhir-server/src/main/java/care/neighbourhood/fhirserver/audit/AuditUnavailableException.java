package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/** 503: the request's audit record could not be committed, so the request is not acknowledged. */
public class AuditUnavailableException extends BaseServerResponseException {

    public AuditUnavailableException(String reasonForTheLog) {
        super(503, "The request could not be recorded in the audit trail, so it was not completed. Try again.");
        addSuppressed(new IllegalStateException(reasonForTheLog));
        addResponseHeader("Retry-After", "5");
    }
}
