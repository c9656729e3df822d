package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.CallerResolver;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code AuditEvent} on the API: read, search and {@code $cross-boundary}, served from the audit
 * tables, for information-governance officers and audit systems only. There is no create, update or
 * delete: AuditEvents are written by the server alone.
 */
@Component
public class AuditEventProvider implements IResourceProvider {

    static final int DEFAULT_PAGE = 50;
    static final int LARGEST_PAGE = 500;

    private final AuditQueries store;
    private final CrossBoundaryReport crossBoundary;
    private final CallerResolver callers;
    private final DaoRegistry daos;

    public AuditEventProvider(
            AuditQueries store, CrossBoundaryReport crossBoundary, CallerResolver callers, DaoRegistry daos) {
        this.store = store;
        this.crossBoundary = crossBoundary;
        this.callers = callers;
        this.daos = daos;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, RequestDetails request) {
        requireAuditReader(request);
        return store.find(id.getIdPart())
                .map(AuditEventMapper::toAuditEvent)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Create
    public MethodOutcome create(@ResourceParam AuditEvent event) {
        throw unchangeable();
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event) {
        throw unchangeable();
    }

    @Patch
    public MethodOutcome patch(@IdParam IdType id, PatchTypeEnum type, @ResourceParam String body) {
        throw unchangeable();
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        throw unchangeable();
    }

    private static MethodNotAllowedException unchangeable() {
        return new MethodNotAllowedException(
                "AuditEvents are written by the server alone: they cannot be created, changed or deleted.");
    }

    @Search(allowUnknownParams = false)
    public IBundleProvider search(
            @OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "patient-identifier") TokenParam patientIdentifier,
            @OptionalParam(name = "agent") ReferenceParam agent,
            @OptionalParam(name = "agent-name") StringParam agentName,
            @OptionalParam(name = "date") DateRangeParam date,
            @OptionalParam(name = "outcome") TokenOrListParam outcome,
            @OptionalParam(name = "purpose") TokenParam purpose,
            @OptionalParam(name = "denied") TokenParam denied,
            @OptionalParam(name = "request-id") StringParam requestId,
            @Offset Integer offset,
            @Count Integer count,
            RequestDetails request) {
        requireAuditReader(request);
        AuditQuery query = new AuditQuery(
                people(patient, patientIdentifier),
                AuditSearchParameters.agentReference(agent, "Practitioner"),
                AuditSearchParameters.agentReference(agent, "Organization"),
                agentName == null ? null : agentName.getValue(),
                AuditSearchParameters.from(date),
                AuditSearchParameters.to(date),
                AuditSearchParameters.outcomes(outcome),
                purpose == null ? null : purpose.getValue(),
                denied != null && "true".equals(denied.getValue()),
                requestId == null ? null : requestId.getValue());
        if (agent != null && query.practitioner() == null && query.organisation() == null) {
            throw new InvalidRequestException("agent must be Practitioner/<id> or Organization/<id>.");
        }
        int first = offset == null ? 0 : Math.max(0, offset);
        int size = count == null ? DEFAULT_PAGE : Math.min(Math.max(count, 0), LARGEST_PAGE);
        List<IBaseResource> page = new ArrayList<>();
        store.search(query, first, size).forEach(record -> page.add(AuditEventMapper.toAuditEvent(record)));
        long total = store.count(query);
        SimpleBundleProvider result = new SimpleBundleProvider(page);
        result.setCurrentPageOffset(first);
        result.setCurrentPageSize(size);
        result.setSize((int) Math.min(total, Integer.MAX_VALUE));
        return result;
    }

    /**
     * {@code AuditEvent/$cross-boundary?from&to&period}: accesses where the caller's sector differs from
     * the sector of the organisation whose data it was, by period and organisation pair.
     */
    @Operation(name = "$cross-boundary", idempotent = true)
    public Parameters crossBoundary(
            @OperationParam(name = "from") DateType from,
            @OperationParam(name = "to") DateType to,
            @OperationParam(name = "period") StringType period,
            RequestDetails request) {
        requireAuditReader(request);
        return crossBoundary.report(from, to, period);
    }

    private void requireAuditReader(RequestDetails request) {
        Caller caller = callers.callerOf(request).orElseThrow(() -> AccessDenied.because("audit needs a caller"));
        if (!caller.mayReadAuditTrail()) {
            throw AccessDenied.because(caller.username() + " may not read the audit trail");
        }
    }

    private List<String> people(ReferenceParam patient, TokenParam identifier) {
        Set<String> ids = null;
        if (patient != null) {
            IdType id = new IdType(patient.getValue());
            if (id.getIdPart() == null || (id.getResourceType() != null && !"Patient".equals(id.getResourceType()))) {
                throw new InvalidRequestException("patient must be Patient/<id>.");
            }
            ids = new LinkedHashSet<>(List.of(id.getIdPart()));
        }
        if (identifier != null) {
            SearchParameterMap byIdentifier = SearchParameterMap.newSynchronous();
            byIdentifier.add("identifier", new TokenParam(identifier.getSystem(), identifier.getValue()));
            Set<String> found = new LinkedHashSet<>();
            InternalSearches.all(daos.getResourceDao("Patient"), byIdentifier)
                    .forEach(p -> found.add(p.getIdElement().getIdPart()));
            if (ids == null) {
                ids = found;
            } else {
                ids.retainAll(found);
            }
        }
        return ids == null ? null : List.copyOf(ids);
    }
}
