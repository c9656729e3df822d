package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.ServerInterceptorUtil;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Resource;
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

    private final TeamViews views;
    private final WorklistTable table;
    private final DaoRegistry daos;
    private final IInterceptorBroadcaster broadcaster;

    public Worklist(TeamViews views, WorklistTable table, DaoRegistry daos, IInterceptorBroadcaster broadcaster) {
        this.views = views;
        this.table = table;
        this.daos = daos;
        this.broadcaster = broadcaster;
    }

    public Bundle page(RequestDetails request, WorklistQuery query) {
        WorklistTable.Viewer viewer = views.viewerOf(request, "worklist", null);
        Instant now = views.now();
        LocalDate today = views.today(now);
        Map<WorklistQuery.Scope, Integer> counts = table.counts(query, viewer, today, now);
        List<String> ids = table.page(query, viewer, today, now);
        List<IBaseResource> shown = ServerInterceptorUtil.fireStoragePreshowResource(
                views.readInOrder(daos.getResourceDao("Task"), ids), request, broadcaster);

        Bundle answer = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        int total = counts.getOrDefault(query.scope(), 0);
        answer.setTotal(total);
        Extension countsByScope = answer.getMeta().addExtension().setUrl(COUNTS_EXTENSION);
        for (WorklistQuery.Scope scope : WorklistQuery.Scope.values()) {
            countsByScope.addExtension(scope.code(), new IntegerType(counts.getOrDefault(scope, 0)));
        }
        TeamViews.addLinks(
                answer,
                request.getFhirServerBase() + "/Task/$worklist?",
                query.page(),
                query.count(),
                total,
                page -> query.onPage(page).asParameters());
        for (IBaseResource task : shown) {
            if (task == null) {
                continue; // withheld by the access rules; the answer says how many and why
            }
            answer.addEntry()
                    .setFullUrl(request.getFhirServerBase() + "/Task/"
                            + task.getIdElement().getIdPart())
                    .setResource((Resource) task)
                    .getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH);
        }
        return answer;
    }
}
