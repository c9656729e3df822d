package care.neighbourhood.portal.caseload;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/** The orders the caseload can be shown in; ties are broken by name. The value is what the URL carries. */
public enum CaseloadSort {
    NAME("name", "Name", Comparator.comparing(PersonOnCaseload::name, String.CASE_INSENSITIVE_ORDER)),
    AGE(
            "age",
            "Age, oldest first",
            Comparator.comparing(PersonOnCaseload::age, Comparator.nullsLast(Comparator.reverseOrder()))),
    OPEN(
            "open",
            "Most open tasks",
            Comparator.comparingInt(PersonOnCaseload::openTasks).reversed()),
    OVERDUE(
            "overdue",
            "Most overdue tasks",
            Comparator.comparingInt(PersonOnCaseload::overdueTasks).reversed()),
    UNCLAIMED(
            "unclaimed",
            "Most unclaimed tasks",
            Comparator.comparingInt(PersonOnCaseload::unclaimedTasks).reversed());

    private final String value;
    private final String label;
    private final Comparator<PersonOnCaseload> order;

    CaseloadSort(String value, String label, Comparator<PersonOnCaseload> order) {
        this.value = value;
        this.label = label;
        this.order = order;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    Comparator<PersonOnCaseload> order() {
        return order.thenComparing(PersonOnCaseload::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(PersonOnCaseload::patientId);
    }

    static Optional<CaseloadSort> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
