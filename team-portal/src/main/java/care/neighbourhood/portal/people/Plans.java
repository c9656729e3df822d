package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import java.time.LocalDate;

/**
 * Where the plan page reads a person's Individual Plan and changes it. Every change names the version
 * the user saw; one saved by someone else in between fails with {@link PlanNotChangedException},
 * carrying both versions.
 */
public interface Plans {

    /** The person's Individual Plan as the user may see it, with what may be chosen when changing it. */
    PlanPage planOf(CurrentUser user, String personId);

    /** What was saved, in a sentence for the user. */
    String addGoal(CurrentUser user, String personId, NewGoal goal);

    String changeGoal(CurrentUser user, String personId, GoalChange change);

    String closeGoal(CurrentUser user, String personId, GoalClosure closure);

    String addActivity(CurrentUser user, String personId, NewActivity activity);

    String changeActivity(CurrentUser user, String personId, ActivityChange change);

    /** Moves a goal one place up in the plan's order. */
    String moveGoalUp(CurrentUser user, String personId, Move move);

    /** Moves an activity one place up in the plan's order. */
    String moveActivityUp(CurrentUser user, String personId, Move move);

    /** Adds a comment to one of the plan's activities, put down as the user's. */
    String commentOnActivity(CurrentUser user, String personId, ActivityComment comment);

    /** Gives an activity to another organisation, which gets it as a Task on its triage board. */
    String assignActivity(CurrentUser user, String personId, ActivityAssignment assignment);

    /** @param whatMattersToMe the person's own goal, in their words (else a goal of the team's) */
    record NewGoal(String planId, String planVersion, String text, boolean whatMattersToMe, String agreedBy) {}

    record GoalChange(String goalId, String seenVersion, String text) {}

    /** @param achieved met (else no longer wanted) */
    record GoalClosure(String goalId, String seenVersion, boolean achieved) {}

    record NewActivity(
            String planId, String planVersion, String what, String organisation, LocalDate due, String goalId) {}

    /** @param status a code of {@link PlanPage#activityStatuses()} */
    record ActivityChange(String planId, String planVersion, int index, String status, LocalDate due) {}

    /**
     * @param item a goal's id, or an activity's place in the plan
     * @param above the goal shown above it, which it swaps places with (null for an activity)
     */
    record Move(String planId, String planVersion, String item, String above) {}

    /** @param index the activity's place in the plan */
    record ActivityComment(String planId, String planVersion, int index, String text) {}

    record ActivityAssignment(String planId, String planVersion, int index, String organisation, String reason) {}
}
