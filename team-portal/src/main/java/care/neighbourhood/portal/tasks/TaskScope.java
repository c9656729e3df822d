package care.neighbourhood.portal.tasks;

import java.util.Arrays;
import java.util.Optional;

/** Whose tasks the board shows. The value is what the URL carries. */
public enum TaskScope {
    /** Owned by the user. */
    MINE("mine", "Mine"),
    /** Owned by the user or their organisation. */
    ORGANISATION("organisation", "My organisation"),
    /** Owned by nobody, or by an organisation or team rather than a person. */
    UNASSIGNED("unassigned", "Not assigned to a person"),
    /** Everyone's, for the people on the user's caseload. */
    TEAM("team", "Whole team");

    private final String value;
    private final String label;

    TaskScope(String value, String label) {
        this.value = value;
        this.label = label;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    static Optional<TaskScope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
