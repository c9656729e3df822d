package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import care.neighbourhood.fhirserver.access.Caller;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The records one database transaction wrote for its caller, and the Provenance for them written just
 * before it commits, in the same transaction: the write and its Provenance are stored together or not
 * at all. Outside a transaction (which HAPI's storage does not do) the Provenance is written at once.
 */
final class WrittenInTransaction implements TransactionSynchronization {

    private static final Object KEY = new Object();

    private final ProvenanceWriter writer;
    private final Caller caller;
    private final List<WrittenRecord> written = new ArrayList<>();
    private TransactionDetails details;

    private WrittenInTransaction(ProvenanceWriter writer, Caller caller) {
        this.writer = writer;
        this.caller = caller;
    }

    static void note(ProvenanceWriter writer, Caller caller, WrittenRecord record, TransactionDetails details) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            writer.write(caller, List.of(record), details);
            return;
        }
        WrittenInTransaction pending = (WrittenInTransaction) TransactionSynchronizationManager.getResource(KEY);
        if (pending == null) {
            pending = new WrittenInTransaction(writer, caller);
            TransactionSynchronizationManager.bindResource(KEY, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.written.add(record);
        if (pending.details == null) {
            pending.details = details;
        }
    }

    /** Before the care access index's recompute and version move, which come last. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        if (!written.isEmpty()) {
            writer.write(caller, List.copyOf(written), details);
        }
    }

    @Override
    public void afterCompletion(int status) {
        if (TransactionSynchronizationManager.hasResource(KEY)) {
            TransactionSynchronizationManager.unbindResource(KEY);
        }
    }
}
