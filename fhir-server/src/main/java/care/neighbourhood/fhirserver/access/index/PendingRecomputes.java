package care.neighbourhood.fhirserver.access.index;

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
 * person's record writes dozens). People are taken in order of their ids, so that two transactions
 * about the same people lock them in the same order.
 */
final class PendingRecomputes implements TransactionSynchronization {

    private static final Object KEY = new Object();

    private final CareAccessEntries index;
    private final CareAccessVersion version;
    private final Map<String, Map<String, IBaseResource>> written = new TreeMap<>();
    private final Map<String, Set<String>> removed = new HashMap<>();

    private PendingRecomputes(CareAccessEntries index, CareAccessVersion version) {
        this.index = index;
        this.version = version;
    }

    /**
     * Notes that a person's entries must be recomputed before the current transaction commits; with
     * no transaction to wait for, recomputes them now.
     */
    static void note(
            CareAccessEntries index,
            CareAccessVersion version,
            String personId,
            IBaseResource changed,
            String removedId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            index.recompute(personId, changed, removedId);
            return;
        }
        PendingRecomputes pending = (PendingRecomputes) TransactionSynchronizationManager.getResource(KEY);
        if (pending == null) {
            pending = new PendingRecomputes(index, version);
            TransactionSynchronizationManager.bindResource(KEY, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        Map<String, IBaseResource> mine = pending.written.computeIfAbsent(personId, p -> new HashMap<>());
        if (changed != null) {
            mine.put(changed.getIdElement().toUnqualifiedVersionless().getValue(), changed);
        }
        if (removedId != null) {
            mine.remove(removedId);
            pending.removed.computeIfAbsent(personId, p -> new HashSet<>()).add(removedId);
        }
    }

    /** Before the version moves at commit ({@link CareAccessVersion}), which must come last. */
    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE - 100;
    }

    /**
     * Recomputes each person; if any entry changed, moves the version now, as what is noted while
     * the transaction is committing would not move it.
     */
    @Override
    public void beforeCommit(boolean readOnly) {
        boolean changed = false;
        for (Map.Entry<String, Map<String, IBaseResource>> person : written.entrySet()) {
            changed |= index.recompute(
                    person.getKey(), person.getValue(), removed.getOrDefault(person.getKey(), Set.of()));
        }
        if (changed) {
            version.moveNow();
        }
    }

    @Override
    public void afterCompletion(int status) {
        if (TransactionSynchronizationManager.hasResource(KEY)) {
            TransactionSynchronizationManager.unbindResource(KEY);
        }
    }
}
