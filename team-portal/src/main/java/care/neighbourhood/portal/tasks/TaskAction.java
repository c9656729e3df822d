package care.neighbourhood.portal.tasks;

import java.util.Arrays;
import java.util.Optional;

/** What a member of the team can do to an open task. The value is the last part of the form's URL. */
public enum TaskAction {
    CLAIM("claim", "Claim", null, "Claimed"),
    HAND_ON(
            "hand-on",
            "Hand to another organisation",
            "Why are you handing this task on?",
            "Handed to another organisation"),
    ESCALATE("escalate", "Escalate priority", "Why is it more urgent?", "Priority raised"),
    SEND_BACK("send-back", "Send back to the requester", "Why are you sending it back?", "Sent back"),
    COMPLETE("complete", "Complete", "What was done (outcome)", "Completed"),
    DECLINE("decline", "Decline", "Why are you declining it?", "Declined");

    /** The longest reason or outcome note the portal accepts. */
    public static final int LONGEST_REASON = 1000;

    private final String value;
    private final String label;
    private final String reasonLabel;
    private final String done;

    TaskAction(String value, String label, String reasonLabel, String done) {
        this.value = value;
        this.label = label;
        this.reasonLabel = reasonLabel;
        this.done = done;
    }

    public String value() {
        return value;
    }

    /** The button: {@code Claim}. */
    public String label() {
        return label;
    }

    /** The label of the reason field, or {@code null} when the action needs no reason. */
    public String reasonLabel() {
        return reasonLabel;
    }

    public boolean needsReason() {
        return reasonLabel != null;
    }

    /** What happened, for the confirmation banner: {@code Claimed}. */
    public String done() {
        return done;
    }

    /** Whether the task is closed afterwards (and may drop off the user's caseload). */
    public boolean closes() {
        return this == COMPLETE || this == DECLINE;
    }

    public static Optional<TaskAction> of(String value) {
        return Arrays.stream(values()).filter(a -> a.value.equals(value)).findFirst();
    }
}
