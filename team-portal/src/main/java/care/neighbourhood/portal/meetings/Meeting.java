package care.neighbourhood.portal.meetings;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A meeting as the user may see it.
 *
 * @param attendees each attendee's name and organisation
 * @param agenda the agenda items about people on the user's caseload, in agenda order
 * @param notShared how many people on the agenda are not shared with the user
 */
public record Meeting(
        String id,
        String title,
        ZonedDateTime start,
        ZonedDateTime end,
        List<String> attendees,
        List<AgendaItem> agenda,
        int notShared) {

    public Meeting {
        attendees = List.copyOf(attendees);
        agenda = List.copyOf(agenda);
    }

    /** Items still to be discussed. */
    public List<AgendaItem> toDiscuss() {
        return agenda.stream().filter(item -> !item.discussed()).toList();
    }

    /** The agenda item with this id, or null. */
    public AgendaItem item(String itemId) {
        return agenda.stream()
                .filter(item -> item.id().equals(itemId))
                .findFirst()
                .orElse(null);
    }

    public int people() {
        return agenda.size() + notShared;
    }

    /** One person on the agenda, with what was said and decided about them. */
    public record AgendaItem(
            String id,
            String version,
            String personId,
            String personName,
            String nhsNumber,
            boolean discussed,
            String summary,
            List<DecisionMade> decisions) {

        public AgendaItem {
            decisions = List.copyOf(decisions);
        }
    }

    /** A decision, as the Task it became. */
    public record DecisionMade(
            String taskId, String what, String owner, LocalDate due, String priority, String status) {}
}
