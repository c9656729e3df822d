package care.neighbourhood.fhirserver.record;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Searches the server makes for itself (a caller's caseload, a person's care teams and consents),
 * which must see every match. A synchronous HAPI search without a count stops at the storage's
 * synchronous limit (10,000, or the fetch maximum when one is set) and, having stopped, cannot say
 * how many it found, so asking it for all its results fails: a caseload past that size would have
 * broken every request of its holder, and a person's consents past it would have been cut short.
 * An explicit count is what HAPI honours above that limit.
 */
public final class InternalSearches {

    /** No real limit: what an internal search needs, it needs whole. */
    static final int EVERY_MATCH = Integer.MAX_VALUE - 2;

    private InternalSearches() {}

    /** Every resource matching {@code query}, searched as the system. */
    public static List<IBaseResource> all(IFhirResourceDao<?> dao, SearchParameterMap query) {
        query.setLoadSynchronous(true);
        query.setCount(EVERY_MATCH);
        return dao.search(query, new SystemRequestDetails()).getResources(0, EVERY_MATCH);
    }
}
