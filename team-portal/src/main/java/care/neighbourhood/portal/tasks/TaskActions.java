package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which changes a user is offered on a task. The FHIR server lets anyone in a care relationship with
 * the person update the person's tasks; these are the team's working rules on top of that, so that a
 * task is taken on and handed over deliberately:
 *
 * <ul>
 *   <li>a task with nobody, or the user's organisation, as owner may be claimed;
 *   <li>the task's holder (the user, or their organisation while nobody there has claimed it) may hand
 *       it to another organisation, send it back to a requester other than themselves, or decline it;
 *   <li>the holder and the requester may escalate its priority until it is "immediately";
 *   <li>only the person who claimed it completes it.
 * </ul>
 *
 * Closed tasks offer nothing.
 */
public final class TaskActions {

    private TaskActions() {}

    public static Set<TaskAction> allowed(CurrentUser user, TaskFacts task) {
        Set<TaskAction> allowed = EnumSet.noneOf(TaskAction.class);
        if (!task.open() || user.practitionerReference() == null) {
            return allowed;
        }
        boolean mine = task.ownedBy(user.practitionerReference());
        boolean myOrganisations = task.ownedBy(user.organisationReference());
        boolean holder = mine || myOrganisations || task.owner() == null;
        boolean requester = task.requester() != null
                && (task.requester().equals(user.practitionerReference())
                        || task.requester().equals(user.organisationReference()));
        if (task.owner() == null || myOrganisations) {
            allowed.add(TaskAction.CLAIM);
        }
        if (holder) {
            allowed.add(TaskAction.HAND_ON);
            allowed.add(TaskAction.DECLINE);
            if (task.requester() != null && !requester && !task.ownedBy(task.requester())) {
                allowed.add(TaskAction.SEND_BACK);
            }
        }
        if ((holder || requester) && task.priority().raised().isPresent()) {
            allowed.add(TaskAction.ESCALATE);
        }
        if (mine) {
            allowed.add(TaskAction.COMPLETE);
        }
        return allowed;
    }
}
