package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;

/** Where the person's page gets its record. */
public interface PersonRecords {

    /**
     * The person's record as the user may see it.
     *
     * @param personId the Patient's resource id, already checked to be a well-formed id
     */
    PersonRecord recordOf(CurrentUser user, String personId);
}
