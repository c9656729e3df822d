package care.neighbourhood.fhirserver.access.index;

import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.ACTIVE;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.GRANTEE_EXTENSION;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.ID_SYSTEM;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.OPEN_TASK_STATES;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.PENDING;
import static care.neighbourhood.fhirserver.access.index.CareAccessEntry.STATE_SYSTEM;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.neighbourhood.fhirserver.access.BreakGlassReviewTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The entries one person's CareTeams and Tasks call for: for each participant of an active team
 * (within their period) and each owner of an open Task, an active entry; for a participant whose
 * period has not started, a pending one that grants nothing yet. Each carries the CareTeams and
 * Tasks behind it and the next moment at which it must be looked at again.
 */
final class WantedEntries {

    private final DaoRegistry daos;

    WantedEntries(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The wanted entries, keyed {@code grantee|state}. */
    Map<String, Wanted> from(Collection<IBaseResource> careTeamsAndTasks, Instant now) {
        Map<String, Wanted> wanted = new HashMap<>();
        for (IBaseResource source : careTeamsAndTasks) {
            if (source instanceof CareTeam team) {
                fromCareTeam(team, now, wanted);
            } else if (source instanceof Task task) {
                fromTask(task, wanted);
            }
        }
        return wanted;
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
        if (BreakGlassReviewTasks.isReviewTask(task)) {
            return; // reviewing an emergency access is governance work, not care: it opens no record
        }
        String grantee = grantee(task.getOwner());
        if (grantee != null) {
            wanted.computeIfAbsent(grantee + "|" + ACTIVE, k -> new Wanted(grantee, ACTIVE))
                    .add(key(task), null);
        }
    }

    /**
     * Whether two states of one CareTeam or Task call for the same entries: if so, changing one into
     * the other leaves its person's entries as they are.
     */
    boolean sameEntries(IBaseResource before, IBaseResource after, Instant now) {
        return summaries(from(List.of(before), now)).equals(summaries(from(List.of(after), now)));
    }

    private static Set<String> summaries(Map<String, Wanted> wanted) {
        Set<String> summaries = new java.util.HashSet<>();
        wanted.values().forEach(entry -> summaries.add(entry.summary()));
        return summaries;
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
                        daos.getResourceDao("PractitionerRole").read(new IdType(type, id), new SystemRequestDetails());
                return role.getActive() && role.hasPractitioner()
                        ? "Practitioner/"
                                + role.getPractitioner().getReferenceElement().getIdPart()
                        : null;
            } catch (ResourceNotFoundException | ResourceGoneException e) {
                return null;
            }
        }
        return null;
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
        return end.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()
                ? instant.plus(Duration.ofDays(1))
                : instant;
    }

    /** One entry to be kept: who, in which state, on what basis, and until when at most. */
    static final class Wanted {
        private final String grantee;
        private final String state;
        private final Set<String> basis = new LinkedHashSet<>();
        private Instant reviewAt;

        String grantee() {
            return grantee;
        }

        String state() {
            return state;
        }

        List<String> sortedBasis() {
            return basis.stream().sorted().toList();
        }

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

        /** What the entry grants and why, for comparing two sets of wanted entries. */
        String summary() {
            return grantee + "|" + state + "|" + sortedBasis() + "|" + reviewAt;
        }

        Basic toBasic(String person, String identifier) {
            Basic entry = new Basic();
            entry.addIdentifier().setSystem(ID_SYSTEM).setValue(identifier);
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
            return entry;
        }
    }

    private static String key(IBaseResource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }
}
