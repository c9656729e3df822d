package care.neighbourhood.portal.caseload;

import java.util.Arrays;
import java.util.Optional;

/** Which people the caseload shows, by their tasks. The value is what the page's URL carries. */
public enum TaskFilter {
    ALL("all", "Everyone"),
    OPEN("open", "People with open tasks"),
    OVERDUE("overdue", "People with overdue tasks"),
    UNCLAIMED("unclaimed", "People with unclaimed tasks");

    private final String value;
    private final String label;

    TaskFilter(String value, String label) {
        this.value = value;
        this.label = label;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    static Optional<TaskFilter> of(String value) {
        return Arrays.stream(values()).filter(f -> f.value.equals(value)).findFirst();
    }
}
