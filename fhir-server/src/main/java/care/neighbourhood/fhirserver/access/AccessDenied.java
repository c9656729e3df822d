package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;

/** The one answer to a refusal: 403, saying nothing about the record that was asked for. */
public final class AccessDenied {

    static final String MESSAGE = "Access denied.";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccessDenied.class);

    private AccessDenied() {}

    public static ForbiddenOperationException because(String reasonForTheLog) {
        // The reason is for the server's own log and audit, never for the response.
        log.info("Access denied: {}", reasonForTheLog);
        ForbiddenOperationException denial = new Refusal(MESSAGE);
        denial.addSuppressed(new Reason(reasonForTheLog));
        return denial;
    }

    /**
     * A refusal for what the token lacks, decided before any record is looked at: the caller is told
     * why, as the reason says nothing about the record.
     */
    public static ForbiddenOperationException becauseOfTheToken(String reason) {
        return becauseOfTheRequest(reason);
    }

    /**
     * A refusal for something in the request itself (a subscription's endpoint or criteria), which the
     * caller is told, as the reason says nothing about any record.
     */
    public static ForbiddenOperationException becauseOfTheRequest(String reason) {
        log.info("Access denied: {}", reason);
        return new Refusal(MESSAGE + " " + reason);
    }

    /**
     * A refusal is an answer, not a fault: it carries no stack trace, which nothing reads and which,
     * filled in at the depth a request runs at, cost a refused read more than deciding it.
     */
    private static final class Refusal extends ForbiddenOperationException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Why a refusal was made, for the log and the audit trail; no stack trace either. */
    private static final class Reason extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Reason(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
