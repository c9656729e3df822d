package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The people a caller has a care relationship with, and what each relationship rests on, kept for
 * the rest of the request once looked up.
 *
 * <p>A search needs the whole caseload (to narrow by it), looked up once before the search runs: kept
 * from an earlier request while no care relationship has changed ({@link CaseloadCache}), else one
 * indexed query. A read or a write of one record needs only the relationship with that
 * record's person: one small query per person, so that the cost of reading one record does not grow
 * with the size of the caller's caseload. People created within the request count too, so that a new
 * person can be registered together with their care team in one transaction.
 */
@Component
public class Caseload {

    private static final String KEY = Caseload.class.getName() + ".people";
    private static final String ONE_BY_ONE_KEY = Caseload.class.getName() + ".one-by-one";
    private static final String CREATED_KEY = Caseload.class.getName() + ".created";

    private final CareAccessIndex index;
    private final CaseloadCache wholeCaseloads;

    public Caseload(CareAccessIndex index, CaseloadCache wholeCaseloads) {
        this.index = index;
        this.wholeCaseloads = wholeCaseloads;
    }

    public boolean includes(Caller caller, RequestDetails request, String personId) {
        return !basis(caller, request, personId).isEmpty() || createdIn(request).contains(personId);
    }

    /** What gives the caller their relationship with the person (CareTeams, Tasks, break-glass). */
    List<String> basis(Caller caller, RequestDetails request, String personId) {
        Map<String, List<String>> whole = wholeIfLookedUp(request);
        if (whole != null) {
            return whole.getOrDefault(personId, List.of());
        }
        return oneByOne(request)
                .computeIfAbsent(
                        personId,
                        id -> index.relationshipsWith(caller.relationshipReferences(), id)
                                .getOrDefault(id, List.of()));
    }

    /** Looks the whole caseload up now, before any search of this request runs (expired grants go first). */
    void prepare(Caller caller, RequestDetails request) {
        people(caller, request);
    }

    void registerCreatedPerson(RequestDetails request, String personId) {
        createdIn(request).add(personId);
    }

    Set<String> people(Caller caller, RequestDetails request) {
        return relationships(caller, request).keySet();
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<String>> relationships(Caller caller, RequestDetails request) {
        return (Map<String, List<String>>) request.getUserData()
                .computeIfAbsent(KEY, k -> wholeCaseloads.relationshipsOf(caller.relationshipReferences()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> wholeIfLookedUp(RequestDetails request) {
        return (Map<String, List<String>>) request.getUserData().get(KEY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> oneByOne(RequestDetails request) {
        return (Map<String, List<String>>) request.getUserData().computeIfAbsent(ONE_BY_ONE_KEY, k -> new HashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> createdIn(RequestDetails request) {
        return (Set<String>) request.getUserData().computeIfAbsent(CREATED_KEY, k -> new HashSet<String>());
    }
}
