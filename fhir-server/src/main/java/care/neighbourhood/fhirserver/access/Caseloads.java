package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.access.index.CareAccessIndex;
import care.neighbourhood.fhirserver.access.index.CareAccessVersion;
import care.neighbourhood.fhirserver.access.index.CaseloadCache;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The people a caller has a care relationship with, looked up at most once per {@link AccessContext}.
 *
 * <p>A search needs the whole caseload (to narrow by it): kept from an earlier lookup while no care
 * relationship has changed ({@link CaseloadCache}), else one indexed query. A read or a write of one
 * record needs only the relationship with that record's person: one small query per person, so that
 * the cost of reading one record does not grow with the size of the caller's caseload. People
 * registered in the work being decided count too, so that a new person can be registered together
 * with their care team in one transaction.
 */
@Component
class Caseloads {

    private final CareAccessIndex index;
    private final CaseloadCache wholeCaseloads;
    private final CareAccessVersion versions;

    Caseloads(CareAccessIndex index, CaseloadCache wholeCaseloads, CareAccessVersion versions) {
        this.index = index;
        this.wholeCaseloads = wholeCaseloads;
        this.versions = versions;
    }

    /** Everyone on the caller's caseload, each with what the relationship rests on. */
    Map<String, CareRelationship> whole(AccessContext context) {
        Map<String, CareRelationship> whole = context.wholeCaseloadIfLookedUp();
        if (whole == null) {
            whole = wholeCaseloads.relationshipsOf(
                    context.caller().relationshipReferences(),
                    () -> context.versions(versions::both).careAccess());
            context.keepWholeCaseload(whole);
        }
        return whole;
    }

    private Optional<CareRelationship> lookUpOne(AccessContext context, String personId) {
        CareAccessIndex.Relationships found =
                index.relationshipsAndVersion(context.caller().relationshipReferences(), personId);
        if (found.versions() != null) {
            context.versions(found::versions);
        }
        return Optional.ofNullable(found.byPerson().get(personId));
    }

    /**
     * Looks up, in one query, the caller's relationships with those of {@code people} not known yet
     * to this context, so that judging a page of search results costs one query, not one per person.
     */
    void lookUpAll(AccessContext context, Collection<String> people) {
        if (context.wholeCaseloadIfLookedUp() != null) {
            return;
        }
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
        if (found.versions() != null) {
            context.versions(found::versions);
        }
        for (String person : unknown) {
            known.put(person, Optional.ofNullable(found.byPerson().get(person)));
        }
    }

    /** The caller's relationship with one person, if they have one. */
    Optional<CareRelationship> with(AccessContext context, String personId) {
        Map<String, CareRelationship> whole = context.wholeCaseloadIfLookedUp();
        Optional<CareRelationship> found = whole != null
                ? Optional.ofNullable(whole.get(personId))
                : context.relationshipsByPerson().computeIfAbsent(personId, id -> lookUpOne(context, id));
        if (context.isRegisteredHere(personId)) {
            CareRelationship registered = CareRelationship.registeredInRequest(personId);
            return Optional.of(found.map(r -> r.and(registered)).orElse(registered));
        }
        return found;
    }
}
