package care.neighbourhood.portal.people;

import java.util.List;

/**
 * The person's Individual Plan: one plan for everyone involved, built with the person.
 *
 * @param title e.g. {@code Individual Plan for Margaret Ellis}
 * @param status e.g. {@code Active}
 * @param description the plan's summary, as written
 * @param whatMattersToMe the person's own goals, in their words
 * @param goals the other goals of the plan
 * @param activities what each member of the team does
 */
public record IndividualPlan(
        String title,
        String status,
        String description,
        List<String> whatMattersToMe,
        List<String> goals,
        List<Activity> activities) {

    public IndividualPlan {
        whatMattersToMe = List.copyOf(whatMattersToMe);
        goals = List.copyOf(goals);
        activities = List.copyOf(activities);
    }

    /**
     * One activity of the plan.
     *
     * @param what e.g. {@code Heart failure monitoring at home}
     * @param detail the description, or {@code null}
     * @param owners who carries it out, e.g. {@code Nina Patel}
     * @param status e.g. {@code In progress}
     */
    public record Activity(String what, String detail, List<String> owners, String status) {

        public Activity {
            owners = List.copyOf(owners);
        }
    }
}
