package care.neighbourhood.portal.tasks;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the user asked the board for, all of it in the URL so that a view can be bookmarked and
 * shared: whose tasks, a status, a priority ({@code null} for any), overdue only, and a page.
 */
public record TaskBoardQuery(
        TaskScope scope, TaskStatusFilter status, TaskPriority priority, boolean overdueOnly, int page) {

    static final TaskScope DEFAULT_SCOPE = TaskScope.ORGANISATION;

    public TaskBoardQuery {
        page = Math.max(1, page);
    }

    static TaskBoardQuery standard() {
        return new TaskBoardQuery(DEFAULT_SCOPE, TaskStatusFilter.OPEN, null, false, 1);
    }

    public TaskBoardQuery onPage(int other) {
        return new TaskBoardQuery(scope, status, priority, overdueOnly, other);
    }

    public boolean isFiltered() {
        return status != TaskStatusFilter.OPEN || priority != null || overdueOnly;
    }

    /** The priority's value in the URL, {@code any} when there is none. */
    public String priorityValue() {
        return priority == null ? "any" : priority.code();
    }

    /** The link to another page of this view. */
    public String linkToPage(int other) {
        return link(scope, other);
    }

    /** The link to the same filters for other people's tasks. */
    public String linkToScope(TaskScope other) {
        return link(other, 1);
    }

    /** The same scope with no filters. */
    public String linkWithoutFilters() {
        return new TaskBoardQuery(scope, TaskStatusFilter.OPEN, null, false, 1).link();
    }

    /** This view, to come back to after a change. */
    public String link() {
        return link(scope, page);
    }

    private String link(TaskScope shownScope, int shownPage) {
        var link = UriComponentsBuilder.fromPath("/tasks");
        if (shownScope != DEFAULT_SCOPE) {
            link.queryParam("scope", shownScope.value());
        }
        if (status != TaskStatusFilter.OPEN) {
            link.queryParam("status", status.value());
        }
        if (priority != null) {
            link.queryParam("priority", priority.code());
        }
        if (overdueOnly) {
            link.queryParam("overdue", "yes");
        }
        if (shownPage > 1) {
            link.queryParam("page", shownPage);
        }
        return link.encode().build().toUriString();
    }
}
