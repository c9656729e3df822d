package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import care.neighbourhood.fhirserver.record.InternalSearches;
import care.neighbourhood.fhirserver.record.RecordElements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/**
 * Whose data a resource is: the organisation that recorded it (the elements {@code RecordTypes}
 * names for who holds and who made each type of record, a practitioner standing for the organisation
 * they work for)
 * and that organisation's sector and name. The audit trail uses it to find accesses across sector
 * boundaries; the caller is told from which organisation a withheld record comes. The directory
 * lookups behind it are cached for a few minutes.
 */
@Component
public class DataCustodians {

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);

    /**
     * The organisation that holds a record; any part may be null when unknown.
     *
     * @param organisation the organisation code (the Organization's resource id)
     * @param sector health, social-care or voluntary
     * @param name the organisation's name, e.g. {@code Riverside Medical Practice}
     */
    public record Custodian(String organisation, String sector, String name) {
        static final Custodian UNKNOWN = new Custodian(null, null, null);
    }

    /** What the directory says of an organisation. */
    private record Facts(String sector, String name) {}

    private record Cached<T>(Optional<T> value, Instant until) {}

    private final RecordElements elements;
    private final DaoRegistry daos;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached<String>> organisationOfPractitioner = new ConcurrentHashMap<>();
    private final Map<String, Cached<Facts>> organisations = new ConcurrentHashMap<>();

    public DataCustodians(RecordElements elements, DaoRegistry daos) {
        this.elements = elements;
        this.daos = daos;
    }

    public Custodian of(IBaseResource resource) {
        for (IIdType reference : elements.custodianCandidatesIn(resource)) {
            Optional<String> organisation = organisationOf(reference);
            if (organisation.isPresent()) {
                Optional<Facts> facts = cached(organisations, organisation.get(), this::lookUpOrganisation);
                return new Custodian(
                        organisation.get(),
                        facts.map(Facts::sector).orElse(null),
                        facts.map(Facts::name).orElse(null));
            }
        }
        return Custodian.UNKNOWN;
    }

    private Optional<String> organisationOf(IIdType reference) {
        if (reference == null || reference.getIdPart() == null) {
            return Optional.empty();
        }
        return switch (String.valueOf(reference.getResourceType())) {
            case "Organization" -> Optional.of(reference.getIdPart());
            case "Practitioner" -> cached(organisationOfPractitioner, reference.getIdPart(), this::lookUpEmployer);
            case "PractitionerRole" -> lookUpRoleOrganisation(reference.getIdPart());
            default -> Optional.empty();
        };
    }

    private <T> Optional<T> cached(
            Map<String, Cached<T>> cache, String key, java.util.function.Function<String, Optional<T>> lookUp) {
        Instant now = clock.instant();
        Cached<T> hit = cache.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.value();
        }
        Optional<T> value = lookUp.apply(key);
        cache.put(key, new Cached<>(value, now.plus(CACHE_FOR)));
        return value;
    }

    private Optional<String> lookUpEmployer(String practitionerId) {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("practitioner", new ReferenceParam("Practitioner/" + practitionerId));
        return InternalSearches.all(daos.getResourceDao("PractitionerRole"), query).stream()
                .map(PractitionerRole.class::cast)
                .filter(role -> role.hasOrganization())
                .map(role -> role.getOrganization().getReferenceElement().getIdPart())
                .findFirst();
    }

    private Optional<String> lookUpRoleOrganisation(String roleId) {
        try {
            PractitionerRole role = (PractitionerRole) daos.getResourceDao("PractitionerRole")
                    .read(new IdType("PractitionerRole", roleId), new SystemRequestDetails());
            return role.hasOrganization()
                    ? Optional.of(role.getOrganization().getReferenceElement().getIdPart())
                    : Optional.empty();
        } catch (RuntimeException notThere) {
            return Optional.empty();
        }
    }

    private Optional<Facts> lookUpOrganisation(String organisationId) {
        try {
            Organization organisation = (Organization) daos.getResourceDao("Organization")
                    .read(new IdType("Organization", organisationId), new SystemRequestDetails());
            String sector = organisation.getType().stream()
                    .flatMap(type -> type.getCoding().stream())
                    .filter(coding -> ConsentDecisions.SECTOR_SYSTEM.equals(coding.getSystem()))
                    .map(coding -> coding.getCode())
                    .findFirst()
                    .orElse(null);
            return Optional.of(new Facts(sector, organisation.hasName() ? organisation.getName() : null));
        } catch (RuntimeException notThere) {
            return Optional.empty();
        }
    }
}
