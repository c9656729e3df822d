package care.neighbourhood.portal.audit;

import java.util.List;

/**
 * One page of audit events, newest first.
 *
 * @param accesses the events of this page
 * @param total how many events match in all, or {@code null} when the server did not say
 * @param offset how many events come before this page
 * @param pageSize how many events a page holds at most
 * @param nextOffset the offset of the next page, or {@code null} when this is the last
 */
public record AccessPage(List<RecordedAccess> accesses, Integer total, int offset, int pageSize, Integer nextOffset) {

    public AccessPage {
        accesses = List.copyOf(accesses);
    }

    public boolean isEmpty() {
        return accesses.isEmpty();
    }

    public boolean hasNext() {
        return nextOffset != null && nextOffset > offset;
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public int previousOffset() {
        return Math.max(0, offset - pageSize);
    }

    /** The position of the first event shown, counting from 1. */
    public int firstShown() {
        return offset + 1;
    }

    /** The position of the last event shown. */
    public int lastShown() {
        return offset + accesses.size();
    }
}
