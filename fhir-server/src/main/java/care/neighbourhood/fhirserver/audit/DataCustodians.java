package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import care.neighbourhood.fhirserver.access.ConsentDecisions;
import care.neighbourhood.fhirserver.server.InternalSearches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/**
 * Whose data a resource is: the organisation that recorded it (its author, recorder, requester,
 * performer or managing organisation, a practitioner standing for the organisation they work for)
 * and that organisation's sector. The audit trail uses it to find accesses across sector
 * boundaries. The directory lookups behind it are cached for a few minutes.
 */
@Component
public class DataCustodians {

    private static final Map<String, List<String>> RECORDED_BY = Map.ofEntries(
            Map.entry("Patient", List.of("Patient.managingOrganization", "Patient.generalPractitioner")),
            Map.entry("CareTeam", List.of("CareTeam.managingOrganization")),
            Map.entry("CarePlan", List.of("CarePlan.author")),
            Map.entry("Goal", List.of("Goal.expressedBy")),
            Map.entry("Task", List.of("Task.requester")),
            Map.entry("Communication", List.of("Communication.sender")),
            Map.entry("Consent", List.of("Consent.organization", "Consent.performer")),
            Map.entry("Condition", List.of("Condition.recorder", "Condition.asserter")),
            Map.entry("Observation", List.of("Observation.performer")),
            Map.entry("QuestionnaireResponse", List.of("QuestionnaireResponse.author")),
            Map.entry("Procedure", List.of("Procedure.recorder")),
            Map.entry("MedicationRequest", List.of("MedicationRequest.requester", "MedicationRequest.recorder")),
            Map.entry("AllergyIntolerance", List.of("AllergyIntolerance.recorder", "AllergyIntolerance.asserter")),
            Map.entry("Encounter", List.of("Encounter.serviceProvider")),
            Map.entry("DiagnosticReport", List.of("DiagnosticReport.performer")),
            Map.entry("DocumentReference", List.of("DocumentReference.custodian", "DocumentReference.author")),
            Map.entry("ServiceRequest", List.of("ServiceRequest.requester")));

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);

    /** The organisation and sector that hold a record; either may be null when unknown. */
    public record Custodian(String organisation, String sector) {
        static final Custodian UNKNOWN = new Custodian(null, null);
    }

    private record Cached(Optional<String> value, Instant until) {}

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> organisationOfPractitioner = new ConcurrentHashMap<>();
    private final Map<String, Cached> sectorOfOrganisation = new ConcurrentHashMap<>();

    public DataCustodians(FhirContext fhirContext, DaoRegistry daos) {
        this.fhirContext = fhirContext;
        this.daos = daos;
    }

    public Custodian of(IBaseResource resource) {
        List<String> elements = RECORDED_BY.get(resource.fhirType());
        if (elements == null) {
            return Custodian.UNKNOWN;
        }
        for (String element : elements) {
            for (IBaseReference reference :
                    fhirContext.newTerser().getValues(resource, element, IBaseReference.class)) {
                Optional<String> organisation = organisationOf(reference.getReferenceElement());
                if (organisation.isPresent()) {
                    return new Custodian(
                            organisation.get(), sectorOf(organisation.get()).orElse(null));
                }
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
