package care.neighbourhood.portal.audit;

import java.time.LocalDate;
import java.util.List;

/** Reads the audit trail with the signed-in officer's own authority. */
public interface AuditTrail {

    /** Who accessed the record of the person with this NHS number, newest first. */
    AccessPage accessesToPerson(String nhsNumber, int offset, int pageSize);

    /** Refused requests (401 and 403) from the start of {@code from}, newest first. */
    AccessPage deniedAccesses(LocalDate from, int offset, int pageSize);

    /** Accesses across sector boundaries from {@code from} to {@code to} (inclusive), counted per period. */
    List<CrossBoundaryCount> crossBoundaryAccesses(LocalDate from, LocalDate to, ReportingPeriod period);
}
