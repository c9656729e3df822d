package care.neighbourhood.portal.audit;

import java.util.List;

/** The queue of emergency (break-glass) accesses that wait for an officer's review. */
public interface BreakGlassReviews {

    /** The accesses still to be reviewed, newest first. */
    List<BreakGlassAccess> awaitingReview();

    /**
     * Records the officer's decision; the access then leaves the queue.
     *
     * @throws ReviewNotRecordedException when the shared record refuses the decision
     */
    void recordReview(String reviewTaskId, ReviewDecision decision, String note);
}
