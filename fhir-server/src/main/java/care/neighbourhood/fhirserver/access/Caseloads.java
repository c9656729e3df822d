package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.access.index.CareAccessIndex;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The caller's care relationships, looked up at most once per person per {@link AccessContext}: a
 * read or a write of one record needs only the relationship with that record's person (one small
 * query), and a page of search results the relationships with its people (one query for the page),
 * so that neither costs more as the caller's caseload grows. Searches themselves are narrowed in the
 * database ({@code SearchNarrowing}). People registered in the work being decided count too, so that
 * a new person can be registered together with their care team in one transaction.
 */
@Component
class Caseloads {

    private final CareAccessIndex index;

    Caseloads(CareAccessIndex index) {
        this.index = index;
    }

    private Optional<CareRelationship> lookUpOne(AccessContext context, String personId) {
        CareAccessIndex.Relationships found =
                index.relationshipsAndVersion(context.caller().relationshipReferences(), personId);
        if (found.consentsVersion() != null) {
            context.consentsVersion(found::consentsVersion);
        }
        return Optional.ofNullable(found.byPerson().get(personId));
    }

    /**
     * Looks up, in one query, the caller's relationships with those of {@code people} not known yet
     * to this context, so that judging a page of search results costs one query, not one per person.
     */
    void lookUpAll(AccessContext context, Collection<String> people) {
        Map<String, Optional<CareRelationship>> known = context.relationshipsByPerson();
        Set<String> unknown = new LinkedHashSet<>();
        for (String person : people) {
            if (!known.containsKey(person)) {
                unknown.add(person);
            }
        }
        if (unknown.size() < 2) {
            return; // one person is looked up when judged, as before
        }
        CareAccessIndex.Relationships found =
                index.relationshipsAndVersion(context.caller().relationshipReferences(), unknown);
        if (found.consentsVersion() != null) {
            context.consentsVersion(found::consentsVersion);
        }
        for (String person : unknown) {
            known.put(person, Optional.ofNullable(found.byPerson().get(person)));
        }
    }

    /** The caller's relationship with one person, if they have one. */
    Optional<CareRelationship> with(AccessContext context, String personId) {
        Optional<CareRelationship> found =
                context.relationshipsByPerson().computeIfAbsent(personId, id -> lookUpOne(context, id));
        if (context.isRegisteredHere(personId)) {
            CareRelationship registered = CareRelationship.registeredInRequest(personId);
            return Optional.of(found.map(r -> r.and(registered)).orElse(registered));
        }
        return found;
    }
}
