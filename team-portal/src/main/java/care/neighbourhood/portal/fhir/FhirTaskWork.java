package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.tasks.Organisation;
import care.neighbourhood.portal.tasks.TaskBoardPage;
import care.neighbourhood.portal.tasks.TaskBoardQuery;
import care.neighbourhood.portal.tasks.TaskChange;
import care.neighbourhood.portal.tasks.TaskDetail;
import care.neighbourhood.portal.tasks.TaskOnBoard;
import care.neighbourhood.portal.tasks.TaskWork;
import care.neighbourhood.portal.tasks.TimelineEntry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The board and the task page from a bounded number of FHIR calls made with the user's own token.
 * The board is two calls however many tasks the caseload holds: {@code Task/$worklist}, which
 * filters, counts, orders and pages the open tasks on the server ({@link WorklistPages}), and one
 * search of the (at most 25) Tasks of the page shown, with their people, owners and requesters
 * included, for the names. The task
 * page is one read, one search for the names it refers to, and the Task's version history
 * ({@code Task/{id}/_history}); the organisations a task can be handed to are kept for ten minutes.
 */
@Service
class FhirTaskWork implements TaskWork {

    private static final Logger log = LoggerFactory.getLogger(FhirTaskWork.class);
    /** Versions the timeline reads; a task changed more often shows its last ones and its notes. */
    static final int HISTORY_VERSIONS = 100;

    private final FhirSearches searches;
    private final IGenericClient client;
    private final OrganisationDirectory directory;
    private final NeighbourhoodOrganisations neighbourhood;
    private final FhirTaskChanges changes;
    private final Clock clock;

    FhirTaskWork(
            FhirSearches searches,
            IGenericClient client,
            OrganisationDirectory directory,
            NeighbourhoodOrganisations neighbourhood,
            FhirTaskChanges changes,
            Clock clock) {
        this.searches = searches;
        this.client = client;
        this.directory = directory;
        this.neighbourhood = neighbourhood;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public TaskBoardPage boardFor(CurrentUser user, TaskBoardQuery asked) {
        TaskBoardQuery query = asked;
        Bundle answer = searches.call("reading the triage board", fhir -> WorklistPages.request(fhir, asked));
        int matching = answer.hasTotal() ? answer.getTotal() : 0;
        int pages = TaskBoardPage.pagesFor(matching);
        if (query.page() > pages) {
            // Past the last page (the list shrank since the link was made): the last page instead.
            TaskBoardQuery last = query.onPage(pages);
            answer = searches.call("reading the triage board", fhir -> WorklistPages.request(fhir, last));
            query = last;
            matching = answer.hasTotal() ? answer.getTotal() : 0;
        }
        List<Task> tasks = WorklistPages.tasks(answer);
        var index = new ResourceIndex(tasks);
        var names = namesFor(index, tasks);
        LocalDate today = LocalDate.now(clock);
        List<TaskOnBoard> rows = tasks.stream()
                .map(task -> TaskRows.row(task, user, index, names, today))
                .toList();
        return TaskBoardPage.of(query, rows, WorklistPages.counts(answer), matching);
    }

    @Override
    public List<TaskOnBoard> shown(CurrentUser user, List<TaskOnBoard> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        List<String> ids = rows.stream().map(TaskOnBoard::id).distinct().toList();
        List<Resource> found = searches.all(
                "reading the tasks shown on the triage board",
                fhir -> fhir.search()
                        .forResource(Task.class)
                        .where(IAnyResource.RES_ID.exactly().codes(ids))
                        .include(new Include("Task:patient"))
                        .include(new Include("Task:owner"))
                        .include(new Include("Task:requester"))
                        .returnBundle(Bundle.class));
        var index = new ResourceIndex(found);
        var tasks = index.all(Task.class);
        var names = namesFor(index, tasks);
        LocalDate today = LocalDate.now(clock);
        Map<String, TaskOnBoard> complete = new HashMap<>();
        tasks.stream()
                .filter(task -> task.getIdElement().hasIdPart())
                .forEach(task ->
                        complete.put(task.getIdElement().getIdPart(), TaskRows.row(task, user, index, names, today)));
        return rows.stream().map(row -> complete.getOrDefault(row.id(), row)).toList();
    }

    @Override
    public TaskDetail taskFor(CurrentUser user, String taskId) {
        Task task = searches.read("reading the task", Task.class, taskId).resource();
        List<Resource> related = referredTo(task);
        List<Task> history = history(taskId);
        List<Resource> all = new ArrayList<>(related);
        all.add(task);
        var index = new ResourceIndex(all);
        List<Task> versions = history.isEmpty() ? List.of(task) : history;
        var names = namesFor(index, versions);
        List<TimelineEntry> timeline =
                history.isEmpty() ? TaskTimelines.fromNotes(task, names) : TaskTimelines.fromHistory(history, names);
        TaskOnBoard row = TaskRows.row(task, user, index, names, LocalDate.now(clock));
        String owner = ResourceIndex.referenceOf(task.getOwner());
        List<Organisation> handOnTo = row.actions().isEmpty()
                ? List.of()
                : neighbourhood.all().stream()
                        .filter(o -> !("Organization/" + o.code()).equals(owner))
                        .filter(o -> !o.code().equals(user.organisationCode()))
                        .toList();
        return new TaskDetail(
                row,
                OpenTasks.isOpen(task),
                task.hasAuthoredOn() ? FhirDates.forDisplay(task.getAuthoredOnElement()) : null,
                timeline,
                !history.isEmpty(),
                handOnTo,
                namedPractitioner(task),
                task.getReasonCode().hasText() ? task.getReasonCode().getText() : null);
    }

    /** The practitioner a team meeting's decision names (display only: the owner is the organisation). */
    private static String namedPractitioner(Task task) {
        var named = task.getExtensionByUrl(FhirMeetings.NAMED_PRACTITIONER);
        return named != null
                        && named.getValue() instanceof org.hl7.fhir.r4.model.Reference practitioner
                        && practitioner.hasDisplay()
                ? practitioner.getDisplay()
                : null;
    }

    @Override
    public void change(CurrentUser user, TaskChange change) {
        changes.change(user, change);
    }

    /**
     * A read of the person's id alone. Refused or gone means no; so does a failure to ask, since the
     * board is a safe place to land and the person's page would fail the same way.
     */
    @Override
    public boolean stillShowsPerson(CurrentUser user, String personId) {
        try {
            client.read()
                    .resource(Patient.class)
                    .withId(personId)
                    .elementsSubset("id")
                    .execute();
            return true;
        } catch (RuntimeException e) {
            log.debug("Person {} not shown after a change: {}", personId, e.getMessage());
            return false;
        }
    }

    /** The person and the practitioners the task names, in one search; none if the search fails. */
    private List<Resource> referredTo(Task task) {
        try {
            return searches.all(
                    "reading who the task names",
                    fhir -> fhir.search()
                            .forResource(Task.class)
                            .where(IAnyResource.RES_ID
                                    .exactly()
                                    .code(task.getIdElement().getIdPart()))
                            .include(new Include("Task:patient"))
                            .include(new Include("Task:owner"))
                            .include(new Include("Task:requester"))
                            .returnBundle(Bundle.class));
        } catch (FhirServiceException e) {
            log.debug("Names for the task page not available: {}", e.getMessage());
            return List.of();
        }
    }

    /** Every version of the task, newest first as the server gives them; empty if it gives none. */
    private List<Task> history(String taskId) {
        try {
            Bundle versions = client.history()
                    .onInstance(new IdType("Task", taskId))
                    .returnBundle(Bundle.class)
                    .count(HISTORY_VERSIONS)
                    .execute();
            return versions.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(Task.class::isInstance)
                    .map(Task.class::cast)
                    .toList();
        } catch (BaseServerResponseException | DataFormatException e) {
            log.debug("Task history not available: {}", e.getMessage());
            return List.of();
        }
    }

    private ReferenceNames namesFor(ResourceIndex index, List<Task> tasks) {
        Set<String> codes = new TreeSet<>();
        for (Task task : tasks) {
            addOrganisation(codes, task.getOwner());
            addOrganisation(codes, task.getRequester());
        }
        return new ReferenceNames(index, directory.namesOf(codes));
    }

    private static void addOrganisation(Set<String> codes, Reference reference) {
        String target = ResourceIndex.referenceOf(reference);
        if (target != null && target.startsWith("Organization/")) {
            codes.add(ResourceIndex.idPart(target));
        }
    }
}
