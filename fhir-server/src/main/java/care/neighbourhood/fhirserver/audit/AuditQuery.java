package care.neighbourhood.fhirserver.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What an audit search asks for; every criterion is optional and they combine with AND.
 *
 * @param people Patient ids: events concerning any of them
 * @param practitioner {@code Practitioner/<id>} of the requesting user
 * @param organisation the requesting organisation's id
 * @param agentName the login name or client id
 * @param from inclusive lower bound of {@code recorded}
 * @param to exclusive upper bound of {@code recorded}
 * @param outcomes any of 0, 4, 8
 * @param purpose TREAT, CAREMGT, BTG or HCOMPL
 * @param deniedOnly only 401 and 403
 * @param requestId the request id
 */
public record AuditQuery(
        List<String> people,
        String practitioner,
        String organisation,
        String agentName,
        Instant from,
        Instant to,
        Set<Integer> outcomes,
        String purpose,
        boolean deniedOnly,
        String requestId) {

    public static AuditQuery everything() {
        return new AuditQuery(null, null, null, null, null, null, Set.of(), null, false, null);
    }
}
