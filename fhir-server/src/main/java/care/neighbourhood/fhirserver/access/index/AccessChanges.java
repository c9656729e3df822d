package care.neighbourhood.fhirserver.access.index;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who gained and who lost a care relationship with a person through one write: noted by the care
 * access table as the write's transaction brings a person's relationships up to date, and handed to
 * the request that made the write, whose answer then says so (a care team changed in the portal tells
 * its user who may now see the record, and who no longer may). Relationships that start or end later
 * by the calendar (a participant from next Monday) are not changes of this write.
 */
public final class AccessChanges {

    /** A person's relationships gained and lost, each a grantee ({@code Practitioner/x}, {@code Organization/y}). */
    public record Change(String personId, SortedSet<String> gained, SortedSet<String> lost) {}

    private static final Object KEY = new Object();
    private static final String REQUEST_KEY = AccessChanges.class.getName();

    private AccessChanges() {}

    /** Notes a change in the current transaction; outside a transaction there is no request to tell. */
    static void note(String personId, Set<String> gained, Set<String> lost) {
        if ((gained.isEmpty() && lost.isEmpty()) || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Change> changes = (List<Change>) TransactionSynchronizationManager.getResource(KEY);
        if (changes == null) {
            changes = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(KEY, changes);
            TransactionSynchronizationManager.registerSynchronization(new Unbind());
        }
        changes.add(new Change(personId, new TreeSet<>(gained), new TreeSet<>(lost)));
    }

    /** Hands what the current transaction noted to the request that made it. */
    static void handTo(RequestDetails request) {
        if (request == null || !TransactionSynchronizationManager.hasResource(KEY)) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Change> changes = (List<Change>) TransactionSynchronizationManager.getResource(KEY);
        of(request).addAll(changes);
        changes.clear();
    }

    /** The changes the request's writes made, in the order they were made (empty for none). */
    @SuppressWarnings("unchecked")
    public static List<Change> of(RequestDetails request) {
        return (List<Change>) request.getUserData().computeIfAbsent(REQUEST_KEY, k -> new ArrayList<Change>());
    }

    private static final class Unbind implements org.springframework.transaction.support.TransactionSynchronization {
        @Override
        public void afterCompletion(int status) {
            if (TransactionSynchronizationManager.hasResource(KEY)) {
                TransactionSynchronizationManager.unbindResource(KEY);
            }
        }
    }
}
