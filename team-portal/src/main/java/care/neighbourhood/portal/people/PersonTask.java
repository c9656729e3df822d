package care.neighbourhood.portal.people;

import java.util.List;

/**
 * An open task for the person.
 *
 * @param description what is to be done, as written
 * @param status e.g. {@code Requested}
 * @param priority e.g. {@code Urgent}, or {@code null} when routine or not given
 * @param owner who has it, e.g. {@code Nina Patel}; {@code null} when nobody does
 * @param due e.g. {@code 6 March 2026}, or {@code null}
 * @param overdue the due date has passed
 * @param unclaimed nobody, or only an organisation, has it
 * @param id the Task's resource id, for the link to the task page
 * @param version the version the user sees, sent back with a change
 * @param actions what the user may do to it, by the triage board's rules, in the board's order
 */
public record PersonTask(
        String description,
        String status,
        String priority,
        String owner,
        String due,
        boolean overdue,
        boolean unclaimed,
        String id,
        String version,
        List<Action> actions) {

    public PersonTask {
        actions = List.copyOf(actions);
    }

    /**
     * A change the user may make, as the task page's form for it.
     *
     * @param value the last part of the form's URL, e.g. {@code hand-on}
     * @param label the button, e.g. {@code Hand to another organisation}
     * @param reasonLabel the label of the reason field, or {@code null} when none is needed
     */
    public record Action(String value, String label, String reasonLabel) {

        public boolean needsReason() {
            return reasonLabel != null;
        }
    }

    /** Whether the user may claim it. */
    public boolean claimable() {
        return offers("claim");
    }

    public boolean offers(String value) {
        return actions.stream().anyMatch(action -> action.value().equals(value));
    }

    /** The actions that need a reason (all but claim), each a form of its own. */
    public List<Action> actionsWithReason() {
        return actions.stream().filter(Action::needsReason).toList();
    }
}
