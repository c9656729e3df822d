package care.neighbourhood.fhirserver.audit;

import java.time.Instant;
import java.util.List;

/**
 * One audited interaction as stored: a row of {@code nw_audit_event} with the people it concerned
 * ({@code nw_audit_person}). {@link AuditEventMapper} turns it into a FHIR AuditEvent.
 *
 * @param id the AuditEvent id
 * @param interaction {@code read}, {@code search-type}, {@code create}, … (restful-interaction codes)
 * @param action C, R, U, D or E
 * @param outcome 0 success, 4 refused, 8 server failure
 * @param httpStatus the status of the response
 * @param purpose v3 ActReason code: TREAT, CAREMGT, BTG, HCOMPL, PATRQT (the person) or FAMRQT (a carer)
 * @param agentSubject {@code iss|sub} of the token, null when no valid token was sent
 * @param agentPractitioner {@code Practitioner/<id>} for staff
 * @param agentName login name, or client id of a system
 * @param agentRoles realm roles, comma-separated
 * @param organisation the caller's organisation id
 * @param sector the caller's sector
 * @param resource the resource the request named ({@code Type/id} or {@code Type})
 * @param query the query string of a search or operation
 */
public record AuditRecord(
        String id,
        Instant recorded,
        String requestId,
        String interaction,
        String action,
        int outcome,
        int httpStatus,
        String outcomeDescription,
        String purpose,
        String agentSubject,
        String agentPractitioner,
        String agentName,
        String agentRoles,
        String organisation,
        String sector,
        String clientId,
        String clientAddress,
        String resource,
        String query,
        List<AuditPerson> people) {

    public static final int SUCCESS = 0;
    public static final int REFUSED = 4;
    public static final int FAILED = 8;

    public static int outcomeOf(int httpStatus) {
        if (httpStatus < 400) {
            return SUCCESS;
        }
        return httpStatus < 500 ? REFUSED : FAILED;
    }

    public boolean denied() {
        return httpStatus == 401 || httpStatus == 403;
    }

    /**
     * A person whose data appeared in the response or was written.
     *
     * @param personId the Patient id
     * @param nhsNumber the person's NHS number, when they have one
     * @param basis why the caller could see or change it
     * @param dataOrganisation the organisation that recorded the data, when known
     * @param dataSector that organisation's sector
     */
    public record AuditPerson(
            String personId, String nhsNumber, String basis, String dataOrganisation, String dataSector) {}
}
