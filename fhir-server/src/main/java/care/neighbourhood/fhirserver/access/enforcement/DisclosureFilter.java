package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.Disclosure;
import care.neighbourhood.fhirserver.access.WithheldExplanations;
import care.neighbourhood.fhirserver.access.WithheldGroup;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Every record about to be shown, by any way in (read, search, includes, history, operations, the
 * entries of a transaction), is judged by the {@link AccessPolicy}. A direct read of a record the
 * caller may not see is refused with 403; included or listed records are left out, and those withheld
 * (not hidden) are counted in {@value #WITHHELD_HEADER} and explained per data class, organisation
 * and rule ({@link WithheldOutcome}: an outcome entry in a search Bundle, and a header). An allowed
 * direct read names its basis in {@value #BASIS_HEADER}.
 */
@Component
public class DisclosureFilter {

    /** How many records the agreement, a consent or a label kept from the answer ("1 item withheld"). */
    public static final String WITHHELD_HEADER = "X-Withheld-Count";
    /** Why the caller may see the record they read: the rule and what is behind it. */
    public static final String BASIS_HEADER = "X-Access-Basis";

    /** Operations that name one resource: refusing them must be a 403, not a silent omission. */
    private static final Set<RestOperationTypeEnum> DIRECT = Set.of(
            RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    /**
     * Direct reads whose refusal is raised once HAPI's read has finished rather than inside it: the
     * record is taken out of the answer here, HAPI finds nothing to answer with, and the refusal takes
     * the place of its "not found" ({@link #refusalInsteadOfNotFound}). Raised inside, the refusal
     * would roll the read back, and with it HAPI's memory of where the record is stored, so that every
     * refused read paid for looking that up again. A read inside a batch or transaction is refused at
     * once, as before: its refusal belongs to its entry.
     */
    private static final Set<RestOperationTypeEnum> REFUSED_AFTER_THE_READ =
            Set.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD);

    private static final String REFUSAL_KEY = DisclosureFilter.class.getName() + ".refusal";
    private static final String BASIS_KEY = DisclosureFilter.class.getName() + ".basis";
    private static final String WITHHELD_KEY = DisclosureFilter.class.getName() + ".withheld";

    private final AccessContexts contexts;
    private final AccessPolicy policy;
    private final WithheldExplanations explanations;

    public DisclosureFilter(AccessContexts contexts, AccessPolicy policy, WithheldExplanations explanations) {
        this.contexts = contexts;
        this.policy = policy;
        this.explanations = explanations;
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void judgeWhatIsShown(IPreResourceShowDetails shown, RequestDetails request) {
        Optional<AccessContext> found = contexts.of(request);
        if (found.isEmpty()) {
            return;
        }
        AccessContext context = found.get();
        boolean direct = DIRECT.contains(request.getRestOperationType());
        Map<WithheldExplanations.Kind, Set<String>> withheld = withheldIn(request);
        if (shown.size() > 1) {
            policy.beforeDisclosing(context, shown.getAllResources());
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource == null) {
                continue;
            }
            Disclosure disclosure = policy.disclose(context, resource);
            boolean requested = direct && isTheRequestedResource(request, resource);
            if (disclosure.isShown()) {
                if (requested) {
                    request.getUserData().put(BASIS_KEY, disclosure.basis().toString());
                }
                continue;
            }
            String id = resource.getIdElement().toUnqualifiedVersionless().getValue();
            if (requested) {
                ForbiddenOperationException refusal =
                        AccessDenied.because(disclosure.verdict() + " " + id + ": " + disclosure.reason());
                if (request.isSubRequest() || !REFUSED_AFTER_THE_READ.contains(request.getRestOperationType())) {
                    throw refusal;
                }
                request.getUserData().put(REFUSAL_KEY, refusal);
                shown.setResource(i, null);
                continue;
            }
            shown.setResource(i, null);
            if (disclosure.verdict() == Disclosure.Verdict.WITHHOLD) {
                withheld.computeIfAbsent(explanations.kindOf(resource, disclosure), k -> new HashSet<>())
                        .add(id);
            }
        }
    }

    /** A read refused above ends in the refusal, whatever error HAPI raised for the record taken out. */
    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException refusalInsteadOfNotFound(RequestDetails request, Throwable error) {
        return request == null ? null : refusalOf(request);
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void reportWithheldAndBasis(RequestDetails request, ResponseDetails answer, HttpServletResponse response) {
        ForbiddenOperationException refusal = refusalOf(request);
        if (refusal != null) {
            throw refusal; // never an answer with the record in it, should HAPI ever answer without it
        }
        if (response == null) {
            return;
        }
        Map<WithheldExplanations.Kind, Set<String>> withheld = withheldIn(request);
        Optional<AccessContext> context = withheld.isEmpty() ? Optional.empty() : contexts.of(request);
        if (context.isPresent()) {
            Map<WithheldExplanations.Kind, Integer> counts = new LinkedHashMap<>();
            withheld.forEach((kind, ids) -> counts.put(kind, ids.size()));
            List<WithheldGroup> groups = explanations.explain(context.get().caller(), counts);
            response.setHeader(
                    WITHHELD_HEADER,
                    String.valueOf(
                            groups.stream().mapToInt(WithheldGroup::count).sum()));
            response.setHeader(WithheldOutcome.HEADER, WithheldOutcome.headerOf(groups));
            if (answer != null && answer.getResponseResource() instanceof Bundle bundle) {
                WithheldOutcome.addTo(bundle, groups);
            }
        }
        if (request.getUserData().get(BASIS_KEY) instanceof String basis) {
            response.setHeader(BASIS_HEADER, basis);
        }
    }

    /**
     * The records withheld from this request's answer by kind, in the order first met, counted once
     * each however often HAPI shows them.
     */
    @SuppressWarnings("unchecked")
    private static Map<WithheldExplanations.Kind, Set<String>> withheldIn(RequestDetails request) {
        return (Map<WithheldExplanations.Kind, Set<String>>) request.getUserData()
                .computeIfAbsent(WITHHELD_KEY, k -> new LinkedHashMap<WithheldExplanations.Kind, Set<String>>());
    }

    private static ForbiddenOperationException refusalOf(RequestDetails request) {
        return request.getUserData().get(REFUSAL_KEY) instanceof ForbiddenOperationException refusal ? refusal : null;
    }

    private static boolean isTheRequestedResource(RequestDetails request, IBaseResource resource) {
        IIdType requested = request.getId();
        return requested == null
                || (resource.fhirType().equals(requested.getResourceType())
                        && resource.getIdElement().getIdPart().equals(requested.getIdPart()));
    }
}
