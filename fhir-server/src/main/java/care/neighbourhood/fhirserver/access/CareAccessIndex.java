package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.neighbourhood.fhirserver.server.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which practitioners and organisations have a care relationship with which person, kept as small
 * internal {@code Basic} entries so that searches can be narrowed by the relationship inside the
 * database query ({@code patient._has:Basic:subject:author=...}) rather than by lists of ids.
 *
 * <p>An entry {@code (person, practitioner or organisation)} exists while one of these holds:
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
 *
 * <p>Break-glass grants are entries too, with the exact expiry in an extension; an expired grant is
 * kept for review with its author removed.
 */
@Component
public class CareAccessIndex {

    public static final String ENTRY_TYPE = "Basic";
    public static final String STATE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/care-access";
    public static final String ACTIVE = "active";
    public static final String PENDING = "pending";
    public static final String BREAK_GLASS = "break-glass";
    public static final String BREAK_GLASS_EXPIRED = "break-glass-expired";
    static final String EXPIRES_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/access-expires";
    static final String REASON_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/access-reason";
    static final String PURPOSE_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/purpose-of-use";
    static final String ENTRY_ID_SYSTEM = "https://neighbourhood.example/fhir/sid/care-access";
    static final String BASIS_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/care-access-basis";
    static final String GRANTEE_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/care-access-grantee";

    /** Task states in which a Task still gives its owner a relationship with the person. */
    public static final Set<String> OPEN_TASK_STATES =
            Set.of("draft", "requested", "received", "accepted", "ready", "in-progress", "on-hold");

    private final DaoRegistry daos;
    private final PersonRecordLock personLock;
    private final Clock clock;

    @Autowired
    public CareAccessIndex(DaoRegistry daos, PersonRecordLock personLock) {
        this(daos, personLock, Clock.systemUTC());
    }

    CareAccessIndex(DaoRegistry daos, PersonRecordLock personLock, Clock clock) {
        this.daos = daos;
        this.personLock = personLock;
        this.clock = clock;
    }

    /**
     * The ids of the people with whom any of {@code references} has a care relationship now, or an
     * unexpired break-glass grant. Expired grants found on the way are removed, so that they stop
     * matching the narrowing of searches made later in the same request.
     */
    public Set<String> peopleRelatedTo(List<String> references) {
        return relationshipsOf(references).keySet();
    }

    /**
     * The same people, each with what their relationship rests on: the CareTeams and Tasks behind it
     * and any unexpired break-glass grant (as {@code break-glass Basic/<id>}). One indexed query.
     */
    public Map<String, List<String>> relationshipsOf(List<String> references) {
        return caseloadOf(references).byPerson();
    }

    /**
     * A caseload as looked up: each person with what the relationship rests on, and when the first of
     * its break-glass grants runs out (null if it holds none), after which it is no longer true.
     */
    public record Relationships(Map<String, List<String>> byPerson, Instant firstGrantEnds) {}

    /** The same as {@link #relationshipsOf}, with when it stops being true. */
    public Relationships caseloadOf(List<String> references) {
        return relationshipsOf(references, null);
    }

    /**
     * What {@code references} have with one person only ({@code personId}), in the same form: an
     * empty map when there is no relationship. One small indexed query, whatever the caseload's size.
     */
    public Map<String, List<String>> relationshipsWith(List<String> references, String personId) {
        return relationshipsOf(references, personId).byPerson();
    }

    private Relationships relationshipsOf(List<String> references, String onlyPersonId) {
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
        query.add("code", new TokenOrListParam().add(STATE_SYSTEM, ACTIVE).add(STATE_SYSTEM, BREAK_GLASS));
        Instant now = clock.instant();
        Instant firstGrantEnds = null;
        Map<String, Set<String>> people = new HashMap<>();
        for (IBaseResource found : InternalSearches.all(dao(ENTRY_TYPE), query)) {
            Basic entry = (Basic) found;
            String person = entry.getSubject().getReferenceElement().getIdPart();
            if (entry.getCode().hasCoding(STATE_SYSTEM, BREAK_GLASS)) {
                Instant ends = expiry(entry);
                if (ends == null || !ends.isAfter(now)) {
                    expire(entry);
                    continue;
                }
                firstGrantEnds = firstGrantEnds == null || ends.isBefore(firstGrantEnds) ? ends : firstGrantEnds;
                people.computeIfAbsent(person, p -> new java.util.TreeSet<>())
                        .add("break-glass "
                                + entry.getIdElement()
                                        .toUnqualifiedVersionless()
                                        .getValue());
            } else {
                people.computeIfAbsent(person, p -> new java.util.TreeSet<>()).addAll(basis(entry));
            }
        }
        Map<String, List<String>> result = new HashMap<>();
        people.forEach((person, basis) -> result.put(person, List.copyOf(basis)));
        return new Relationships(Map.copyOf(result), firstGrantEnds);
    }

    /** When a grant ends, or null if it says nothing (then it has ended). */
    private static Instant expiry(Basic grant) {
        Extension expires = grant.getExtensionByUrl(EXPIRES_EXTENSION);
        return expires != null && expires.getValue() instanceof org.hl7.fhir.r4.model.InstantType instant
                ? instant.getValue().toInstant()
                : null;
    }

    /** An expired grant is kept, for review, but no longer names anyone who may see the record. */
    private void expire(Basic grant) {
        Reference holder = grant.getAuthor();
        grant.setAuthor(null);
        grant.addExtension(new Extension(GRANTEE_EXTENSION, holder));
        grant.setCode(new CodeableConcept(new Coding(STATE_SYSTEM, BREAK_GLASS_EXPIRED, "Emergency access (expired)")));
        dao(ENTRY_TYPE).update(grant, system());
    }

    /**
     * Emergency access for one practitioner to one person until {@code expires}, with the reason
     * given; it counts as a care relationship until then.
     */
    public IIdType grantBreakGlass(String personId, String practitioner, String reason, Instant expires) {
        Basic grant = new Basic();
        grant.addIdentifier()
                .setSystem(ENTRY_ID_SYSTEM)
                .setValue("Patient/" + personId + "|" + practitioner + "|" + BREAK_GLASS + "|" + clock.millis());
        grant.setCode(new CodeableConcept(new Coding(STATE_SYSTEM, BREAK_GLASS, "Emergency access (break-glass)")));
        grant.setSubject(new Reference("Patient/" + personId));
        grant.setAuthor(new Reference(practitioner));
        grant.setCreated(Date.from(expires)); // a date: the day it ends, for finding grants by day
        grant.addExtension(new Extension(EXPIRES_EXTENSION, new org.hl7.fhir.r4.model.InstantType(Date.from(expires))));
        grant.addExtension(new Extension(REASON_EXTENSION, new org.hl7.fhir.r4.model.StringType(reason)));
        grant.addExtension(new Extension(
                PURPOSE_EXTENSION,
                new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "BTG", "break the glass")));
        return dao(ENTRY_TYPE).create(grant, system()).getId().toUnqualifiedVersionless();
    }

    /**
     * Brings the entries of one person up to date with their CareTeams and Tasks. {@code changed} is
     * a CareTeam or Task being written in the current transaction (its new state), {@code removedId}
     * one being deleted; either may be null.
     */
    public void recompute(String personId, IBaseResource changed, String removedId) {
        personLock.holdUntilCommit(personId);
        String person = "Patient/" + personId;
        Instant now = clock.instant();
        Map<String, IBaseResource> sources = new HashMap<>();
        search("CareTeam", "patient", person).forEach(r -> sources.put(key(r), r));
        search("Task", "patient", person).forEach(r -> sources.put(key(r), r));
        if (removedId != null) {
            sources.remove(removedId);
        }
        if (changed != null) {
            String changedKey = key(changed);
            sources.remove(changedKey);
            if (person.equals(personOf(changed))) {
                sources.put(changedKey, changed);
            }
        }

        Map<String, Wanted> wanted = new HashMap<>();
        for (IBaseResource source : sources.values()) {
            if (source instanceof CareTeam team) {
                fromCareTeam(team, now, wanted);
            } else if (source instanceof Task task) {
                fromTask(task, wanted);
            }
        }
        write(person, wanted);
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
        return dao(ENTRY_TYPE).search(query, system()).getResources(0, 1).isEmpty();
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

    private void fromCareTeam(CareTeam team, Instant now, Map<String, Wanted> wanted) {
        if (team.getStatus() != CareTeam.CareTeamStatus.ACTIVE || !covers(team.getPeriod(), now)) {
            return;
        }
        String teamId = key(team);
        for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
            String grantee = grantee(participant.getMember());
            if (grantee == null) {
                continue;
            }
            Instant start = start(participant.getPeriod());
            Instant end = endExclusive(participant.getPeriod());
            if (end != null && !end.isAfter(now)) {
                continue;
            }
            if (start != null && start.isAfter(now)) {
                wanted.computeIfAbsent(grantee + "|" + PENDING, k -> new Wanted(grantee, PENDING))
                        .add(teamId, start);
            } else {
                wanted.computeIfAbsent(grantee + "|" + ACTIVE, k -> new Wanted(grantee, ACTIVE))
                        .add(teamId, end);
            }
        }
    }

    private void fromTask(Task task, Map<String, Wanted> wanted) {
        if (task.getStatus() == null
                || !OPEN_TASK_STATES.contains(task.getStatus().toCode())) {
            return;
        }
        if (task.getCode().hasCoding(BreakGlassProvider.TASK_CODE_SYSTEM, BreakGlassProvider.REVIEW_TASK_CODE)) {
            return; // reviewing an emergency access is governance work, not care: it opens no record
        }
        String grantee = grantee(task.getOwner());
        if (grantee != null) {
            wanted.computeIfAbsent(grantee + "|" + ACTIVE, k -> new Wanted(grantee, ACTIVE))
                    .add(key(task), null);
        }
    }

    /** Practitioners and organisations hold relationships; a PractitionerRole stands for its practitioner. */
    private String grantee(Reference member) {
        if (member == null || member.getReferenceElement().getIdPart() == null) {
            return null;
        }
        String type = member.getReferenceElement().getResourceType();
        String id = member.getReferenceElement().getIdPart();
        if ("Practitioner".equals(type) || "Organization".equals(type)) {
            return type + "/" + id;
        }
        if ("PractitionerRole".equals(type)) {
            try {
                PractitionerRole role = (PractitionerRole)
                        dao("PractitionerRole").read(new org.hl7.fhir.r4.model.IdType(type, id), system());
                return role.getActive() && role.hasPractitioner()
                        ? "Practitioner/"
                                + role.getPractitioner().getReferenceElement().getIdPart()
                        : null;
            } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
                return null;
            }
        }
        return null;
    }

    private void write(String person, Map<String, Wanted> wanted) {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("subject", new ReferenceParam(person));
        Map<String, Basic> existing = new HashMap<>();
        for (Basic entry : entries(query)) {
            existing.put(entry.getIdentifierFirstRep().getValue(), entry);
        }
        for (Wanted entry : wanted.values()) {
            String identifier = person + "|" + entry.grantee + "|" + entry.state;
            Basic current = existing.remove(identifier);
            Basic desired = entry.toBasic(person, identifier);
            if (current == null) {
                dao(ENTRY_TYPE).create(desired, system());
            } else if (!sameContent(current, desired)) {
                desired.setId(current.getIdElement().toUnqualifiedVersionless());
                dao(ENTRY_TYPE).update(desired, system());
            }
        }
        for (Basic stale : existing.values()) {
            dao(ENTRY_TYPE).delete(stale.getIdElement().toUnqualifiedVersionless(), system());
        }
    }

    private static boolean sameContent(Basic current, Basic desired) {
        return Objects.equals(
                        current.getAuthor().getReference(), desired.getAuthor().getReference())
                && Objects.equals(
                        current.hasCreated() ? current.getCreated().getTime() : null,
                        desired.hasCreated() ? desired.getCreated().getTime() : null)
                && basis(current).equals(basis(desired));
    }

    private static Set<String> basis(Basic entry) {
        return entry.getExtensionsByUrl(BASIS_EXTENSION).stream()
                .map(e -> ((Reference) e.getValue()).getReference())
                .collect(Collectors.toSet());
    }

    private List<Basic> entries(SearchParameterMap query) {
        return InternalSearches.all(dao(ENTRY_TYPE), query).stream()
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

    private static boolean covers(Period period, Instant now) {
        Instant start = start(period);
        Instant end = endExclusive(period);
        return (start == null || !start.isAfter(now)) && (end == null || end.isAfter(now));
    }

    private static Instant start(Period period) {
        return period == null || !period.hasStart() ? null : period.getStart().toInstant();
    }

    /** A period ending on a date includes that whole day. */
    private static Instant endExclusive(Period period) {
        if (period == null || !period.hasEnd()) {
            return null;
        }
        DateTimeType end = period.getEndElement();
        Instant instant = end.getValue().toInstant();
        return end.getPrecision().ordinal() <= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
                ? instant.plus(java.time.Duration.ofDays(1))
                : instant;
    }

    /** One entry to be kept: who, in which state, on what basis, and until when at most. */
    private static final class Wanted {
        private final String grantee;
        private final String state;
        private final Set<String> basis = new LinkedHashSet<>();
        private Instant reviewAt;

        Wanted(String grantee, String state) {
            this.grantee = grantee;
            this.state = state;
        }

        void add(String source, Instant boundary) {
            basis.add(source);
            if (boundary != null && (reviewAt == null || boundary.isBefore(reviewAt))) {
                reviewAt = boundary;
            }
        }

        Basic toBasic(String person, String identifier) {
            Basic entry = new Basic();
            entry.addIdentifier().setSystem(ENTRY_ID_SYSTEM).setValue(identifier);
            entry.setCode(new CodeableConcept(new Coding(STATE_SYSTEM, state, null)));
            entry.setSubject(new Reference(person));
            if (ACTIVE.equals(state)) {
                entry.setAuthor(new Reference(grantee));
            } else {
                entry.addExtension(new Extension(GRANTEE_EXTENSION, new Reference(grantee)));
            }
            if (reviewAt != null) {
                entry.setCreated(Date.from(reviewAt));
            }
            List<String> sorted = new ArrayList<>(basis);
            sorted.sort(null);
            sorted.forEach(source -> entry.addExtension(new Extension(BASIS_EXTENSION, new Reference(source))));
            return entry;
        }
    }
}
