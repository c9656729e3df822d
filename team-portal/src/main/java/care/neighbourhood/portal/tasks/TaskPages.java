package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import java.util.regex.Pattern;

/** Checks shared by the board and the task page. */
final class TaskPages {

    /** A FHIR resource id; anything else cannot name a task. */
    static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** Where a change may send the user back to: the board or a person's page, nowhere else. */
    private static final Pattern RETURN_TO = Pattern.compile(
            "/tasks(/[A-Za-z0-9\\-.]{1,64})?(\\?[A-Za-z0-9=&\\-]{0,200})?|/people/[A-Za-z0-9\\-.]{1,64}");

    private TaskPages() {}

    static void requireCaseload(CurrentUser user) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role", "Tasks are for members of the neighbourhood team who care for people.");
        }
    }

    /** {@code returnTo} when it is a page of the portal a change may return to, else {@code fallback}. */
    static String safeReturn(String returnTo, String fallback) {
        return returnTo != null && RETURN_TO.matcher(returnTo).matches() ? returnTo : fallback;
    }
}
