package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import care.neighbourhood.fhirserver.access.ConsentDecisions;
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
 * and that organisation's sector. The audit trail uses it to find accesses across sector
 * boundaries. The directory lookups behind it are cached for a few minutes.
 */
@Component
public class DataCustodians {

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);

    /** The organisation and sector that hold a record; either may be null when unknown. */
    public record Custodian(String organisation, String sector) {
        static final Custodian UNKNOWN = new Custodian(null, null);
    }

    private record Cached(Optional<String> value, Instant until) {}

    private final RecordElements elements;
    private final DaoRegistry daos;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> organisationOfPractitioner = new ConcurrentHashMap<>();
    private final Map<String, Cached> sectorOfOrganisation = new ConcurrentHashMap<>();

    public DataCustodians(RecordElements elements, DaoRegistry daos) {
        this.elements = elements;
        this.daos = daos;
    }

    public Custodian of(IBaseResource resource) {
        for (IIdType reference : elements.custodianCandidatesIn(resource)) {
            Optional<String> organisation = organisationOf(reference);
            if (organisation.isPresent()) {
                return new Custodian(
                        organisation.get(), sectorOf(organisation.get()).orElse(null));
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

    private Optional<String> sectorOf(String organisation) {
        return cached(sectorOfOrganisation, organisation, this::lookUpSector);
    }

    private Optional<String> cached(
            Map<String, Cached> cache, String key, java.util.function.Function<String, Optional<String>> lookUp) {
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.value();
        }
        Optional<String> value = lookUp.apply(key);
        cache.put(key, new Cached(value, now.plus(CACHE_FOR)));
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

    private Optional<String> lookUpSector(String organisationId) {
        try {
            Organization organisation = (Organization) daos.getResourceDao("Organization")
                    .read(new IdType("Organization", organisationId), new SystemRequestDetails());
            return organisation.getType().stream()
                    .flatMap(type -> type.getCoding().stream())
                    .filter(coding -> ConsentDecisions.SECTOR_SYSTEM.equals(coding.getSystem()))
                    .map(coding -> coding.getCode())
                    .findFirst();
        } catch (RuntimeException notThere) {
            return Optional.empty();
        }
    }
}
