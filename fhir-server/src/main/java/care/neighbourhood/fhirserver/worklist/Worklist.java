package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.interceptor.ServerInterceptorUtil;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.SharingAgreement;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Task/$worklist}: the page of open Tasks asked for, about the people on the caller's
 * caseload, found, counted and ordered in the worklist table ({@link WorklistTable}); then the page's
 * Tasks are read and shown through the hooks every record passes, so the access rules judge each one
 * (a person's consent can still withhold it, and the answer says so) and the audit trail names their
 * people.
 */
@Component
public class Worklist {

    /** On {@code Bundle.meta}: how many tasks pass the filters in each scope. */
    public static final String COUNTS_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/worklist-counts";

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final AccessContexts contexts;
    private final SharingAgreement agreement;
    private final WorklistTable table;
    private final WorklistFill fill;
    private final DaoRegistry daos;
    private final IInterceptorBroadcaster broadcaster;
    private final Clock clock = Clock.systemUTC();

    public Worklist(
            AccessContexts contexts,
            SharingAgreement agreement,
            WorklistTable table,
            WorklistFill fill,
            DaoRegistry daos,
            IInterceptorBroadcaster broadcaster) {
        this.contexts = contexts;
        this.agreement = agreement;
        this.table = table;
        this.fill = fill;
        this.daos = daos;
        this.broadcaster = broadcaster;
    }

    public Bundle page(RequestDetails request, WorklistQuery query) {
        AccessContext context =
                contexts.of(request).orElseThrow(() -> AccessDenied.because("the worklist needs a caller"));
        Caller caller = context.caller();
        if (agreement.isGovernanceOnly(caller)
                || caller.relationshipReferences().isEmpty()) {
            throw AccessDenied.because(
                    "the worklist is of the people on a caseload, and " + caller.username() + " has none");
        }
        if (!fill.isReady()) {
            throw new WorklistNotReady();
        }
        WorklistTable.Viewer viewer = new WorklistTable.Viewer(
                caller.relationshipReferences(),
                caller.practitioner(),
                caller.organisationReference(),
                agreement.maySeeRestricted(caller));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, LONDON);
        Map<WorklistQuery.Scope, Integer> counts = table.counts(query, viewer, today, now);
        List<String> ids = table.page(query, viewer, today, now);
        List<IBaseResource> shown = ServerInterceptorUtil.fireStoragePreshowResource(read(ids), request, broadcaster);
        return answer(request, query, counts, shown);
    }

    /** The Tasks in the page's order, in one search. */
    private List<IBaseResource> read(List<String> ids) {
        List<IBaseResource> inOrder = new ArrayList<>(); // HAPI's hooks change the list in place
        if (ids.isEmpty()) {
            return inOrder;
        }
        SearchParameterMap byId = SearchParameterMap.newSynchronous();
        TokenOrListParam anyOf = new TokenOrListParam();
        ids.forEach(id -> anyOf.add(null, id));
        byId.add("_id", anyOf);
        Map<String, IBaseResource> found = new HashMap<>();
        for (IBaseResource task : InternalSearches.all(daos.getResourceDao("Task"), byId)) {
            found.put(task.getIdElement().getIdPart(), task);
        }
        ids.stream().map(found::get).filter(task -> task != null).forEach(inOrder::add);
        return inOrder;
    }

    private static Bundle answer(
            RequestDetails request,
            WorklistQuery query,
            Map<WorklistQuery.Scope, Integer> counts,
            List<IBaseResource> shown) {
        Bundle answer = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        int total = counts.getOrDefault(query.scope(), 0);
        answer.setTotal(total);
        Extension countsByScope = answer.getMeta().addExtension().setUrl(COUNTS_EXTENSION);
        for (WorklistQuery.Scope scope : WorklistQuery.Scope.values()) {
            countsByScope.addExtension(scope.code(), new IntegerType(counts.getOrDefault(scope, 0)));
        }
        String base = request.getFhirServerBase() + "/Task/$worklist?";
        answer.addLink().setRelation("self").setUrl(base + query.asParameters());
        if (query.page() > 1) {
            answer.addLink()
                    .setRelation("previous")
                    .setUrl(base + query.onPage(query.page() - 1).asParameters());
        }
        if ((long) query.page() * query.count() < total && query.page() < WorklistQuery.MAX_PAGE) {
            answer.addLink()
                    .setRelation("next")
                    .setUrl(base + query.onPage(query.page() + 1).asParameters());
        }
        for (IBaseResource task : shown) {
            if (task == null) {
                continue; // withheld by the access rules; the answer says how many and why
            }
            answer.addEntry()
                    .setFullUrl(request.getFhirServerBase() + "/Task/"
                            + task.getIdElement().getIdPart())
                    .setResource((org.hl7.fhir.r4.model.Resource) task)
                    .getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH);
        }
        return answer;
    }

    /** 503: the worklist is still being filled from the stored Tasks ({@link WorklistFill}). */
    static class WorklistNotReady extends BaseServerResponseException {
        WorklistNotReady() {
            super(503, "The worklist is being prepared after an upgrade and is not ready yet. Try again in a minute.");
        }
    }
}
