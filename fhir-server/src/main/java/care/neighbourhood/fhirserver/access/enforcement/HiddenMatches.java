package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Conditional creates and updates whose condition matches a record the caller may not see. HAPI
 * looks for the match with the caller's search, which the access rules narrow to the caseload: it
 * would find nothing and create the record a second time (a second Patient with the same NHS number,
 * say). Such a request is refused with 409 before anything is stored, saying that a matching record
 * exists outside the caller's view and nothing about it. Matches the caller may see are left to HAPI.
 */
@Component
@Interceptor
public class HiddenMatches {

    /** Enough to find a hidden match among the few a condition on an identifier finds. */
    private static final int MATCHES_LOOKED_AT = 20;

    static final String REFUSAL = "A record matching the condition of this request already exists in the shared"
            + " record, but you may not see it, so it was not created or changed again. To work with it, ask the"
            + " person's care team to add you (or refer the person to your organisation).";

    private final DaoRegistry daos;
    private final MatchUrlService matchUrls;
    private final FhirContext fhirContext;
    private final AccessContexts contexts;
    private final AccessPolicy policy;

    HiddenMatches(
            DaoRegistry daos,
            MatchUrlService matchUrls,
            FhirContext fhirContext,
            AccessContexts contexts,
            AccessPolicy policy) {
        this.daos = daos;
        this.matchUrls = matchUrls;
        this.fhirContext = fhirContext;
        this.contexts = contexts;
        this.policy = policy;
    }

    private record Condition(String type, String query) {}

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseHiddenMatches(RequestDetails request, RestOperationTypeEnum operation) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        for (Condition condition : conditionsOf(request, operation)) {
            if (matchesAHiddenRecord(context.get(), condition)) {
                throw new ResourceVersionConflictException(REFUSAL);
            }
        }
    }

    private List<Condition> conditionsOf(RequestDetails request, RestOperationTypeEnum operation) {
        List<Condition> conditions = new ArrayList<>();
        String type = request.getResourceName();
        switch (operation) {
            case CREATE -> add(conditions, type, request.getHeader(Constants.HEADER_IF_NONE_EXIST));
            case UPDATE -> add(conditions, type, request.getConditionalUrl(RestOperationTypeEnum.UPDATE));
            case TRANSACTION, BATCH -> {
                Bundle bundle = RequestBundles.sent(request, fhirContext);
                if (bundle != null) {
                    bundle.getEntry().forEach(entry -> addEntry(conditions, entry));
                }
            }
            default -> {
                // no condition can create or change a record
            }
        }
        return conditions;
    }

    private static void addEntry(List<Condition> conditions, Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (entry.getResource() == null || request.getMethod() == null) {
            return;
        }
        String type = entry.getResource().fhirType();
        if (request.getMethod() == Bundle.HTTPVerb.POST) {
            add(conditions, type, request.getIfNoneExist());
        } else if (request.getMethod() == Bundle.HTTPVerb.PUT
                && request.hasUrl()
                && request.getUrl().contains("?")) {
            add(conditions, type, request.getUrl());
        }
    }

    private static void add(List<Condition> conditions, String type, String condition) {
        if (type == null || condition == null || condition.isBlank()) {
            return;
        }
        int query = condition.indexOf('?');
        conditions.add(new Condition(type, query >= 0 ? condition.substring(query + 1) : condition));
    }

    private boolean matchesAHiddenRecord(AccessContext context, Condition condition) {
        if (!daos.isResourceTypeSupported(condition.type())) {
            return false; // HAPI refuses it
        }
        List<IBaseResource> matches;
        try {
            SearchParameterMap query = matchUrls.translateMatchUrl(
                    condition.type() + "?" + condition.query(), fhirContext.getResourceDefinition(condition.type()));
            query.setLoadSynchronousUpTo(MATCHES_LOOKED_AT);
            matches = daos.getResourceDao(condition.type())
                    .search(query, new SystemRequestDetails())
                    .getResources(0, MATCHES_LOOKED_AT);
        } catch (BaseServerResponseException e) {
            return false; // a condition HAPI cannot read: HAPI answers it with its own 400
        }
        return matches.stream()
                .anyMatch(match -> !policy.disclose(context, match).isShown());
    }
}
