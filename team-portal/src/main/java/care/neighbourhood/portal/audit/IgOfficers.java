package care.neighbourhood.portal.audit;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;

/** The reports' own check that the user is an information-governance officer, for a friendly refusal. */
final class IgOfficers {

    static final String ONLY_FOR_IG_OFFICERS = "These reports are for information-governance officers.";

    private IgOfficers() {}

    static void require(CurrentUser user) {
        if (!user.isIgOfficer()) {
            throw new RoleRequiredException(CurrentUser.IG_OFFICER, ONLY_FOR_IG_OFFICERS);
        }
    }
}
