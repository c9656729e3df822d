package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.ServerInterceptorUtil;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Patient/$caseload}: one page of the people on the caller's caseload, with their
 * open, overdue and unclaimed tasks, found, filtered, ordered and paged in the database
 * ({@link CaseloadTable}); the page's Patients are then read and shown through the hooks every record
 * passes, so the access rules judge each one and the audit trail names them.
 */
@Component
public class CaseloadList {

    /** On each entry's {@code search}: the person's open, overdue and unclaimed tasks. */
    public static final String TASKS_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/caseload-tasks";

    /** On {@code Bundle.meta}: how many people the caseload holds before any filter. */
    public static final String SIZE_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/caseload-size";

    private final TeamViews views;
    private final CaseloadTable table;
    private final DaoRegistry daos;
    private final IInterceptorBroadcaster broadcaster;

    public CaseloadList(TeamViews views, CaseloadTable table, DaoRegistry daos, IInterceptorBroadcaster broadcaster) {
        this.views = views;
        this.table = table;
        this.daos = daos;
        this.broadcaster = broadcaster;
    }

    public Bundle page(RequestDetails request, CaseloadListQuery query) {
        WorklistTable.Viewer viewer = views.viewerOf(request, "caseload list", "Task");
        Instant now = views.now();
        LocalDate today = views.today(now);
        CaseloadTable.Sizes sizes = table.sizes(query, viewer, today, now);
        List<CaseloadTable.Listed> listed = table.page(query, viewer, today, now);
        List<IBaseResource> people = views.readInOrder(
                daos.getResourceDao("Patient"),
                listed.stream().map(CaseloadTable.Listed::personId).toList());
        List<IBaseResource> shown = ServerInterceptorUtil.fireStoragePreshowResource(people, request, broadcaster);

        Map<String, CaseloadTable.Listed> tallies = new HashMap<>();
        listed.forEach(person -> tallies.put(person.personId(), person));
        Bundle answer = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        answer.setTotal(sizes.matching());
        answer.getMeta().addExtension(SIZE_EXTENSION, new IntegerType(sizes.caseload()));
        String base = request.getFhirServerBase() + "/Patient/$caseload?";
        TeamViews.addLinks(
                answer,
                base,
                query.page(),
                query.count(),
                sizes.matching(),
                p -> query.onPage(p).asParameters());
        for (IBaseResource person : shown) {
            if (person == null) {
                continue; // withheld by the access rules; the answer says how many and why
            }
            String id = person.getIdElement().getIdPart();
            Bundle.BundleEntryComponent entry = answer.addEntry()
                    .setFullUrl(request.getFhirServerBase() + "/Patient/" + id)
                    .setResource((Resource) person);
            CaseloadTable.Listed tally = tallies.get(id);
            Extension tasks = entry.getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH)
                    .addExtension()
                    .setUrl(TASKS_EXTENSION);
            tasks.addExtension("open", new IntegerType(tally == null ? 0 : tally.open()));
            tasks.addExtension("overdue", new IntegerType(tally == null ? 0 : tally.overdue()));
            tasks.addExtension("unclaimed", new IntegerType(tally == null ? 0 : tally.unclaimed()));
        }
        return answer;
    }
}
