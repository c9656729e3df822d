package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Which requests under way will soon hand a record to the {@link AuditWriter}: each is given a place in
 * line when HAPI starts handling it and keeps it until its record is handed over, is committed with the
 * request's own writes instead, or the request ends. A writer holding records waits a moment for those
 * that were already on their way when it began gathering, so that they share its commit; it never waits
 * for requests that started after that (under steady load there always are some, and they go with the
 * next commit, gathered by the next writer).
 *
 * <p>Only reads of one record are counted: they are the bulk of the traffic and finish within a
 * moment. A search, an operation or a write may take far longer, and reads waiting for it would wait
 * in vain; its record is committed with whatever is gathering when it arrives.
 */
@Component
public class RecordsOnTheWay {

    private static final String ON_THE_WAY_KEY = RecordsOnTheWay.class.getName();

    private static final Set<RestOperationTypeEnum> SOON =
            EnumSet.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD);

    private final AtomicLong places = new AtomicLong();
    private final ConcurrentSkipListSet<Long> underWay = new ConcurrentSkipListSet<>();

    /** The request will hand over a record soon (counted once however often this is called). */
    void expect(RequestDetails request) {
        if (!SOON.contains(request.getRestOperationType())
                || request.getUserData().containsKey(ON_THE_WAY_KEY)) {
            return;
        }
        long place = places.incrementAndGet();
        request.getUserData().put(ON_THE_WAY_KEY, place);
        underWay.add(place);
    }

    /** The request's record is handed over, or goes another way (counted off once). */
    void arrived(RequestDetails request) {
        if (request.getUserData().remove(ON_THE_WAY_KEY) instanceof Long place) {
            underWay.remove(place);
        }
    }

    /** The place in line of the request that started last: {@link #anyUpTo} it tells whether any is still coming. */
    long lastPlace() {
        return places.get();
    }

    /** Whether a request that started at or before {@code place} has yet to hand over its record. */
    boolean anyUpTo(long place) {
        Long first = underWay.ceiling(Long.MIN_VALUE);
        return first != null && first <= place;
    }

    /** Whether any request under way has yet to hand over its record. */
    boolean any() {
        return !underWay.isEmpty();
    }

    int count() {
        return underWay.size();
    }
}
