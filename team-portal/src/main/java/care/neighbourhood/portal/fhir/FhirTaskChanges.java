package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.tasks.Organisation;
import care.neighbourhood.portal.tasks.TaskActions;
import care.neighbourhood.portal.tasks.TaskChange;
import care.neighbourhood.portal.tasks.TaskNotChangedException;
import care.neighbourhood.portal.tasks.TaskNotChangedException.Why;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.springframework.stereotype.Component;

/**
 * Writes a change to a Task: reads it, checks that it is still the version the user saw and that the
 * action is still offered, changes it, adds a note of who did what and why, and updates it with
 * {@code If-Match} on the version the user saw, so that a change made in between is never
 * overwritten: the server answers 412 and the user is told who changed the task and when.
 */
@Component
class FhirTaskChanges {

    private static final Set<TaskStatus> NOT_STARTED =
            Set.of(TaskStatus.REQUESTED, TaskStatus.RECEIVED, TaskStatus.READY);

    private final FhirSearches searches;
    private final IGenericClient client;
    private final OrganisationDirectory directory;
    private final NeighbourhoodOrganisations neighbourhood;
    private final Clock clock;

    FhirTaskChanges(
            FhirSearches searches,
            IGenericClient client,
            OrganisationDirectory directory,
            NeighbourhoodOrganisations neighbourhood,
            Clock clock) {
        this.searches = searches;
        this.client = client;
        this.directory = directory;
        this.neighbourhood = neighbourhood;
        this.clock = clock;
    }

    void change(CurrentUser user, TaskChange change) {
        Task task = current(change.taskId());
        if (!change.seenVersion().equals(TaskRows.versionOf(task))) {
            throw changedMeanwhile(task, null);
        }
        if (!TaskActions.allowed(user, TaskRows.factsOf(task)).contains(change.action())) {
            throw new TaskNotChangedException(
                    Why.NOT_OFFERED, "You cannot " + change.action().label().toLowerCase() + " this task now.", null);
        }
        String what = apply(user, change, task);
        String organisation = user.organisationCode();
        TaskNotes.add(
                task,
                user.practitionerReference(),
                user.displayName(),
                user.organisationReference(),
                organisation == null ? null : directory.nameOf(organisation).orElse(organisation),
                Date.from(clock.instant()),
                what,
                change.reason());
        task.setLastModified(Date.from(clock.instant()));
        task.setId(new IdType("Task", change.taskId()));
        task.getMeta().setVersionId(null);
        try {
            client.update()
                    .resource(task)
                    .withAdditionalHeader("If-Match", "W/\"" + change.seenVersion() + "\"")
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw refusal(change, e);
        }
    }

    /** Changes the task as the action says; returns what changed, in words, for the note. */
    private String apply(CurrentUser user, TaskChange change, Task task) {
        return switch (change.action()) {
            case CLAIM -> {
                task.setOwner(new Reference(user.practitionerReference()).setDisplay(user.displayName()));
                if (NOT_STARTED.contains(task.getStatus())) {
                    task.setStatus(TaskStatus.ACCEPTED);
                }
                if (!task.getExecutionPeriod().hasStart()) {
                    // When action was first taken: the team dashboard's wait from referral to claim.
                    task.getExecutionPeriod().setStart(Date.from(clock.instant()));
                }
                yield "Claimed by " + user.displayName() + ".";
            }
            case HAND_ON -> {
                Organisation to = neighbourhood.all().stream()
                        .filter(o -> o.code().equals(change.organisationCode()))
                        .findFirst()
                        .orElseThrow(() -> new TaskNotChangedException(
                                Why.REJECTED, "Select an organisation of the neighbourhood.", null));
                task.setOwner(new Reference("Organization/" + to.code()).setDisplay(to.name()));
                task.setStatus(TaskStatus.REQUESTED);
                yield "Handed to " + to.name() + ".";
            }
            case ESCALATE -> {
                var from = TaskRows.priorityOf(task);
                var to = from.raised().orElseThrow();
                task.setPriority(Task.TaskPriority.fromCode(to.code()));
                yield "Priority raised from " + from.label().toLowerCase() + " to "
                        + to.label().toLowerCase() + ".";
            }
            case SEND_BACK -> {
                Reference requester = task.getRequester().copy();
                String name = requester.hasDisplay() ? requester.getDisplay() : requester.getReference();
                task.setOwner(requester);
                task.setStatus(TaskStatus.REQUESTED);
                yield "Sent back to " + name + ".";
            }
            case COMPLETE -> {
                task.setStatus(TaskStatus.COMPLETED);
                task.getExecutionPeriod().setEnd(Date.from(clock.instant()));
                yield "Completed.";
            }
            case DECLINE -> {
                task.setStatus(TaskStatus.REJECTED);
                task.getStatusReason().setText(change.reason());
                yield "Declined.";
            }
        };
    }

    private Task current(String taskId) {
        try {
            return searches.read("reading the task to change it", Task.class, taskId)
                    .resource();
        } catch (FhirServiceException e) {
            throw switch (e.reason()) {
                case NOT_FOUND -> new TaskNotChangedException(Why.NOT_FOUND, "This task was not found.", e);
                case ACCESS_DENIED -> refused(e);
                default -> e;
            };
        }
    }

    /** What the user is told when the update failed; a failure of the service itself is thrown as it is. */
    private TaskNotChangedException refusal(TaskChange change, RuntimeException cause) {
        FhirServiceException failure = FhirFailures.translate("changing a task", cause);
        if (failure.statusCode() == 412 || failure.statusCode() == 409) {
            Task now;
            try {
                now = current(change.taskId());
            } catch (TaskNotChangedException | FhirServiceException e) {
                return new TaskNotChangedException(
                        Why.CHANGED_MEANWHILE,
                        "Someone else changed this task after you opened it. Nothing you entered was saved.",
                        failure);
            }
            return changedMeanwhile(now, failure);
        }
        return switch (failure.reason()) {
            case ACCESS_DENIED -> refused(failure);
            case NOT_FOUND -> new TaskNotChangedException(Why.NOT_FOUND, "This task was not found.", failure);
            case REJECTED ->
                new TaskNotChangedException(
                        Why.REJECTED, "The shared care record did not accept the change. Nothing was saved.", failure);
            default -> throw failure;
        };
    }

    private static TaskNotChangedException refused(FhirServiceException failure) {
        return new TaskNotChangedException(
                Why.REFUSED,
                "The shared care record did not let you change this task. Changes to a person's tasks are for"
                        + " those involved in their care.",
                failure);
    }

    /** Who changed the task last and when, from its newest note, else from the server's record. */
    private TaskNotChangedException changedMeanwhile(Task now, Throwable cause) {
        var names = new ReferenceNames(new ResourceIndex(java.util.List.of()), Map.of());
        String message;
        if (now.hasNote()) {
            Annotation last = now.getNote().get(now.getNote().size() - 1);
            TaskNotes.Note note = TaskNotes.read(last, names);
            String who = note.author() == null ? "Someone else" : note.author();
            String from = note.organisation() == null ? "" : " (" + note.organisation() + ")";
            String when = note.time() == null ? "" : " at " + TaskTimelines.when(note.time());
            message = who + from + " got there first" + when + ": " + note.what();
        } else {
            String when = now.getMeta().hasLastUpdated()
                    ? " at " + TaskTimelines.when(now.getMeta().getLastUpdated())
                    : "";
            message = "Someone else changed this task" + when + ".";
        }
        return new TaskNotChangedException(
                Why.CHANGED_MEANWHILE, message + " Nothing you entered was saved: check the task as it is now.", cause);
    }
}
