package care.neighbourhood.portal.caseload;

import java.util.Arrays;
import java.util.Optional;

/** The orders the caseload can be shown in; ties are broken by name. The value is what the URL carries. */
public enum CaseloadSort {
    NAME("name", "Name"),
    AGE("age", "Age, oldest first"),
    OPEN("open", "Most open tasks"),
    OVERDUE("overdue", "Most overdue tasks"),
    UNCLAIMED("unclaimed", "Most unclaimed tasks");

    private final String value;
    private final String label;

    CaseloadSort(String value, String label) {
        this.value = value;
        this.label = label;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    static Optional<CaseloadSort> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
