package care.neighbourhood.portal.meetings;

import java.time.ZonedDateTime;

/** A meeting in the list of the user's meetings. */
public record MeetingListed(String id, String title, ZonedDateTime start, int attendees, int people, boolean held) {}
