package care.neighbourhood.portal.fhir;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/** When a Task is open, overdue or unclaimed: the same rules on the caseload and the person's page. */
final class OpenTasks {

    /** Task statuses that still need someone to act. */
    static final List<String> STATUSES =
            List.of("requested", "received", "accepted", "ready", "in-progress", "on-hold");

    /** Owners that are a team or an organisation: someone there has yet to take the task on. */
    private static final List<String> GROUP_OWNERS = List.of("Organization/", "CareTeam/", "HealthcareService/");

    private OpenTasks() {}

    static boolean isOpen(Task task) {
        return task.hasStatus() && STATUSES.contains(task.getStatus().toCode());
    }

    /** Open, and due (the end of {@code restriction.period}) before today. */
    static boolean isOverdue(Task task, LocalDate today) {
        if (!isOpen(task) || !task.hasRestriction() || !task.getRestriction().hasPeriod()) {
            return false;
        }
        LocalDate due = FhirDates.lastDay(task.getRestriction().getPeriod().getEndElement());
        return due != null && due.isBefore(today);
    }

    /** Open, and owned by nobody or by a team or organisation rather than a person. */
    static boolean isUnclaimed(Task task) {
        if (!isOpen(task)) {
            return false;
        }
        if (!task.hasOwner() || task.getOwner().isEmpty()) {
            return true;
        }
        String owner = ResourceIndex.referenceOf(task.getOwner());
        return owner != null && GROUP_OWNERS.stream().anyMatch(owner::startsWith);
    }

    /** {@code Patient/id} the task is for, or {@code null}. */
    static String patientOf(Task task) {
        Reference subject = task.getFor();
        String reference = ResourceIndex.referenceOf(subject);
        return reference != null && reference.startsWith("Patient/") ? reference : null;
    }
}
