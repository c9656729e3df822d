package care.neighbourhood.fhirserver.access;

/**
 * Whether a caller may create, change or delete one record, and on what basis or why not.
 *
 * @param reason why it is refused, for the log and the audit trail, never for the caller
 */
public record WriteDecision(boolean allowed, String reason, AccessBasis basis) {

    public static WriteDecision allow(AccessBasis basis) {
        return new WriteDecision(true, null, basis);
    }

    public static WriteDecision refuse(String reason) {
        return new WriteDecision(false, reason, null);
    }

    /** The basis of an allowed write; a refusal is thrown as the one answer to a refusal (403). */
    public AccessBasis orRefuse() {
        if (!allowed) {
            throw AccessDenied.because(reason);
        }
        return basis;
    }
}
