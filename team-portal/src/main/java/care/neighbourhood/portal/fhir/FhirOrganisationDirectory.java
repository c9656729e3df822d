package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.security.SignInRequiredException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks organisation names up on the FHIR server and keeps them for a while: they appear on every
 * page header and rarely change. Names are directory data, the same for every user, so one cache
 * serves all users.
 */
@Component
class FhirOrganisationDirectory implements OrganisationDirectory {

    private static final Logger log = LoggerFactory.getLogger(FhirOrganisationDirectory.class);
    private static final Duration KEEP_NAME = Duration.ofMinutes(10);
    private static final Duration KEEP_MISS = Duration.ofMinutes(1);
    private static final int IDS_PER_SEARCH = 50;
    private static final int MAX_CACHED = 1_000;

    private final FhirSearches searches;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    FhirOrganisationDirectory(FhirSearches searches, Clock clock) {
        this.searches = searches;
        this.clock = clock;
    }

    /** A name, or {@code null} for an organisation that was not found, until {@code expires}. */
    private record Cached(String name, Instant expires) {}

    @Override
    public Map<String, String> namesOf(Collection<String> organisationCodes) {
        Instant now = clock.instant();
        Map<String, String> names = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String code : new LinkedHashSet<>(organisationCodes)) {
            Cached cached = cache.get(code);
            if (cached != null && cached.expires().isAfter(now)) {
                if (cached.name() != null) {
                    names.put(code, cached.name());
                }
            } else {
                unknown.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            names.putAll(lookUp(unknown, now));
        }
        return names;
    }

    private Map<String, String> lookUp(List<String> codes, Instant now) {
        Map<String, String> found = new HashMap<>();
        try {
            for (int from = 0; from < codes.size(); from += IDS_PER_SEARCH) {
                List<String> batch = codes.subList(from, Math.min(codes.size(), from + IDS_PER_SEARCH));
                searches
                        .all(
                                "looking up organisation names",
                                client -> client.search()
                                        .forResource(Organization.class)
                                        .where(IAnyResource.RES_ID.exactly().codes(batch))
                                        .elementsSubset("name")
                                        .returnBundle(Bundle.class))
                        .stream()
                        .filter(Organization.class::isInstance)
                        .map(Organization.class::cast)
                        .filter(Organization::hasName)
                        .forEach(organisation ->
                                found.put(organisation.getIdElement().getIdPart(), organisation.getName()));
            }
        } catch (SignInRequiredException e) {
            // The page will ask the user to log in again; nothing is learnt about the names.
            return found;
        } catch (FhirServiceException e) {
            // The caller shows codes instead. Not asking again for a minute keeps an unreachable
            // server from slowing down every page header (and the error page that reports it).
            log.debug("Organisation names not available: {}", e.getMessage());
        }
        if (cache.size() > MAX_CACHED) {
            cache.clear();
        }
        for (String code : codes) {
            String name = found.get(code);
            cache.put(code, new Cached(name, now.plus(name == null ? KEEP_MISS : KEEP_NAME)));
        }
        return found;
    }
}
