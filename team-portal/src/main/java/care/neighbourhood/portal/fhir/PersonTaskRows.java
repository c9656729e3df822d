package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.PersonTask;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.tasks.TaskActions;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Task;

/** The person's open tasks, most urgent first, then by due date. */
final class PersonTaskRows {

    private static final Map<String, Integer> PRIORITY_ORDER = Map.of("stat", 0, "asap", 1, "urgent", 2, "routine", 3);

    private PersonTaskRows() {}

    static List<PersonTask> openTasks(Collection<Task> tasks, ReferenceNames names, LocalDate today, CurrentUser user) {
        return tasks.stream()
                .filter(OpenTasks::isOpen)
                .sorted(Comparator.comparing(PersonTaskRows::priorityRank)
                        .thenComparing(PersonTaskRows::due, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(
                                task -> task.getIdElement().getIdPart(),
                                Comparator.nullsLast(Comparator.naturalOrder())))
                .map(task -> row(task, names, today, user))
                .toList();
    }

    private static PersonTask row(Task task, ReferenceNames names, LocalDate today, CurrentUser user) {
        String description = task.hasDescription() ? task.getDescription() : Words.concept(task.getCode());
        String priority = task.hasPriority() ? task.getPriority().toCode() : null;
        return new PersonTask(
                description == null || description.isBlank() ? "No description" : description,
                Words.code(task.getStatus().toCode()),
                priority == null || "routine".equals(priority) ? null : Words.code(priority),
                names.nameOf(task.getOwner()),
                task.getRestriction().hasPeriod()
                        ? FhirDates.forDisplay(task.getRestriction().getPeriod().getEndElement())
                        : null,
                OpenTasks.isOverdue(task, today),
                OpenTasks.isUnclaimed(task),
                task.getIdElement().getIdPart(),
                TaskRows.versionOf(task),
                TaskActions.allowed(user, TaskRows.factsOf(task)).stream()
                        .sorted()
                        .map(action -> new PersonTask.Action(action.value(), action.label(), action.reasonLabel()))
                        .toList());
    }

    private static int priorityRank(Task task) {
        return task.hasPriority()
                ? PRIORITY_ORDER.getOrDefault(task.getPriority().toCode(), 3)
                : 3;
    }

    private static LocalDate due(Task task) {
        return task.getRestriction().hasPeriod()
                ? FhirDates.lastDay(task.getRestriction().getPeriod().getEndElement())
                : null;
    }
}
