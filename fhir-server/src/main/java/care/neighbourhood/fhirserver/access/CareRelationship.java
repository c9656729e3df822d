package care.neighbourhood.fhirserver.access;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What gives a caller (themselves, their role or their organisation) a relationship with one person:
 * the CareTeams and open Tasks behind it, any emergency access in force, or the person being
 * registered in the very request that is being decided.
 *
 * @param personId the person
 * @param sources {@code CareTeam/<id>} and {@code Task/<id>}, sorted
 * @param grants break-glass grants in force
 * @param registeredInRequest the person is being created in the request being decided
 */
public record CareRelationship(
        String personId, List<String> sources, List<BreakGlassGrant> grants, boolean registeredInRequest) {

    public CareRelationship {
        sources = sources.stream().sorted().toList();
        grants = List.copyOf(grants);
    }

    public static CareRelationship registeredInRequest(String personId) {
        return new CareRelationship(personId, List.of(), List.of(), true);
    }

    /** Emergency access is part of what this relationship rests on. */
    public boolean usesBreakGlass() {
        return !grants.isEmpty();
    }

    /**
     * As the access basis names it: {@code CareTeam/1,Task/2}, {@code break-glass Basic/5 until
     * 2026-11-28T18:00:00Z} (when the emergency access ends, so that its holder can be told), ...
     */
    public String describe() {
        if (sources.isEmpty() && grants.isEmpty()) {
            return registeredInRequest ? "registered-in-request" : "none";
        }
        List<String> parts = new ArrayList<>(sources);
        grants.stream().map(CareRelationship::describeGrant).sorted().forEach(parts::add);
        return String.join(",", parts);
    }

    private static String describeGrant(BreakGlassGrant grant) {
        return "break-glass " + grant.id()
                + (grant.expires() == null ? "" : " until " + grant.expires().truncatedTo(ChronoUnit.SECONDS));
    }

    /** This relationship and another with the same person, as one. */
    public CareRelationship and(CareRelationship other) {
        return new CareRelationship(
                personId,
                Stream.concat(sources.stream(), other.sources.stream())
                        .distinct()
                        .toList(),
                Stream.concat(grants.stream(), other.grants.stream()).distinct().toList(),
                registeredInRequest || other.registeredInRequest);
    }
}
