package care.neighbourhood.fhirserver.access;

/**
 * Whether a caller may create, change or delete one record, and on what basis or why not.
 *
 * @param reason why it is refused, for the log and the audit trail; told to the caller only when
 *     {@code told}
 * @param told whether the reason is about the request alone (a subscription's endpoint, say) and says
 *     nothing about any record, so that the caller is told it
 */
public record WriteDecision(boolean allowed, String reason, AccessBasis basis, boolean told) {

    public static WriteDecision allow(AccessBasis basis) {
        return new WriteDecision(true, null, basis, false);
    }

    public static WriteDecision refuse(String reason) {
        return new WriteDecision(false, reason, null, false);
    }

    /** A refusal whose reason is about the request alone, and is told to the caller. */
    public static WriteDecision refuseSaying(String reason) {
        return new WriteDecision(false, reason, null, true);
    }

    /** The basis of an allowed write; a refusal is thrown as the one answer to a refusal (403). */
    public AccessBasis orRefuse() {
        if (!allowed) {
            throw told ? AccessDenied.becauseOfTheRequest(reason) : AccessDenied.because(reason);
        }
        return basis;
    }
}
