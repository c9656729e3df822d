package care.neighbourhood.portal.tasks;

/**
 * One change in a task's life, newest first on the page.
 *
 * @param when e.g. {@code 9 March 2026 at 9:32am} (Europe/London)
 * @param who e.g. {@code Nina Patel}, or {@code null} when the record does not say
 * @param organisation e.g. {@code Northbank Community Health Trust}, or {@code null}
 * @param what what changed, e.g. {@code Claimed by Nina Patel}
 * @param reason the reason or outcome given, or {@code null}
 */
public record TimelineEntry(String when, String who, String organisation, String what, String reason) {}
