package care.neighbourhood.portal.caseload;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/** Which people the caseload shows, by their tasks. The value is what the page's URL carries. */
public enum TaskFilter {
    ALL("all", "Everyone", person -> true),
    OPEN("open", "People with open tasks", person -> person.openTasks() > 0),
    OVERDUE("overdue", "People with overdue tasks", person -> person.overdueTasks() > 0),
    UNCLAIMED("unclaimed", "People with unclaimed tasks", person -> person.unclaimedTasks() > 0);

    private final String value;
    private final String label;
    private final Predicate<PersonOnCaseload> test;

    TaskFilter(String value, String label, Predicate<PersonOnCaseload> test) {
        this.value = value;
        this.label = label;
        this.test = test;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    boolean matches(PersonOnCaseload person) {
        return test.test(person);
    }

    static Optional<TaskFilter> of(String value) {
        return Arrays.stream(values()).filter(f -> f.value.equals(value)).findFirst();
    }
}
