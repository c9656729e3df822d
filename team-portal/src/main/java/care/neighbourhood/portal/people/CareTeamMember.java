package care.neighbourhood.portal.people;

/**
 * A current member of one of the person's care teams.
 *
 * @param name a person or an organisation, e.g. {@code Nina Patel}
 * @param role e.g. {@code Community nurse}, or {@code null}
 * @param organisation e.g. {@code Northbank Community Health Trust}, or {@code null}
 * @param since e.g. {@code 12 September 2026}, or {@code null}
 * @param team the care team's name, e.g. {@code Neighbourhood team for Margaret Ellis}
 * @param phone how to ring them at work, e.g. {@code 01632 960211}, or {@code null}
 * @param email their work email, or {@code null}
 */
public record CareTeamMember(
        String name, String role, String organisation, String since, String team, String phone, String email) {

    /** A member with no contact details recorded. */
    public CareTeamMember(String name, String role, String organisation, String since, String team) {
        this(name, role, organisation, since, team, null, null);
    }
}
