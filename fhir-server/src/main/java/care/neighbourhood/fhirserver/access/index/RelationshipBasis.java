package care.neighbourhood.fhirserver.access.index;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A relationship's basis as the care access table stores it: the CareTeams and Tasks behind it,
 * sorted, comma-separated, and bounded. Someone with hundreds of open Tasks for one nurse would
 * otherwise outgrow the column, and every later write about them would be refused. The basis only
 * describes the relationship (to the audit trail, which keeps its first thousand characters, and in
 * the answer's basis header); whether there is one at all is the row. What does not fit is shown as
 * {@value #MORE}.
 */
final class RelationshipBasis {

    /** Stands for the entries left out. */
    static final String MORE = "and others";

    /** Characters stored at most, the mark for what was left out included. */
    static final int LIMIT = 1000;

    private RelationshipBasis() {}

    /** The entries (a stored basis's own mark among them or not) as stored. */
    static String storable(Collection<String> entries) {
        SortedSet<String> sorted = new TreeSet<>(entries);
        boolean leftOut = sorted.remove(MORE);
        int room = LIMIT - MORE.length() - 1;
        StringBuilder text = new StringBuilder();
        for (String entry : sorted) {
            if (entry.isEmpty()) {
                continue;
            }
            if (text.length() + entry.length() + 1 > room) {
                leftOut = true;
                break;
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(entry);
        }
        if (leftOut) {
            text.append(text.isEmpty() ? "" : ",").append(MORE);
        }
        return text.toString();
    }

    /** A stored basis's entries, its mark for what was left out included. */
    static List<String> entriesOf(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }
}
