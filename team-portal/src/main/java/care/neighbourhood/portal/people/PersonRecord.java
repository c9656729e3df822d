package care.neighbourhood.portal.people;

import java.util.List;

/**
 * Everything the person's page shows, as the shared care record let the signed-in user see it.
 *
 * @param person who they are, and their key contacts
 * @param plans their Individual Plan (usually one; none when no plan is recorded or shown)
 * @param careTeam the current members of their care teams
 * @param openTasks the tasks for them that someone still has to act on, most urgent first
 * @param withheld what the record kept from this user, one notice per kind of information
 * @param access why the user may see this person at all
 * @param recentChanges the latest changes to the records the user may see, newest first
 * @param handOnTo the organisations the user may hand a task to (empty when no task offers it)
 */
public record PersonRecord(
        PersonSummary person,
        List<IndividualPlan> plans,
        List<CareTeamMember> careTeam,
        List<PersonTask> openTasks,
        List<WithheldNotice> withheld,
        AccessExplanation access,
        List<RecentChange> recentChanges,
        List<HandOnOrganisation> handOnTo) {

    public PersonRecord {
        plans = List.copyOf(plans);
        careTeam = List.copyOf(careTeam);
        openTasks = List.copyOf(openTasks);
        withheld = List.copyOf(withheld);
        recentChanges = List.copyOf(recentChanges);
        handOnTo = List.copyOf(handOnTo);
    }

    /** How many items were withheld in all. */
    public int withheldCount() {
        return withheld.stream().mapToInt(WithheldNotice::count).sum();
    }
}
