package care.neighbourhood.portal.tasks;

import care.neighbourhood.portal.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The task page (the task, what the user may do to it, and every change so far) and the changes
 * themselves: each a plain form post with the version the user saw. A change made sends the user back
 * where they came from with a confirmation (post, redirect, get); a problem shows the task page again
 * with what went wrong in words and the form as it was filled.
 */
@Controller
class TaskController {

    private static final String PERSON_PAGE = "/people/";

    static final String LEFT_CASELOAD = "The person is no longer on your caseload, so their page is closed to you."
            + " The task and its timeline stay with the organisation that has it now.";

    private final TaskWork work;

    TaskController(TaskWork work) {
        this.work = work;
    }

    @GetMapping("/tasks/{id}")
    String task(CurrentUser user, @PathVariable("id") String id, Model model) {
        TaskPages.requireCaseload(user);
        requireTaskId(id);
        return show(user, id, model, Map.of(), null, null);
    }

    @PostMapping("/tasks/{id}/{action}")
    String change(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("action") String actionValue,
            @RequestParam(name = "version", required = false) String version,
            @RequestParam(name = "reason", required = false) String reason,
            @RequestParam(name = "organisation", required = false) String organisation,
            @RequestParam(name = "returnTo", required = false) String returnTo,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        TaskPages.requireCaseload(user);
        requireTaskId(id);
        TaskAction action = TaskAction.of(actionValue)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such action"));
        if (version == null || !version.matches("[0-9]{1,18}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the form carries no version");
        }
        String stripped = reason == null ? "" : reason.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (action.needsReason() && stripped.isEmpty()) {
            errors.put(fieldId(action, "reason"), missingReason(action));
        } else if (stripped.length() > TaskAction.LONGEST_REASON) {
            errors.put(
                    fieldId(action, "reason"),
                    "Enter " + TaskAction.LONGEST_REASON + " characters or fewer (you entered " + stripped.length()
                            + ")");
        }
        if (action == TaskAction.HAND_ON && (organisation == null || !organisation.matches("[A-Za-z0-9\\-.]{1,64}"))) {
            errors.put(fieldId(action, "organisation"), "Select the organisation to hand the task to");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(user, id, model, errors, null, new Submitted(action.value(), reason, organisation, returnTo));
        }
        try {
            work.change(
                    user,
                    new TaskChange(id, version, action, stripped, action == TaskAction.HAND_ON ? organisation : null));
        } catch (TaskNotChangedException e) {
            response.setStatus(e.why().status());
            if (e.why() == TaskNotChangedException.Why.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage(), e);
            }
            return show(
                    user,
                    id,
                    model,
                    Map.of(),
                    e.getMessage(),
                    new Submitted(action.value(), reason, organisation, returnTo));
        }
        redirect.addFlashAttribute("changed", action.done());
        String taskPage = "/tasks/" + id;
        String back = TaskPages.safeReturn(returnTo, taskPage);
        boolean mayEndCare = action.closes() || action == TaskAction.HAND_ON;
        if (back.equals(taskPage) && mayEndCare) {
            // The user's organisation may no longer be involved with the person: back to the board.
            back = "/tasks";
        } else if (back.startsWith(PERSON_PAGE)
                && mayEndCare
                && !work.stillShowsPerson(user, back.substring(PERSON_PAGE.length()))) {
            // The change ended the user's care relationship: the person's page would be a 403.
            redirect.addFlashAttribute("leftCaseload", LEFT_CASELOAD);
            back = "/tasks";
        }
        return "redirect:" + back;
    }

    /**
     * What the user filled in, to show the form again as it was, and the page they came from (a
     * person's page), to return to once the change is made.
     */
    record Submitted(String action, String reason, String organisation, String returnTo) {}

    private String show(
            CurrentUser user, String id, Model model, Map<String, String> errors, String problem, Submitted submitted) {
        model.addAttribute("detail", work.taskFor(user, id));
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("submitted", submitted == null ? new Submitted("", "", "", null) : submitted);
        model.addAttribute("returnTo", submitted == null ? null : TaskPages.safeReturn(submitted.returnTo(), null));
        model.addAttribute("actions", TaskAction.values());
        return "tasks/task";
    }

    static String fieldId(TaskAction action, String field) {
        return action.value() + "-" + field;
    }

    private static String missingReason(TaskAction action) {
        return switch (action) {
            case COMPLETE -> "Enter an outcome note: what was done";
            case HAND_ON -> "Enter why you are handing the task on";
            case ESCALATE -> "Enter why the task is more urgent";
            case SEND_BACK -> "Enter why you are sending the task back";
            case DECLINE -> "Enter why you are declining the task";
            case CLAIM -> "Enter a reason";
        };
    }

    private static void requireTaskId(String id) {
        if (!TaskPages.RESOURCE_ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "not a task id");
        }
    }
}
