package care.neighbourhood.fhirserver.access.index;

import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.ACTIVE;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.PENDING;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.STATE_SYSTEM;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the entries of the care access index. An entry {@code (person, practitioner or
 * organisation)} exists while one of these holds:
 *
 * <ul>
 *   <li>they are a participant (directly, or through a PractitionerRole) of an active CareTeam of the
 *       person, within the participant's period;
 *   <li>they own an open Task for the person (a referral addressed to them).
 * </ul>
 *
 * <p>Entries are recomputed for a person in the same database transaction as any change to the
 * person's CareTeams or Tasks, so a change is seen by the next request. Period boundaries that pass
 * without a write are picked up by {@link CareAccessSweep}: every entry carries, in {@code created},
 * the day on which it must be looked at again ({@code Basic.created} is a date, so the sweep looks at
 * that day's entries each time it runs until the boundary has passed). Entries for a participant
 * whose period has not started yet are kept without an author, so they grant nothing until then.
 */
@Component
public class CareAccessEntries {

    private final DaoRegistry daos;
    private final PersonRecordLock personLock;
    private final CareAccessTable table;
    private final WantedEntries wantedEntries;
    private final Clock clock;

    @Autowired
    public CareAccessEntries(DaoRegistry daos, PersonRecordLock personLock, CareAccessTable table) {
        this(daos, personLock, table, Clock.systemUTC());
    }

    CareAccessEntries(DaoRegistry daos, PersonRecordLock personLock, CareAccessTable table, Clock clock) {
        this.daos = daos;
        this.personLock = personLock;
        this.table = table;
        this.wantedEntries = new WantedEntries(daos);
        this.clock = clock;
    }

    /**
     * Brings the entries of one person up to date with their CareTeams and Tasks. {@code changed} is
     * a CareTeam or Task being written in the current transaction (its new state), {@code removedId}
     * one being deleted; either may be null.
     */
    public boolean recompute(String personId, IBaseResource changed, String removedId) {
        Map<String, IBaseResource> written = new HashMap<>();
        if (changed != null) {
            written.put(key(changed), changed);
        }
        return recompute(personId, written, removedId == null ? Set.of() : Set.of(removedId));
    }

    /**
     * Brings the entries of one person up to date, given the CareTeams and Tasks written in the
     * current transaction (their new states, by versionless id) and those deleted in it: these stand
     * in for what a search may not yet see of the transaction's own writes. Returns whether any
     * entry changed.
     */
    public boolean recompute(String personId, Map<String, IBaseResource> written, Set<String> removedIds) {
        personLock.holdUntilCommit(personId);
        String person = "Patient/" + personId;
        Instant now = clock.instant();
        Map<String, IBaseResource> sources = new HashMap<>();
        search("CareTeam", "patient", person).forEach(r -> sources.put(key(r), r));
        search("Task", "patient", person).forEach(r -> sources.put(key(r), r));
        removedIds.forEach(sources::remove);
        written.forEach((key, resource) -> {
            sources.remove(key);
            if (person.equals(personOf(resource))) {
                sources.put(key, resource);
            }
        });
        return write(person, wantedEntries.from(sources.values(), now));
    }

    /**
     * Tasks just created for a person, each owned by someone who already holds a relationship with
     * them (or open to nobody): each such relationship's basis grows by its Tasks, and nothing else
     * can change, so the person's other CareTeams and Tasks need not be looked at. Returns false,
     * having changed nothing, when that is not so; the person must then be recomputed whole.
     */
    public boolean extendRelationships(String personId, java.util.Collection<IBaseResource> createdTasks) {
        String person = "Patient/" + personId;
        Instant now = clock.instant();
        Map<String, List<String>> added = new HashMap<>();
        for (IBaseResource task : createdTasks) {
            if (!(task instanceof Task) || !person.equals(personOf(task))) {
                return false;
            }
            for (WantedEntries.Wanted entry :
                    wantedEntries.from(List.of(task), now).values()) {
                if (!ACTIVE.equals(entry.state())) {
                    return false;
                }
                added.computeIfAbsent(entry.grantee(), g -> new java.util.ArrayList<>())
                        .add(key(task));
            }
        }
        if (added.isEmpty()) {
            return true;
        }
        personLock.holdUntilCommit(personId);
        return table.extendRelationships(personId, added);
    }

    /** Whether a CareTeam or Task changed from {@code before} to {@code after} calls for the same entries. */
    public boolean sameEntries(IBaseResource before, IBaseResource after) {
        return Objects.equals(personOf(before), personOf(after))
                && wantedEntries.sameEntries(before, after, clock.instant());
    }

    /** The people whose entries must be looked at again because a period boundary has passed. */
    public Set<String> peopleDueForReview() {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add(
                "created",
                new ca.uhn.fhir.rest.param.DateParam(
                        ca.uhn.fhir.rest.param.ParamPrefixEnum.LESSTHAN_OR_EQUALS, Date.from(clock.instant())));
        return entries(query).stream()
                .map(entry -> entry.getSubject().getReferenceElement().getIdPart())
                .collect(Collectors.toSet());
    }

    /** Whether any entry exists at all (an empty index next to existing care teams needs a rebuild). */
    public boolean isEmpty() {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.setLoadSynchronousUpTo(1);
        query.add("code", new TokenParam(STATE_SYSTEM, ACTIVE));
        return dao(CareAccessEntry.TYPE)
                .search(query, system())
                .getResources(0, 1)
                .isEmpty();
    }

    /** The ids of all people who have a CareTeam or a Task, for a full rebuild. */
    public Set<String> peopleWithCareRecords() {
        Set<String> people = new HashSet<>();
        for (String type : List.of("CareTeam", "Task")) {
            for (IBaseResource resource : InternalSearches.all(dao(type), SearchParameterMap.newSynchronous())) {
                String person = personOf(resource);
                if (person != null) {
                    people.add(person.substring("Patient/".length()));
                }
            }
        }
        return people;
    }

    /** {@code Patient/<id>} that a CareTeam or Task is about, or null. */
    static String personOf(IBaseResource resource) {
        Reference reference = null;
        if (resource instanceof CareTeam team) {
            reference = team.getSubject();
        } else if (resource instanceof Task task) {
            reference = task.getFor();
        }
        if (reference == null
                || !"Patient".equals(reference.getReferenceElement().getResourceType())) {
            return null;
        }
        return "Patient/" + reference.getReferenceElement().getIdPart();
    }

    private boolean write(String person, Map<String, WantedEntries.Wanted> wanted) {
        boolean changed = false;
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("subject", new ReferenceParam(person));
        Map<String, Basic> existing = new HashMap<>();
        for (Basic entry : entries(query)) {
            existing.put(entry.getIdentifierFirstRep().getValue(), entry);
        }
        for (WantedEntries.Wanted entry : wanted.values()) {
            String identifier = person + "|" + entry.grantee() + "|" + entry.state();
            Basic current = existing.remove(identifier);
            Basic desired = entry.toBasic(person, identifier);
            if (current == null) {
                dao(CareAccessEntry.TYPE).create(desired, system());
                changed = true;
            } else if (!sameContent(current, desired)) {
                desired.setId(current.getIdElement().toUnqualifiedVersionless());
                dao(CareAccessEntry.TYPE).update(desired, system());
                changed = true;
            }
        }
        for (Basic stale : existing.values()) {
            dao(CareAccessEntry.TYPE).delete(stale.getIdElement().toUnqualifiedVersionless(), system());
            changed = true;
        }
        Map<String, List<String>> active = new HashMap<>();
        wanted.values().stream()
                .filter(entry -> ACTIVE.equals(entry.state()))
                .forEach(entry -> active.put(entry.grantee(), entry.sortedBasis()));
        return table.replaceRelationships(person.substring("Patient/".length()), active) || changed;
    }

    private static boolean sameContent(Basic current, Basic desired) {
        return Objects.equals(
                        current.getAuthor().getReference(), desired.getAuthor().getReference())
                && Objects.equals(
                        current.hasCreated() ? current.getCreated().getTime() : null,
                        desired.hasCreated() ? desired.getCreated().getTime() : null)
                && CareAccessEntry.basisOf(current).isEmpty();
    }

    private List<Basic> entries(SearchParameterMap query) {
        return InternalSearches.all(dao(CareAccessEntry.TYPE), query).stream()
                .map(Basic.class::cast)
                .filter(b -> b.getCode().hasCoding(STATE_SYSTEM, ACTIVE)
                        || b.getCode().hasCoding(STATE_SYSTEM, PENDING))
                .toList();
    }

    private List<IBaseResource> search(String type, String parameter, String reference) {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add(parameter, new ReferenceParam(reference));
        return InternalSearches.all(dao(type), query);
    }

    @SuppressWarnings("unchecked")
    private IFhirResourceDao<IBaseResource> dao(String type) {
        return (IFhirResourceDao<IBaseResource>) daos.getResourceDao(type);
    }

    private static SystemRequestDetails system() {
        return new SystemRequestDetails();
    }

    private static String key(IBaseResource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }
}
