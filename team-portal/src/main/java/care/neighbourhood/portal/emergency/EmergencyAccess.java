package care.neighbourhood.portal.emergency;

import java.time.Instant;
import java.util.List;

/** The FHIR server's side of emergency access, called with the signed-in user's token. */
public interface EmergencyAccess {

    /** The people the demographic look-up finds (at most five). */
    List<FoundPerson> lookUp(PersonLookUp query);

    /** Asserts emergency access to one person with the reason given; returns when it ends. */
    Instant request(String personId, String reason);
}
