package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The triage board: the open tasks for people on the user's caseload, with counts by whose they are,
 * filters, the most urgent first, and pages. The board's view lives in its URL.
 */
@Controller
class TaskBoardController {

    private final TaskWork work;

    TaskBoardController(TaskWork work) {
        this.work = work;
    }

    @GetMapping("/tasks")
    String board(
            CurrentUser user,
            @RequestParam(name = "scope", required = false) String scope,
            @RequestParam(name = "status", defaultValue = "open") String status,
            @RequestParam(name = "priority", defaultValue = "any") String priority,
            @RequestParam(name = "overdue", defaultValue = "no") String overdue,
            @RequestParam(name = "page", defaultValue = "1") String page,
            Model model) {
        TaskPages.requireCaseload(user);
        TaskBoardQuery query = query(scope, status, priority, overdue, page);
        TaskBoardPage board = work.boardFor(user, query);
        model.addAttribute("board", board.withTasks(work.shown(user, board.tasks())));
        model.addAttribute("scopes", TaskScope.values());
        model.addAttribute("statuses", TaskStatusFilter.values());
        model.addAttribute("priorities", TaskPriority.values());
        return "tasks/board";
    }

    /** The query the URL asks for; a value no form of the page produces is a bad request. */
    private static TaskBoardQuery query(String scope, String status, String priority, String overdue, String page) {
        int pageNumber;
        try {
            pageNumber = Integer.parseInt(page.strip());
        } catch (NumberFormatException e) {
            throw badRequest("the page is not a number");
        }
        if (!overdue.equals("yes") && !overdue.equals("no")) {
            throw badRequest("overdue is yes or no");
        }
        TaskPriority wanted = priority.equals("any")
                ? null
                : TaskPriority.of(priority).orElseThrow(() -> badRequest("unknown priority"));
        return new TaskBoardQuery(
                scope == null
                        ? TaskBoardQuery.DEFAULT_SCOPE
                        : TaskScope.of(scope).orElseThrow(() -> badRequest("unknown scope")),
                TaskStatusFilter.of(status).orElseThrow(() -> badRequest("unknown status")),
                wanted,
                overdue.equals("yes"),
                pageNumber);
    }

    private static ResponseStatusException badRequest(String why) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, why);
    }
}
