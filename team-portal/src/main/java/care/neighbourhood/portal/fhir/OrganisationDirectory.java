package care.neighbourhood.portal.fhir;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Names of the neighbourhood's organisations, by organisation code (which is the Organization id). */
public interface OrganisationDirectory {

    /**
     * The names of those organisations that can be found; the others are left out rather than
     * failing, so that a page can still show the code.
     */
    Map<String, String> namesOf(Collection<String> organisationCodes);

    default Optional<String> nameOf(String organisationCode) {
        return Optional.ofNullable(namesOf(Set.of(organisationCode)).get(organisationCode));
    }
}
