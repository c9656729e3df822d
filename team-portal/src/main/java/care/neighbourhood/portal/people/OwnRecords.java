package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import java.util.Optional;

/** Whose record a person or carer sees. */
public interface OwnRecords {

    /**
     * The person whose record the user sees: for a person themself ({@code Patient} id), for a carer
     * the person they care for, once that person has shared their record with them; else empty.
     */
    Optional<String> personOf(CurrentUser user);
}
