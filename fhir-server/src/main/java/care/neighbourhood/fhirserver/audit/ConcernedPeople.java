package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import care.neighbourhood.fhirserver.access.AccessBasis;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.DataCustodians;
import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import care.neighbourhood.fhirserver.record.RecordElements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * The people a request concerned: everyone named by a record it showed (after the access rules
 * removed what the caller may not see) or wrote, each with the basis the access policy gives, their
 * NHS number and the organisation and sector whose data it was. Kept with the request until its
 * AuditEvent is made.
 */
@Component
class ConcernedPeople {

    private static final String KEY = ConcernedPeople.class.getName() + ".people";

    private final AccessContexts contexts;
    private final AccessPolicy policy;
    private final RecordElements elements;
    private final DataCustodians custodians;
    private final PersonIdentifiers identifiers;

    ConcernedPeople(
            AccessContexts contexts,
            AccessPolicy policy,
            RecordElements elements,
            DataCustodians custodians,
            PersonIdentifiers identifiers) {
        this.contexts = contexts;
        this.policy = policy;
        this.elements = elements;
        this.custodians = custodians;
        this.identifiers = identifiers;
    }

    /** What one request has concerned so far. */
    static final class Concerned {
        private final Map<String, AuditPerson> people = new LinkedHashMap<>();
        private boolean breakGlass;

        List<AuditPerson> people() {
            return new ArrayList<>(people.values());
        }

        /** Emergency access was part of the basis for some of them: purpose of use BTG. */
        boolean underBreakGlass() {
            return breakGlass;
        }
    }

    void note(RequestDetails request, IBaseResource resource) {
        List<String> people = elements.personIdsIn(resource);
        Concerned concerned = of(request);
        if (people.isEmpty() || concerned.people.keySet().containsAll(people)) {
            return;
        }
        AccessBasis basis = basisOf(request, resource).orElse(null);
        if (basis != null && basis.usesBreakGlass()) {
            concerned.breakGlass = true;
        }
        DataCustodians.Custodian custodian = custodians.of(resource);
        for (String person : people) {
            concerned.people.computeIfAbsent(
                    person,
                    id -> new AuditPerson(
                            id,
                            identifiers.nhsNumberOf(id, resource).orElse(null),
                            basis == null ? null : basis.forPerson(id).toString(),
                            custodian.organisation(),
                            custodian.sector()));
        }
    }

    private Optional<AccessBasis> basisOf(RequestDetails request, IBaseResource resource) {
        try {
            Optional<AccessContext> context = contexts.of(request);
            return context.map(c -> policy.basisOf(c, resource));
        } catch (RuntimeException noVerifiedCaller) {
            return Optional.empty();
        }
    }

    static Concerned of(RequestDetails request) {
        return (Concerned) request.getUserData().computeIfAbsent(KEY, k -> new Concerned());
    }
}
