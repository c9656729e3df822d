package care.neighbourhood.portal.people;

/**
 * One of the latest changes to the person's records that the user may see.
 *
 * @param what what was added or changed, e.g. {@code Task updated: Check pressure area on left heel}
 * @param when when the record was stored, in Europe/London, e.g. {@code 9 March 2026 at 9:32am}
 * @param who who did it, where the record says so (the writer of a task's newest note, the author or
 *     recorder of a new record); {@code null} when it does not
 */
public record RecentChange(String what, String when, String who) {}
