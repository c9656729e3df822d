package care.neighbourhood.portal.audit;

/** The shared record did not accept a review decision; the message is for the officer, in plain words. */
public class ReviewNotRecordedException extends RuntimeException {

    public ReviewNotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}
