package care.neighbourhood.portal.meetings;

import care.neighbourhood.portal.security.CurrentUser;
import java.util.List;

/** The team meetings the user attends, as the FHIR server keeps them, seen with the user's own token. */
public interface Meetings {

    /** The meetings the user attends, the latest first. */
    List<MeetingListed> meetingsOf(CurrentUser user);

    /** Who may attend a meeting and who may own what it decides. */
    MeetingChoices choices(CurrentUser user);

    /**
     * Schedules a meeting, the user among its attendees, with an agenda item for each person.
     *
     * @return the new meeting's id
     * @throws MeetingNotSavedException when a person is not on the user's caseload, or the server refuses
     */
    String schedule(CurrentUser user, MeetingPlan plan);

    /** The meeting, with the agenda items the user may see and how many they may not. */
    Meeting meeting(CurrentUser user, String id);

    /**
     * Records the discussion of the people on the agenda and makes each decision a Task, all in one
     * transaction: all of it is saved, or none.
     *
     * @return how many tasks were made
     * @throws MeetingNotSavedException when someone recorded a discussion meanwhile, or the server refuses
     */
    int recordOutcome(CurrentUser user, String meetingId, List<Discussion> discussions);
}
