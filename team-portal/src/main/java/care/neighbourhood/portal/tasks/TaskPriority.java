package care.neighbourhood.portal.tasks;

import java.util.Arrays;
import java.util.Optional;

/** FHIR's request priorities, least urgent first. The value is the FHIR code and what the URL carries. */
public enum TaskPriority {
    ROUTINE("routine", "Routine"),
    URGENT("urgent", "Urgent"),
    ASAP("asap", "As soon as possible"),
    STAT("stat", "Immediately");

    private final String code;
    private final String label;

    TaskPriority(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The next more urgent priority, or empty for the most urgent. */
    public Optional<TaskPriority> raised() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** A task without a priority is routine. */
    public static TaskPriority ofCode(String code) {
        return Arrays.stream(values())
                .filter(p -> p.code.equals(code))
                .findFirst()
                .orElse(ROUTINE);
    }

    static Optional<TaskPriority> of(String value) {
        return Arrays.stream(values()).filter(p -> p.code.equals(value)).findFirst();
    }
}
