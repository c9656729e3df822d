package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The people a caller has a care relationship with, looked up once per request (one indexed query)
 * and kept for the rest of it. People created within the request count too, so that a new person can
 * be registered together with their care team in one transaction.
 */
@Component
public class Caseload {

    private static final String KEY = Caseload.class.getName() + ".people";
    private static final String CREATED_KEY = Caseload.class.getName() + ".created";

    private final CareAccessIndex index;

    public Caseload(CareAccessIndex index) {
        this.index = index;
    }

    public boolean includes(Caller caller, RequestDetails request, String personId) {
        return people(caller, request).contains(personId) || createdIn(request).contains(personId);
    }

    /** What gives the caller their relationship with the person (CareTeams, Tasks, break-glass). */
    java.util.List<String> basis(Caller caller, RequestDetails request, String personId) {
        return relationships(caller, request).getOrDefault(personId, java.util.List.of());
    }

    /** Looks the caseload up now, before any search of this request runs (expired grants go first). */
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
    private java.util.Map<String, java.util.List<String>> relationships(Caller caller, RequestDetails request) {
        return (java.util.Map<String, java.util.List<String>>)
                request.getUserData().computeIfAbsent(KEY, k -> index.relationshipsOf(caller.relationshipReferences()));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> createdIn(RequestDetails request) {
        return (Set<String>) request.getUserData().computeIfAbsent(CREATED_KEY, k -> new HashSet<String>());
    }
}
