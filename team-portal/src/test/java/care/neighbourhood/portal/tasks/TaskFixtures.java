package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tasks as the board and the task page receive them, and a stand-in for where they come from. */
final class TaskFixtures {

    static final String XSS = "<script>alert('x')</script>";

    private TaskFixtures() {}

    static TaskOnBoard task(
            String id,
            String description,
            TaskPriority priority,
            LocalDate due,
            String owner,
            boolean mine,
            boolean organisation,
            Set<TaskAction> actions) {
        boolean overdue = due != null && due.isBefore(LocalDate.of(2026, 3, 9));
        return new TaskOnBoard(
                id,
                "3",
                "p-" + id,
                "HUGHES, Stanley",
                description,
                "requested",
                priority,
                owner,
                "Omar Hassan",
                due,
                due == null ? null : due.getDayOfMonth() + " March 2026",
                overdue,
                mine,
                organisation,
                owner == null || organisation,
                actions);
    }

    /** A stand-in that answers as told and remembers the changes asked for. */
    static final class StubWork implements TaskWork {

        List<TaskOnBoard> board = List.of();
        /** How the rows of the page shown are completed; as listed unless a test says otherwise. */
        java.util.function.UnaryOperator<List<TaskOnBoard>> shown = rows -> rows;

        TaskDetail detail;
        RuntimeException refusal;
        RuntimeException readFailure;
        final List<TaskChange> changes = new ArrayList<>();
        /** People the record no longer shows the user (after a change took them off the caseload). */
        final java.util.Set<String> unseen = new java.util.HashSet<>();

        /** The board's page as the server would give it: filtered, counted, ordered and paged. */
        @Override
        public TaskBoardPage boardFor(CurrentUser user, TaskBoardQuery query) {
            java.util.Map<TaskScope, Integer> counts = new java.util.EnumMap<>(TaskScope.class);
            for (TaskScope scope : TaskScope.values()) {
                counts.put(scope, (int) board.stream()
                        .filter(task -> passesFilters(query, task) && inScope(scope, task))
                        .count());
            }
            List<TaskOnBoard> matching = board.stream()
                    .filter(task -> passesFilters(query, task) && inScope(query.scope(), task))
                    .sorted(java.util.Comparator.comparing(TaskOnBoard::priority, java.util.Comparator.reverseOrder())
                            .thenComparing(
                                    TaskOnBoard::due,
                                    java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                            .thenComparing(TaskOnBoard::id))
                    .toList();
            int page = Math.min(query.page(), TaskBoardPage.pagesFor(matching.size()));
            int from = (page - 1) * TaskBoardPage.PAGE_SIZE;
            return TaskBoardPage.of(
                    query.onPage(page),
                    matching.subList(from, Math.min(matching.size(), from + TaskBoardPage.PAGE_SIZE)),
                    counts,
                    matching.size());
        }

        private static boolean passesFilters(TaskBoardQuery query, TaskOnBoard task) {
            return (query.status() == TaskStatusFilter.OPEN
                            || query.status().value().equals(task.status()))
                    && (query.priority() == null || task.priority() == query.priority())
                    && (!query.overdueOnly() || task.overdue());
        }

        private static boolean inScope(TaskScope scope, TaskOnBoard task) {
            return switch (scope) {
                case MINE -> task.mine();
                case ORGANISATION -> task.mine() || task.ownedByMyOrganisation();
                case UNASSIGNED -> task.unassigned();
                case TEAM -> true;
            };
        }

        @Override
        public List<TaskOnBoard> shown(CurrentUser user, List<TaskOnBoard> rows) {
            return shown.apply(rows);
        }

        @Override
        public TaskDetail taskFor(CurrentUser user, String taskId) {
            if (readFailure != null) {
                throw readFailure;
            }
            if (detail == null) {
                throw new care.neighbourhood.portal.fhir.FhirServiceException(
                        care.neighbourhood.portal.fhir.FhirServiceException.Reason.NOT_FOUND, 404, "Task", null);
            }
            return detail;
        }

        @Override
        public void change(CurrentUser user, TaskChange change) {
            if (refusal != null) {
                throw refusal;
            }
            changes.add(change);
        }

        @Override
        public boolean stillShowsPerson(CurrentUser user, String personId) {
            return !unseen.contains(personId);
        }
    }
}
