package care.neighbourhood.portal.people;

import java.util.List;

/**
 * A person's care team as the care team page shows it.
 *
 * @param personId the Patient's id
 * @param personName e.g. {@code Margaret Ellis}
 * @param teamId the active CareTeam's id, or null when the person has none
 * @param version the team's version, for {@code If-Match}
 * @param teamName e.g. {@code Neighbourhood team for Margaret Ellis}
 * @param members current and future memberships, in the team's order
 * @param choices who may be added: staff in their roles, and whole organisations
 * @param roles the roles a member may have in the team
 * @param mayChange whether the user's role may change a care team (the sharing agreement)
 * @param changeRoles who may, in plain words (e.g. {@code GPs, community nurses and social workers})
 */
public record CareTeamPage(
        String personId,
        String personName,
        String teamId,
        String version,
        String teamName,
        List<Membership> members,
        List<Choice> choices,
        List<Choice> roles,
        boolean mayChange,
        String changeRoles) {

    public CareTeamPage {
        members = List.copyOf(members);
        choices = List.copyOf(choices);
        roles = List.copyOf(roles);
    }

    /**
     * One membership.
     *
     * @param index its place in the team
     * @param member the member's reference, e.g. {@code Practitioner/ben-carter}
     * @param name e.g. {@code Ben Carter}
     * @param role e.g. {@code Support worker}, or null
     * @param organisation e.g. {@code Age Well Northbank}, or null for an organisation member
     * @param since e.g. {@code 12 September 2026}, or null
     * @param until the last day, when one is set, or null
     * @param future whether it has not started yet
     */
    public record Membership(
            int index,
            String member,
            String name,
            String role,
            String organisation,
            String since,
            String until,
            boolean future) {}

    /** A value to choose and its words. */
    public record Choice(String value, String label) {}

    public boolean hasTeam() {
        return teamId != null;
    }
}
