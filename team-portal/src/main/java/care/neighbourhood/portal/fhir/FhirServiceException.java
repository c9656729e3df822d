package care.neighbourhood.portal.fhir;

/**
 * The FHIR server refused or failed a request, or could not be reached. The message is for the log;
 * what the user is told depends only on the {@link Reason}.
 */
public class FhirServiceException extends RuntimeException {

    /** Why the request failed, in the terms the user is told about. */
    public enum Reason {
        /** 401: the server did not accept the user's token. */
        NOT_AUTHENTICATED,
        /** 403: the access rules do not let this user see or do this. */
        ACCESS_DENIED,
        /** 404 or 410. */
        NOT_FOUND,
        /** Another 4xx: the server rejected the request the portal made. */
        REJECTED,
        /** 5xx, or an answer that is not FHIR. */
        SERVER_ERROR,
        /** No answer: the server is down, unreachable or too slow. */
        UNAVAILABLE,
        /** The search has more pages than the portal reads. */
        TOO_MANY_RESULTS
    }

    private final Reason reason;
    private final int statusCode;

    public FhirServiceException(Reason reason, int statusCode, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.statusCode = statusCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status the FHIR server answered with, or 0 when there was no answer. */
    public int statusCode() {
        return statusCode;
    }
}
