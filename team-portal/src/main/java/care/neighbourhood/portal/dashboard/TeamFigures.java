package care.neighbourhood.portal.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The figures the dashboard shows, as the server counted them.
 *
 * @param asOf when they were counted
 * @param today the day tasks are overdue by
 * @param caseload people on the user's caseload
 * @param organisations for each organisation with some of them on its own caseload, how many; largest first
 * @param openTasks open tasks about them
 * @param overdueTasks of those, due before today
 * @param unclaimedTasks of those, claimed by no named person
 */
public record TeamFigures(
        Instant asOf,
        LocalDate today,
        int caseload,
        List<OrganisationShare> organisations,
        int openTasks,
        int overdueTasks,
        int unclaimedTasks) {

    public TeamFigures {
        organisations = List.copyOf(organisations);
    }

    /** An organisation by name, and how many of the caseload's people it has on its own. */
    public record OrganisationShare(String name, int people) {}
}
