package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.HasOrListParam;
import ca.uhn.fhir.rest.param.HasParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.BreakGlassReviewTasks;
import care.neighbourhood.fhirserver.access.index.CareAccessEntry;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Narrows every search, inside the database query, to the records of the people the caller has a
 * care relationship with, so that pages stay full and totals right. A caseload of up to
 * {@code workspace.access.max-listed-people} people narrows by their ids; a larger one by the reverse
 * chain over the care access index ({@code _has:Basic:subject:author=...}, ADR 0002). A worklist
 * (open Tasks owned by the caller or their organisation) is within the caseload by construction and
 * gets no list ({@link OwnedOpenTasks}). Governance
 * searches consent decisions across the neighbourhood and the break-glass review queue, nothing else.
 * What the narrowing lets through is still judged record by record as it is shown.
 */
@Component
public class SearchNarrowing {

    private static final String NARROWING_CHAIN = "_has:" + CareAccessEntry.TYPE + ":subject:author";

    /** An id no person has: narrows a search to nothing for a caller with no caseload. */
    private static final String NOBODY = "no-one-on-this-caseload";

    private final AccessContexts contexts;
    private final AccessPolicy policy;
    private final FhirContext fhirContext;
    private final int maxListedPeople;

    public SearchNarrowing(
            AccessContexts contexts,
            AccessPolicy policy,
            FhirContext fhirContext,
            @Value("${workspace.access.max-listed-people:5000}") int maxListedPeople) {
        this.contexts = contexts;
        this.policy = policy;
        this.fhirContext = fhirContext;
        this.maxListedPeople = maxListedPeople;
    }

    @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
    public void narrowSearch(ICachedSearchDetails search, RequestDetails request, SearchParameterMap parameters) {
        Optional<AccessContext> found = contexts.of(request);
        if (found.isEmpty()) {
            return;
        }
        AccessContext context = found.get();
        String type = search.getResourceType();
        if (RecordTypes.isDirectory(type)) {
            return;
        }
        RecordTypes.RecordType recordType = RecordTypes.of(type)
                .filter(t -> t.kind() == RecordTypes.Kind.ABOUT_A_PERSON)
                .orElseThrow(() -> AccessDenied.because("searching " + type + " is not allowed"));
        if (policy.isGovernanceOnly(context.caller())) {
            narrowForGovernance(type, parameters);
            return;
        }
        List<String> references = context.caller().relationshipReferences();
        if (references.isEmpty()) {
            throw AccessDenied.because("caller has no practitioner or organisation");
        }
        Set<String> people = policy.caseloadOf(context).keySet();
        if ("Task".equals(type) && OwnedOpenTasks.within(parameters, references)) {
            OwnedOpenTasks.leaveOutReviewTasks(parameters); // within the caseload already
        } else if (people.size() <= maxListedPeople) {
            narrowToListedPeople(recordType, people, parameters);
        } else if ("Patient".equals(type)) {
            HasOrListParam has = new HasOrListParam();
            references.forEach(
                    reference -> has.addOr(new HasParam(CareAccessEntry.TYPE, "subject", "author", reference)));
            parameters.add("_has", has);
        } else {
            ReferenceOrListParam related = new ReferenceOrListParam();
            references.forEach(reference -> related.addOr(narrowingParam(recordType.personParameter(), reference)));
            parameters.add(recordType.personParameter(), related);
        }
    }

    private void narrowForGovernance(String type, SearchParameterMap parameters) {
        if (policy.governanceReads(type)) {
            return; // governance reads these across the neighbourhood, without a care relationship
        }
        if ("Task".equals(type)) {
            // the break-glass review queue, and no other Task
            if (!asksOnlyForReviewTasks(parameters)) {
                parameters.add("code", new TokenParam(BreakGlassReviewTasks.CODE_SYSTEM, BreakGlassReviewTasks.CODE));
            }
            return;
        }
        throw AccessDenied.because("governance roles do not read " + type);
    }

    /** The search already has {@code code=<review task code>} as one of its conditions. */
    private static boolean asksOnlyForReviewTasks(SearchParameterMap parameters) {
        List<List<IQueryParameterType>> codes = parameters.get("code");
        return codes != null
                && codes.stream()
                        .anyMatch(or -> or.size() == 1
                                && or.get(0) instanceof TokenParam token
                                && BreakGlassReviewTasks.CODE_SYSTEM.equals(token.getSystem())
                                && BreakGlassReviewTasks.CODE.equals(token.getValue())
                                && token.getModifier() == null);
    }

    /**
     * A caseload of up to {@code workspace.access.max-listed-people} people (already looked up, once,
     * for this request) narrows by their ids: well inside PostgreSQL's bind-parameter limit and much
     * faster in HAPI than the chained reverse chain, which larger caseloads use instead.
     */
    private static void narrowToListedPeople(
            RecordTypes.RecordType recordType, Set<String> people, SearchParameterMap parameters) {
        List<String> ids = people.isEmpty() ? List.of(NOBODY) : List.copyOf(people);
        if ("Patient".equals(recordType.name())) {
            TokenOrListParam idList = new TokenOrListParam();
            ids.forEach(id -> idList.addOr(new TokenParam(id)));
            parameters.add("_id", idList);
        } else {
            ReferenceOrListParam references = new ReferenceOrListParam();
            ids.forEach(id -> references.addOr(new ReferenceParam("Patient/" + id)));
            parameters.add(recordType.personParameter(), references);
        }
    }

    /** Built the way HAPI parses {@code patient._has:Basic:subject:author=<reference>} from a URL. */
    private ReferenceParam narrowingParam(String searchParameter, String reference) {
        ReferenceParam param = new ReferenceParam();
        param.setValueAsQueryToken(fhirContext, searchParameter, "." + NARROWING_CHAIN, reference);
        return param;
    }
}
