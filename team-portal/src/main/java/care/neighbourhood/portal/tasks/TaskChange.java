package care.neighbourhood.portal.tasks;

/**
 * A change the user asked for.
 *
 * @param taskId the Task's resource id
 * @param seenVersion the version the user saw when they chose it
 * @param action what to do
 * @param reason the reason or outcome note, stripped ({@code ""} for a claim)
 * @param organisationCode for a hand-on, the organisation to hand it to; else {@code null}
 */
public record TaskChange(
        String taskId, String seenVersion, TaskAction action, String reason, String organisationCode) {}
