package care.neighbourhood.portal.people;

import care.neighbourhood.portal.people.CareTeamPage.Choice;
import java.util.List;

/**
 * A person's Individual Plan as the plan page shows it.
 *
 * @param planId the CarePlan's id, or null when the person has no active plan
 * @param planVersion its version, for {@code If-Match}
 * @param goals the plan's open goals, the person's own first
 * @param activities the plan's activities, in the plan's order
 * @param organisations the neighbourhood's organisations, to own an activity
 * @param agreedBy who may have agreed a goal: the person, their carers, the care team
 * @param activityStatuses the states an activity may be put in
 */
public record PlanPage(
        String personId,
        String personName,
        String planId,
        String planVersion,
        String planTitle,
        List<Goal> goals,
        List<Activity> activities,
        List<Choice> organisations,
        List<Choice> agreedBy,
        List<Choice> activityStatuses) {

    public PlanPage {
        goals = List.copyOf(goals);
        activities = List.copyOf(activities);
        organisations = List.copyOf(organisations);
        agreedBy = List.copyOf(agreedBy);
        activityStatuses = List.copyOf(activityStatuses);
    }

    public boolean hasPlan() {
        return planId != null;
    }

    /**
     * @param agreed e.g. {@code Agreed with Margaret Ellis on 30 July 2026}, or null
     */
    public record Goal(String id, String version, String text, boolean whatMattersToMe, String agreed) {}

    /**
     * @param index its place in the plan
     * @param owner who does it, e.g. {@code Nina Patel} or {@code City Council Adult Social Care}
     * @param status its code, e.g. {@code in-progress}
     * @param statusWords e.g. {@code In progress}
     * @param due e.g. {@code 2026-12-14} (for the form), or null
     * @param dueWords e.g. {@code 14 December 2026}, or null
     * @param goals the goals it serves, in words
     * @param comments what the person, their carers or the team said about it, oldest first, e.g.
     *     {@code Margaret Ellis, 29 November 2026 at 9:30am: Mornings suit me better}
     */
    public record Activity(
            int index,
            String what,
            String detail,
            String owner,
            String status,
            String statusWords,
            String due,
            String dueWords,
            List<String> goals,
            List<String> comments) {

        public Activity {
            goals = List.copyOf(goals);
            comments = List.copyOf(comments);
        }

        /** An activity nobody has commented on. */
        public Activity(
                int index,
                String what,
                String detail,
                String owner,
                String status,
                String statusWords,
                String due,
                String dueWords,
                List<String> goals) {
            this(index, what, detail, owner, status, statusWords, due, dueWords, goals, List.of());
        }
    }
}
