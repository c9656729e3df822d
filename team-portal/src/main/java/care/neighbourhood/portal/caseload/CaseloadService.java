package care.neighbourhood.portal.caseload;

import care.neighbourhood.portal.security.CurrentUser;

/** Where the caseload page gets the people on the user's caseload. */
public interface CaseloadService {

    /**
     * The page of the user's caseload the query asks for (the last page if it asks for one past it):
     * the people who pass its filters in its order, each with their open, overdue and unclaimed
     * tasks, and how many people the whole caseload holds. Filtered, ordered and paged by the FHIR
     * server.
     */
    CaseloadPage pageFor(CurrentUser user, CaseloadQuery query);
}
