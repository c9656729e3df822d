package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.HasOrListParam;
import ca.uhn.fhir.rest.param.HasParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Reads: who may see which record. Searches are narrowed inside the database query to the people the
 * caller has a care relationship with (so pages stay full and totals right); every resource about to
 * be shown, by any way in (read, search, includes, history, operations, transactions), is checked
 * against the caller's caseload once more. A direct read of a record outside it is refused with 403;
 * included or listed records outside it are left out.
 */
@Component
public class RecordAccessRules {

    /** Operations that name one resource: refusing them must be a 403, not a silent omission. */
    private static final Set<RestOperationTypeEnum> DIRECT = Set.of(
            RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    private static final String NARROWING_CHAIN = "_has:" + CareAccessIndex.ENTRY_TYPE + ":subject:author";

    private final CallerResolver callers;
    private final Caseload caseload;
    private final FhirContext fhirContext;
    private final SharingAgreement agreement;
    private final ConsentDecisions consents;
    private final int maxListedPeople;

    /** An id no person has: narrows a search to nothing for a caller with no caseload. */
    private static final String NOBODY = "no-one-on-this-caseload";

    public RecordAccessRules(
            CallerResolver callers,
            Caseload caseload,
            FhirContext fhirContext,
            SharingAgreement agreement,
            ConsentDecisions consents,
            @org.springframework.beans.factory.annotation.Value("${workspace.access.max-listed-people:5000}")
                    int maxListedPeople) {
        this.callers = callers;
        this.caseload = caseload;
        this.fhirContext = fhirContext;
        this.agreement = agreement;
        this.consents = consents;
        this.maxListedPeople = maxListedPeople;
    }

    /** What a caller may learn of one resource. */
    enum Disclosure {
        /** Shown. */
        SHOW,
        /** Not shown, and not mentioned: the caller has no relationship with the person. */
        HIDE,
        /** Not shown, but counted: the agreement or a restricted label keeps it from this caller. */
        WITHHOLD
    }

    static final String WITHHELD_HEADER = "X-Withheld-Count";
    /** Why the caller may see the record they read: the rule and what is behind it. */
    static final String BASIS_HEADER = "X-Access-Basis";

    private static final String BASIS_KEY = RecordAccessRules.class.getName() + ".basis";
    private static final String WITHHELD_KEY = RecordAccessRules.class.getName() + ".withheld";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseWaysInThatCannotBeNarrowed(RequestDetails request, RestOperationTypeEnum operation) {
        Optional<Caller> caller = callers.callerOf(request);
        if (caller.isEmpty()) {
            return;
        }
        String type = request.getResourceName();
        switch (operation) {
            case SEARCH_SYSTEM, HISTORY_SYSTEM, GRAPHQL_REQUEST, META ->
                throw AccessDenied.because(operation + " is not available to API callers");
            case HISTORY_TYPE -> {
                if (!PersonLinks.isDirectory(type)) {
                    throw AccessDenied.because("type history of " + type + " cannot be narrowed");
                }
            }
            default -> {
                if (type != null && PersonLinks.INTERNAL.contains(type)) {
                    throw AccessDenied.because(type + " is internal to the server");
                }
            }
        }
        SmartScopes.Access access = scopeAccessOf(operation);
        if (type != null && access != null && !SmartScopes.permits(caller.get().scopes(), type, access)) {
            throw AccessDenied.because("the token's scopes do not allow " + access + " of " + type);
        }
        if (!READS_ONE_RECORD.contains(operation)) {
            caseload.prepare(caller.get(), request);
        }
    }

    /** Interactions about one record: they look up the relationship with its person alone. */
    private static final Set<RestOperationTypeEnum> READS_ONE_RECORD =
            Set.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE);

    /** What an interaction needs from the token's SMART scopes; writes are checked as they are stored. */
    private static SmartScopes.Access scopeAccessOf(RestOperationTypeEnum operation) {
        return switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE -> SmartScopes.Access.READ;
            case SEARCH_TYPE, HISTORY_TYPE -> SmartScopes.Access.SEARCH;
            default -> null;
        };
    }

    @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
    public void narrowSearch(ICachedSearchDetails search, RequestDetails request, SearchParameterMap parameters) {
        Optional<Caller> found = callers.callerOf(request);
        if (found.isEmpty()) {
            return;
        }
        Caller caller = found.get();
        String type = search.getResourceType();
        if (PersonLinks.isDirectory(type)) {
            return;
        }
        PersonLinks.Link link =
                PersonLinks.of(type).orElseThrow(() -> AccessDenied.because("searching " + type + " is not allowed"));
        if (agreement.isGovernanceOnly(caller)) {
            if (agreement.governance().resourceTypes().contains(type)) {
                return; // governance reads these across the neighbourhood, without a care relationship
            }
            if ("Task".equals(type)) {
                // the break-glass review queue, and no other Task
                if (!asksOnlyForReviewTasks(parameters)) {
                    parameters.add(
                            "code",
                            new TokenParam(BreakGlassProvider.TASK_CODE_SYSTEM, BreakGlassProvider.REVIEW_TASK_CODE));
                }
                return;
            }
            throw AccessDenied.because("governance roles do not read " + type);
        }
        List<String> references = caller.relationshipReferences();
        if (references.isEmpty()) {
            throw AccessDenied.because("caller has no practitioner or organisation");
        }
        Set<String> people = caseload.people(caller, request);
        if (people.size() <= maxListedPeople) {
            narrowToListedPeople(type, link, people, parameters);
        } else if ("Patient".equals(type)) {
            HasOrListParam has = new HasOrListParam();
            references.forEach(
                    reference -> has.addOr(new HasParam(CareAccessIndex.ENTRY_TYPE, "subject", "author", reference)));
            parameters.add("_has", has);
        } else {
            ReferenceOrListParam related = new ReferenceOrListParam();
            references.forEach(reference -> related.addOr(narrowingParam(link.searchParameter(), reference)));
            parameters.add(link.searchParameter(), related);
        }
    }

    /** The search already has {@code code=<review task code>} as one of its conditions. */
    private static boolean asksOnlyForReviewTasks(SearchParameterMap parameters) {
        List<List<ca.uhn.fhir.model.api.IQueryParameterType>> codes = parameters.get("code");
        return codes != null
                && codes.stream()
                        .anyMatch(or -> or.size() == 1
                                && or.get(0) instanceof TokenParam token
                                && BreakGlassProvider.TASK_CODE_SYSTEM.equals(token.getSystem())
                                && BreakGlassProvider.REVIEW_TASK_CODE.equals(token.getValue())
                                && token.getModifier() == null);
    }

    /**
     * A caseload of up to {@code workspace.access.max-listed-people} people (already looked up, once,
     * for this request) narrows by their ids: well inside PostgreSQL's bind-parameter limit and much
     * faster in HAPI than the chained reverse chain, which larger caseloads use instead.
     */
    private static void narrowToListedPeople(
            String type, PersonLinks.Link link, Set<String> people, SearchParameterMap parameters) {
        List<String> ids = people.isEmpty() ? List.of(NOBODY) : List.copyOf(people);
        if ("Patient".equals(type)) {
            TokenOrListParam idList = new TokenOrListParam();
            ids.forEach(id -> idList.addOr(new TokenParam(id)));
            parameters.add("_id", idList);
        } else {
            ReferenceOrListParam references = new ReferenceOrListParam();
            ids.forEach(id -> references.addOr(new ReferenceParam("Patient/" + id)));
            parameters.add(link.searchParameter(), references);
        }
    }

    /** Built the way HAPI parses {@code patient._has:Basic:subject:author=<reference>} from a URL. */
    private ReferenceParam narrowingParam(String searchParameter, String reference) {
        ReferenceParam param = new ReferenceParam();
        param.setValueAsQueryToken(fhirContext, searchParameter, "." + NARROWING_CHAIN, reference);
        return param;
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void checkWhatIsShown(IPreResourceShowDetails shown, RequestDetails request) {
        Optional<Caller> found = callers.callerOf(request);
        if (found.isEmpty()) {
            return;
        }
        Caller caller = found.get();
        boolean direct = DIRECT.contains(request.getRestOperationType());
        java.util.Set<String> withheld = withheldIn(request);
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource == null) {
                continue;
            }
            Disclosure disclosure = disclosure(caller, request, resource);
            if (disclosure == Disclosure.SHOW) {
                if (direct && isTheRequestedResource(request, resource)) {
                    request.getUserData().put(BASIS_KEY, basisOf(caller, request, resource));
                }
                continue;
            }
            if (direct && isTheRequestedResource(request, resource)) {
                throw AccessDenied.because(
                        disclosure + " " + resource.getIdElement().toUnqualifiedVersionless());
            }
            shown.setResource(i, null);
            if (disclosure == Disclosure.WITHHOLD) {
                withheld.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
            }
        }
    }

    /** Tells the client how many records the agreement or a label kept from it ("1 item withheld"). */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void reportWithheld(RequestDetails request, jakarta.servlet.http.HttpServletResponse response) {
        java.util.Set<String> withheld = withheldIn(request);
        if (!withheld.isEmpty() && response != null) {
            response.setHeader(WITHHELD_HEADER, String.valueOf(withheld.size()));
        }
        if (request.getUserData().get(BASIS_KEY) instanceof String basis && response != null) {
            response.setHeader(BASIS_HEADER, basis);
        }
    }

    /** The records withheld from this request's answer, counted once each however often HAPI shows them. */
    @SuppressWarnings("unchecked")
    private static java.util.Set<String> withheldIn(RequestDetails request) {
        return (java.util.Set<String>)
                request.getUserData().computeIfAbsent(WITHHELD_KEY, k -> new java.util.HashSet<String>());
    }

    Disclosure disclosure(Caller caller, RequestDetails request, IBaseResource resource) {
        String type = resource.fhirType();
        if (!"OperationOutcome".equals(type)
                && !"Bundle".equals(type)
                && !"Parameters".equals(type)
                && !SmartScopes.permits(caller.scopes(), type, SmartScopes.Access.READ)) {
            return Disclosure.HIDE; // e.g. an _include of a type the token's scopes leave out
        }
        if (PersonLinks.isDirectory(type)) {
            return Disclosure.SHOW;
        }
        if ("AuditEvent".equals(type)) {
            return caller.mayReadAuditTrail() ? Disclosure.SHOW : Disclosure.HIDE;
        }
        if (!PersonLinks.isAboutAPerson(type)) {
            return "OperationOutcome".equals(type) || "Bundle".equals(type) || "Parameters".equals(type)
                    ? Disclosure.SHOW
                    : Disclosure.HIDE;
        }
        if (agreement.isGovernanceOnly(caller)) {
            boolean reviewQueue = resource instanceof org.hl7.fhir.r4.model.Task task
                    && caller.hasRole("ig-officer")
                    && BreakGlassReviewProvider.isReviewTask(task);
            return reviewQueue || agreement.governance().resourceTypes().contains(type)
                    ? Disclosure.SHOW
                    : Disclosure.HIDE;
        }
        String person = personOf(resource).orElse(null);
        if (person == null || !caseload.includes(caller, request, person)) {
            return Disclosure.HIDE;
        }
        ConsentDecisions.Effect consent = consents.effectFor(caller, request, person, type);
        if (consent == ConsentDecisions.Effect.DENY) {
            return Disclosure.WITHHOLD;
        }
        boolean agreed = agreement.mayRead(caller, type) || consent == ConsentDecisions.Effect.PERMIT;
        if (!agreed || (isRestricted(resource) && !agreement.maySeeRestricted(caller))) {
            return Disclosure.WITHHOLD;
        }
        return Disclosure.SHOW;
    }

    /**
     * The basis of an allowed read, e.g. {@code relationship CareTeam/12; agreement
     * northbank-neighbourhood v1 coordination}; {@code directory} for who-works-where records.
     */
    public String basisOf(Caller caller, RequestDetails request, IBaseResource resource) {
        String type = resource.fhirType();
        if (!PersonLinks.isAboutAPerson(type)) {
            return "directory";
        }
        String clause = "agreement " + agreement.id() + " v" + agreement.version() + " "
                + agreement.dataClassOf(type).orElse("none");
        if (agreement.isGovernanceOnly(caller)) {
            return "governance " + String.join(",", caller.roles()) + "; " + clause;
        }
        String person = personOf(resource).orElseThrow();
        List<String> relationship = caseload.basis(caller, request, person);
        String basis = "relationship "
                + (relationship.isEmpty() ? "registered-in-request" : String.join(",", relationship)) + "; " + clause;
        if (!agreement.mayRead(caller, type)) {
            basis += "; consent permit";
        }
        return basis;
    }

    boolean isRestricted(IBaseResource resource) {
        return resource.getMeta().getSecurity().stream()
                .anyMatch(label -> agreement.isRestricted(label.getSystem(), label.getCode()));
    }

    /** The id of the person a resource is about, if it names one. */
    public Optional<String> personOf(IBaseResource resource) {
        return personReferenceOf(resource)
                .filter(id -> "Patient".equals(id.getResourceType()) && id.getIdPart() != null)
                .map(IIdType::getIdPart);
    }

    /**
     * The reference to the person as written in the resource: {@code Patient/x}, or within a
     * transaction possibly a placeholder ({@code urn:uuid:...}) for a resource of the same bundle.
     */
    Optional<IIdType> personReferenceOf(IBaseResource resource) {
        String type = resource.fhirType();
        if ("Patient".equals(type)) {
            return Optional.of(resource.getIdElement());
        }
        PersonLinks.Link link = PersonLinks.of(type).orElse(null);
        if (link == null) {
            return Optional.empty();
        }
        return fhirContext.newTerser().getValues(resource, link.element(), IBaseReference.class).stream()
                .map(IBaseReference::getReferenceElement)
                .filter(id -> id.getValue() != null
                        && (id.getValue().startsWith("urn:") || "Patient".equals(id.getResourceType())))
                .findFirst();
    }

    private static boolean isTheRequestedResource(RequestDetails request, IBaseResource resource) {
        IIdType requested = request.getId();
        return requested == null
                || (resource.fhirType().equals(requested.getResourceType())
                        && resource.getIdElement().getIdPart().equals(requested.getIdPart()));
    }
}
