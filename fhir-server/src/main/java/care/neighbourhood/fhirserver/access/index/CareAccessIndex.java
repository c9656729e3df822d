package care.neighbourhood.fhirserver.access.index;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import care.neighbourhood.fhirserver.access.CareRelationship;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Who has a care relationship with whom, as the care access index says: one indexed query over its
 * entries (see {@link CareAccessEntry}). Only reads: a grant whose time has run out is left out of
 * every answer, and {@link BreakGlassGrants#expireEnded} marks it ended later.
 *
 * <p>The entries are kept by {@link CareAccessEntries}, in the same transaction as every change to a
 * person's CareTeams and Tasks, so a change is seen by the next request.
 */
@Component
public class CareAccessIndex {

    private final DaoRegistry daos;
    private final Clock clock;

    @Autowired
    public CareAccessIndex(DaoRegistry daos) {
        this(daos, Clock.systemUTC());
    }

    CareAccessIndex(DaoRegistry daos, Clock clock) {
        this.daos = daos;
        this.clock = clock;
    }

    /**
     * A caseload as looked up: each person with the relationship, and when the first of its
     * break-glass grants runs out (null if it holds none), after which it is no longer true.
     */
    public record Relationships(Map<String, CareRelationship> byPerson, Instant firstGrantEnds) {}

    /** The ids of the people with whom any of {@code references} has a relationship now. */
    public Set<String> peopleRelatedTo(List<String> references) {
        return caseloadOf(references).byPerson().keySet();
    }

    /** Every person any of {@code references} (a practitioner, an organisation) has a relationship with. */
    public Relationships caseloadOf(List<String> references) {
        return lookUp(references, null);
    }

    /** What {@code references} have with one person only: one small indexed query. */
    public Map<String, CareRelationship> relationshipsWith(List<String> references, String personId) {
        return lookUp(references, personId).byPerson();
    }

    private Relationships lookUp(List<String> references, String onlyPersonId) {
        if (references.isEmpty()) {
            return new Relationships(Map.of(), null);
        }
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        if (onlyPersonId != null) {
            query.add("subject", new ReferenceParam("Patient/" + onlyPersonId));
        }
        ReferenceOrListParam authors = new ReferenceOrListParam();
        references.forEach(reference -> authors.addOr(new ReferenceParam(reference)));
        query.add("author", authors);
        query.add(
                "code",
                new TokenOrListParam()
                        .add(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.ACTIVE)
                        .add(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS));
        Instant now = clock.instant();
        Instant firstGrantEnds = null;
        Map<String, CareRelationship> people = new HashMap<>();
        for (IBaseResource found : InternalSearches.all(daos.getResourceDao(CareAccessEntry.TYPE), query)) {
            Basic entry = (Basic) found;
            if (CareAccessEntry.isGrant(entry)) {
                Instant ends = CareAccessEntry.expiryOf(entry);
                if (ends == null || !ends.isAfter(now)) {
                    continue; // run out: grants nothing, whether or not the sweep has marked it yet
                }
                firstGrantEnds = firstGrantEnds == null || ends.isBefore(firstGrantEnds) ? ends : firstGrantEnds;
            }
            CareRelationship relationship = CareAccessEntry.relationshipOf(entry);
            people.merge(relationship.personId(), relationship, CareRelationship::and);
        }
        return new Relationships(Map.copyOf(people), firstGrantEnds);
    }
}
