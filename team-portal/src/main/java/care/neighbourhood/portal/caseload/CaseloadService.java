package care.neighbourhood.portal.caseload;

import care.neighbourhood.portal.security.CurrentUser;

/** Finds the people on a user's caseload. */
public interface CaseloadService {

    /**
     * The people whose active care team has the user, their practitioner role or their organisation
     * as a participant today, sorted by family name.
     */
    Caseload caseloadFor(CurrentUser user);
}
