package care.neighbourhood.portal.audit;

import java.time.Instant;

/**
 * An emergency access waiting for an officer's review.
 *
 * @param reviewTaskId the id of the review Task, which a decision is recorded against
 * @param person the person whose record was opened: their name, or the reference when no name is given
 * @param practitioner who asserted emergency access: their name, or the reference
 * @param requestedAt when access was asserted, or {@code null} if not recorded
 * @param reason the reason the practitioner gave
 */
public record BreakGlassAccess(
        String reviewTaskId, String person, String practitioner, Instant requestedAt, String reason) {

    public BreakGlassAccess {
        person = person == null ? "" : person;
        practitioner = practitioner == null ? "" : practitioner;
        reason = reason == null ? "" : reason;
    }
}
