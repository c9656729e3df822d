package care.neighbourhood.fhirserver.access.index;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The people whose care access entries one transaction must bring up to date, with the CareTeams and
 * Tasks it wrote and deleted for each. Every person is recomputed once, just before the transaction
 * commits, however many of their CareTeams and Tasks it wrote (a transaction bundle loading a
 * person's record writes dozens). A person for whom the transaction only created Tasks, each owned
 * by someone who already holds a relationship with them, has those relationships' basis extended
 * instead, without looking at their other CareTeams and Tasks (a nurse recording a visit and its
 * follow-up). People are taken in order of their ids, so that two transactions about the same
 * people lock them in the same order.
 */
final class PendingRecomputes implements TransactionSynchronization {

    private static final Object KEY = new Object();

    private final CareAccessEntries index;
    private final OneFlush oneFlush;
    private final Map<String, Map<String, IBaseResource>> written = new TreeMap<>();
    private final Map<String, Set<String>> removed = new HashMap<>();
    private final Set<String> changedBeyondNewTasks = new HashSet<>();
    private RequestDetails request;

    private PendingRecomputes(CareAccessEntries index, OneFlush oneFlush) {
        this.index = index;
        this.oneFlush = oneFlush;
    }

    /**
     * Notes that a person's entries must be recomputed before the current transaction commits; with
     * no transaction to wait for, recomputes them now. {@code created} says the change is a new
     * resource; {@code request}, when there is one, is told who gained or lost access
     * ({@link AccessChanges}).
     */
    static void note(
            CareAccessEntries index,
            OneFlush oneFlush,
            String personId,
            IBaseResource changed,
            String removedId,
            boolean created,
            RequestDetails request) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            index.recompute(personId, changed, removedId);
            return;
        }
        PendingRecomputes pending = (PendingRecomputes) TransactionSynchronizationManager.getResource(KEY);
        if (pending == null) {
            pending = new PendingRecomputes(index, oneFlush);
            TransactionSynchronizationManager.bindResource(KEY, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        if (pending.request == null) {
            pending.request = request;
        }
        Map<String, IBaseResource> mine = pending.written.computeIfAbsent(personId, p -> new HashMap<>());
        if (changed != null) {
            mine.put(changed.getIdElement().toUnqualifiedVersionless().getValue(), changed);
        }
        if (!created || changed == null || !"Task".equals(changed.fhirType())) {
            pending.changedBeyondNewTasks.add(personId);
        }
        if (removedId != null) {
            mine.remove(removedId);
            pending.removed.computeIfAbsent(personId, p -> new HashSet<>()).add(removedId);
        }
    }

    /** Late, after the Provenance of the transaction's writes is stored. */
    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE - 100;
    }

    /** Recomputes each person, the transaction flushed once for all of them ({@link OneFlush}). */
    @Override
    public void beforeCommit(boolean readOnly) {
        oneFlush.around(this::recomputeEach);
    }

    private void recomputeEach() {
        for (Map.Entry<String, Map<String, IBaseResource>> person : written.entrySet()) {
            String personId = person.getKey();
            boolean onlyNewTasks = !changedBeyondNewTasks.contains(personId);
            if (!onlyNewTasks
                    || !index.extendRelationships(personId, person.getValue().values())) {
                index.recompute(personId, person.getValue(), removed.getOrDefault(personId, Set.of()));
            }
        }
        AccessChanges.handTo(request);
    }

    @Override
    public void afterCompletion(int status) {
        if (TransactionSynchronizationManager.hasResource(KEY)) {
            TransactionSynchronizationManager.unbindResource(KEY);
        }
    }
}
