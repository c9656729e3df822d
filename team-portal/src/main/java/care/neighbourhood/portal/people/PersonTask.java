package care.neighbourhood.portal.people;

/**
 * An open task for the person.
 *
 * @param description what is to be done, as written
 * @param status e.g. {@code Requested}
 * @param priority e.g. {@code Urgent}, or {@code null} when routine or not given
 * @param owner who has it, e.g. {@code Nina Patel}; {@code null} when nobody does
 * @param due e.g. {@code 6 March 2026}, or {@code null}
 * @param overdue the due date has passed
 * @param unclaimed nobody, or only an organisation, has it
 * @param id the Task's resource id, for the link to the task page
 * @param version the version the user sees, sent back with a claim
 * @param claimable the user may claim it
 */
public record PersonTask(
        String description,
        String status,
        String priority,
        String owner,
        String due,
        boolean overdue,
        boolean unclaimed,
        String id,
        String version,
        boolean claimable) {}
