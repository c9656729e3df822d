package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * How many requests under way will soon hand a record to the {@link AuditWriter}: counted from when
 * HAPI starts handling a request until its record is handed over, is committed with the request's own
 * writes instead, or the request ends. A writer holding records waits a moment for these so that they
 * share its commit; while none is on the way it commits at once.
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

    private final AtomicInteger count = new AtomicInteger();

    /** The request will hand over a record soon (counted once however often this is called). */
    void expect(RequestDetails request) {
        if (!SOON.contains(request.getRestOperationType())) {
            return;
        }
        if (request.getUserData().putIfAbsent(ON_THE_WAY_KEY, Boolean.TRUE) == null) {
            count.incrementAndGet();
        }
    }

    /** The request's record is handed over, or goes another way (counted off once). */
    void arrived(RequestDetails request) {
        if (request.getUserData().remove(ON_THE_WAY_KEY) != null) {
            count.decrementAndGet();
        }
    }

    /** Whether any request under way has yet to hand over its record. */
    boolean any() {
        return count.get() > 0;
    }

    int count() {
        return count.get();
    }
}
