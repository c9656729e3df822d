package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.tasks.TaskActions;
import care.neighbourhood.portal.tasks.TaskFacts;
import care.neighbourhood.portal.tasks.TaskOnBoard;
import care.neighbourhood.portal.tasks.TaskPriority;
import java.time.LocalDate;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;

/** A Task as a row of the board, with what the user may do to it. */
final class TaskRows {

    private TaskRows() {}

    static TaskOnBoard row(Task task, CurrentUser user, ResourceIndex found, ReferenceNames names, LocalDate today) {
        String patient = OpenTasks.patientOf(task);
        String personName = found.find(patient, Patient.class)
                .map(PatientFacts::listName)
                .orElse(task.getFor().hasDisplay() ? task.getFor().getDisplay() : null);
        String owner = ResourceIndex.referenceOf(task.getOwner());
        TaskPriority priority = priorityOf(task);
        TaskFacts facts = factsOf(task);
        String description = task.hasDescription() ? task.getDescription() : Words.concept(task.getCode());
        return new TaskOnBoard(
                task.getIdElement().getIdPart(),
                versionOf(task),
                patient == null ? null : ResourceIndex.idPart(patient),
                personName,
                description == null || description.isBlank() ? "No description" : description,
                task.hasStatus() ? task.getStatus().toCode() : null,
                priority,
                names.nameOf(task.getOwner()),
                names.nameOf(task.getRequester()),
                task.getRestriction().hasPeriod()
                        ? FhirDates.lastDay(task.getRestriction().getPeriod().getEndElement())
                        : null,
                task.getRestriction().hasPeriod()
                        ? FhirDates.forDisplay(task.getRestriction().getPeriod().getEndElement())
                        : null,
                OpenTasks.isOverdue(task, today),
                owner != null && owner.equals(user.practitionerReference()),
                owner != null && owner.equals(user.organisationReference()),
                owner == null || !owner.startsWith("Practitioner/"),
                OpenTasks.isOpen(task) ? TaskActions.allowed(user, facts) : Set.of());
    }

    static TaskFacts factsOf(Task task) {
        return new TaskFacts(
                OpenTasks.isOpen(task),
                ResourceIndex.referenceOf(task.getOwner()),
                ResourceIndex.referenceOf(task.getRequester()),
                priorityOf(task));
    }

    static TaskPriority priorityOf(Task task) {
        return TaskPriority.ofCode(task.hasPriority() ? task.getPriority().toCode() : null);
    }

    /** The version the server gave the Task. */
    static String versionOf(Task task) {
        if (task.getMeta().hasVersionId()) {
            return task.getMeta().getVersionId();
        }
        return task.getIdElement().getVersionIdPart();
    }
}
