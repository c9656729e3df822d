package care.neighbourhood.fhirserver.access;

import org.hl7.fhir.r4.model.Task;

/**
 * The Tasks that ask information governance to review an emergency access. They name the person but
 * are governance work, not care: they give nobody a care relationship, and governance reads them and
 * no other Task.
 */
public final class BreakGlassReviewTasks {

    public static final String CODE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/task-code";
    public static final String CODE = "break-glass-review";

    private BreakGlassReviewTasks() {}

    public static boolean isReviewTask(Task task) {
        return task.getCode().hasCoding(CODE_SYSTEM, CODE);
    }
}
