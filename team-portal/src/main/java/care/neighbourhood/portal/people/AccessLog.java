package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.List;

/** Who has looked at the person's own record, from the audit trail, for the person themself. */
public interface AccessLog {

    AccessLogPage logOf(CurrentUser user, String personId, LocalDate from, LocalDate to);

    /** The accesses in a period, newest first. */
    record AccessLogPage(LocalDate from, LocalDate to, List<Access> accesses) {

        public AccessLogPage {
            accesses = List.copyOf(accesses);
        }

        public long emergencies() {
            return accesses.stream().filter(Access::emergency).count();
        }
    }

    /**
     * One access to the record.
     *
     * @param when e.g. {@code 9 March 2026 at 9:30am}
     * @param who their name, or {@code null} when names are not shown
     * @param role e.g. {@code Community nurse}
     * @param organisation e.g. {@code Northbank Community Health Trust}
     * @param reason the reason code: care-team, referral, emergency, governance, look-up, carer, other
     * @param why the reason in plain words
     * @param emergencyReason what the person using emergency access said, or {@code null}
     * @param what {@code looked} or {@code changed}
     */
    record Access(
            String when,
            String who,
            String role,
            String organisation,
            String reason,
            String why,
            String emergencyReason,
            String what) {

        public boolean emergency() {
            return "emergency".equals(reason);
        }
    }
}
