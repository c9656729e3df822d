package care.neighbourhood.portal.meetings;

import java.time.LocalDate;
import java.util.List;

/**
 * What the meeting said and decided about one person.
 *
 * @param itemId the agenda item
 * @param itemVersion the version of the agenda item the form showed
 */
public record Discussion(String itemId, String itemVersion, String summary, List<Decision> decisions) {

    public Discussion {
        decisions = List.copyOf(decisions);
    }

    /**
     * A decision, to become a Task.
     *
     * @param owner {@code Organization/<code>}, or {@code PractitionerRole/<id>} for a named member of
     *     staff (the Task is then their organisation's, naming them)
     * @param priority a FHIR request priority: routine, urgent, asap or stat
     */
    public record Decision(String what, String owner, LocalDate due, String priority) {}
}
