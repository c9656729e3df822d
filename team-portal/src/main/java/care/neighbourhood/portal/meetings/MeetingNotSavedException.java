package care.neighbourhood.portal.meetings;

/** The meeting, or its outcome, was not saved; the message says why, in words for the user. */
public class MeetingNotSavedException extends RuntimeException {

    public MeetingNotSavedException(String message) {
        super(message);
    }
}
