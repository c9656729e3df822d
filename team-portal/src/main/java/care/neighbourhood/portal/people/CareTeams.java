package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;

/** Where the care team page reads a person's care team and changes who is in it. */
public interface CareTeams {

    /**
     * The person's care team as the user may see it, with what may be added to it.
     *
     * @param personId the Patient's resource id, already checked to be a well-formed id
     */
    CareTeamPage teamOf(CurrentUser user, String personId);

    /** Adds a member; fails with {@link CareTeamNotChangedException} when the record did not take it. */
    CareTeamChange add(CurrentUser user, String personId, NewMember member);

    /** Ends a membership; fails with {@link CareTeamNotChangedException} when the record did not take it. */
    CareTeamChange end(CurrentUser user, String personId, EndedMembership ended);

    /**
     * A member to add.
     *
     * @param teamId the CareTeam's id
     * @param seenVersion the version of the team the user saw
     * @param member a choice offered by {@link CareTeamPage#choices()}
     * @param role a code offered by {@link CareTeamPage#roles()}
     * @param start the first day of the membership
     */
    record NewMember(String teamId, String seenVersion, String member, String role, java.time.LocalDate start) {}

    /**
     * A membership to end.
     *
     * @param index the membership's place in the team the user saw
     * @param member the membership's member, as the user saw it
     * @param end the last day of the membership
     * @param reason why it ends, in the user's words
     */
    record EndedMembership(
            String teamId, String seenVersion, int index, String member, java.time.LocalDate end, String reason) {}
}
