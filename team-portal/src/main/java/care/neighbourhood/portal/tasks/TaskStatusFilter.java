package care.neighbourhood.portal.tasks;

import java.util.Arrays;
import java.util.Optional;

/** The open statuses the board can be narrowed to. The value is the FHIR code and what the URL carries. */
public enum TaskStatusFilter {
    OPEN("open", "Any open status"),
    REQUESTED("requested", "Requested"),
    RECEIVED("received", "Received"),
    ACCEPTED("accepted", "Accepted"),
    READY("ready", "Ready"),
    IN_PROGRESS("in-progress", "In progress"),
    ON_HOLD("on-hold", "On hold");

    private final String value;
    private final String label;

    TaskStatusFilter(String value, String label) {
        this.value = value;
        this.label = label;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    /** The words for a FHIR status code. */
    static String labelOf(String status) {
        return Arrays.stream(values())
                .filter(s -> s != OPEN && s.value.equals(status))
                .map(TaskStatusFilter::label)
                .findFirst()
                .orElse(status == null ? "Not recorded" : status.replace('-', ' '));
    }

    static Optional<TaskStatusFilter> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
