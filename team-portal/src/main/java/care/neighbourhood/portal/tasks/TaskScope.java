package care.neighbourhood.portal.tasks;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/** Whose tasks the board shows. The value is what the URL carries. */
public enum TaskScope {
    MINE("mine", "Mine", TaskOnBoard::mine),
    ORGANISATION("organisation", "My organisation", task -> task.mine() || task.ownedByMyOrganisation()),
    UNASSIGNED("unassigned", "Not assigned to a person", TaskOnBoard::unassigned),
    TEAM("team", "Whole team", task -> true);

    private final String value;
    private final String label;
    private final Predicate<TaskOnBoard> test;

    TaskScope(String value, String label, Predicate<TaskOnBoard> test) {
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

    boolean matches(TaskOnBoard task) {
        return test.test(task);
    }

    static Optional<TaskScope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
