package care.neighbourhood.fhirserver.access;

import java.time.Instant;

/**
 * Emergency access for one practitioner to one person, asserted with a reason and in force until
 * {@code expires}.
 *
 * @param id the grant's entry in the care access index ({@code Basic/<id>})
 * @param personId the person
 * @param practitioner {@code Practitioner/<id>} who asserted it
 * @param expires when it ends
 */
public record BreakGlassGrant(String id, String personId, String practitioner, Instant expires) {

    public boolean inForceAt(Instant now) {
        return expires != null && expires.isAfter(now);
    }
}
