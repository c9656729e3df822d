package care.neighbourhood.fhirserver.access.index;

import care.neighbourhood.fhirserver.access.CareRelationship;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Who has a care relationship with whom, as the care access index says: one indexed query over the
 * care access table ({@link CareAccessTable}). Only reads: a grant whose time has run out is left out
 * of every answer, and {@link BreakGlassGrants#expireEnded} marks it ended later.
 *
 * <p>The entries are kept by {@link CareAccessEntries}, in the same transaction as every change to a
 * person's CareTeams and Tasks, so a change is seen by the next request.
 */
@Component
public class CareAccessIndex {

    private final CareAccessTable table;
    private final Clock clock;

    @Autowired
    public CareAccessIndex(CareAccessTable table) {
        this(table, Clock.systemUTC());
    }

    CareAccessIndex(CareAccessTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /**
     * A caseload as looked up: each person with the relationship, and when the first of its
     * break-glass grants runs out (null if it holds none), after which it is no longer true; for a
     * lookup about one person, also the {@link ConsentsVersion} number read with it (else null).
     */
    public record Relationships(Map<String, CareRelationship> byPerson, Instant firstGrantEnds, Long consentsVersion) {}

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
        return lookUp(references, List.of(personId)).byPerson();
    }

    /** The same, with the consents number read in the same query. */
    public Relationships relationshipsAndVersion(List<String> references, String personId) {
        return lookUp(references, List.of(personId));
    }

    /** What {@code references} have with each of some people, and the consents number: one indexed query. */
    public Relationships relationshipsAndVersion(List<String> references, Collection<String> people) {
        return lookUp(references, people);
    }

    private Relationships lookUp(List<String> references, Collection<String> onlyPeople) {
        return table.relationshipsOf(references, onlyPeople, clock.instant());
    }
}
