package care.neighbourhood.portal.meetings;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A meeting to schedule.
 *
 * @param attendees {@code PractitionerRole/<id>} of each attendee (the user is added if left out)
 * @param nhsNumbers the people on the agenda, in order, each ten digits
 */
public record MeetingPlan(
        String title, LocalDateTime start, int minutes, List<String> attendees, List<String> nhsNumbers) {

    public MeetingPlan {
        attendees = List.copyOf(attendees);
        nhsNumbers = List.copyOf(nhsNumbers);
    }
}
