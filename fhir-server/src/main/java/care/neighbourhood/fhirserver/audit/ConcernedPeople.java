package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import care.neighbourhood.fhirserver.access.AccessBasis;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.DataCustodians;
import care.neighbourhood.fhirserver.access.ExportPolicy;
import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import care.neighbourhood.fhirserver.record.RecordElements;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
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
    private final FhirContext fhirContext;

    ConcernedPeople(
            FhirContext fhirContext,
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
        this.fhirContext = fhirContext;
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
        if (ExportPolicy.isExportFile(resource)) {
            noteExportFile(request, (Binary) resource);
            return;
        }
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

    /** A file of a bulk export, fetched by its requester: everyone its records name (one per line). */
    private void noteExportFile(RequestDetails request, Binary file) {
        String content = new String(file.getData() == null ? new byte[0] : file.getData(), StandardCharsets.UTF_8);
        IParser parser = fhirContext.newJsonParser();
        content.lines().filter(line -> !line.isBlank()).forEach(line -> note(request, parser.parseResource(line)));
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
