package care.neighbourhood.portal.caseload;

import care.neighbourhood.portal.security.CurrentUser;

/** Finds the people on a user's caseload. */
public interface CaseloadService {

    /**
     * Everyone the shared care record lets the user see: people whose active care team includes the
     * user, their role or their organisation, and people referred to the user or their organisation
     * by an open task; each with their task counts, sorted by family name.
     */
    Caseload caseloadFor(CurrentUser user);
}
