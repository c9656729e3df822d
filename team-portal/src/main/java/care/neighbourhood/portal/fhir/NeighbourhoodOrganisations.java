package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.tasks.Organisation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * The organisations of the neighbourhood, from the directory, kept for ten minutes: the same for
 * every user, and they rarely change.
 */
@Component
class NeighbourhoodOrganisations {

    private static final Duration KEEP = Duration.ofMinutes(10);

    private final FhirSearches searches;
    private final Clock clock;
    private volatile Kept kept;

    private record Kept(List<Organisation> organisations, Instant expires) {}

    NeighbourhoodOrganisations(FhirSearches searches, Clock clock) {
        this.searches = searches;
        this.clock = clock;
    }

    /** Every active organisation with a name, by name. */
    List<Organisation> all() {
        Kept now = kept;
        if (now != null && now.expires().isAfter(clock.instant())) {
            return now.organisations();
        }
        List<Organisation> found = searches
                .all(
                        "listing the organisations of the neighbourhood",
                        client -> client.search()
                                .forResource(Organization.class)
                                .elementsSubset("name", "active")
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Organization.class::isInstance)
                .map(Organization.class::cast)
                .filter(o -> o.hasName() && (!o.hasActive() || o.getActive()))
                .map(o -> new Organisation(o.getIdElement().getIdPart(), o.getName()))
                .sorted(Comparator.comparing(Organisation::name))
                .toList();
        kept = new Kept(found, clock.instant().plus(KEEP));
        return found;
    }
}
