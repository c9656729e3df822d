package care.neighbourhood.portal.caseload;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The first page after login: everyone on the signed-in user's caseload, with their task counts,
 * filters, an order and pages. Information-governance officers and workspace administrators have no
 * caseload; their start pages are the audit reports and the directory.
 */
@Controller
class CaseloadController {

    private final CaseloadService caseloads;

    CaseloadController(CaseloadService caseloads) {
        this.caseloads = caseloads;
    }

    @GetMapping("/")
    String caseload(
            CurrentUser user,
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(name = "tasks", defaultValue = "all") String tasks,
            @RequestParam(name = "sort", defaultValue = "name") String sort,
            @RequestParam(name = "page", defaultValue = "1") String page,
            Model model) {
        if (!user.hasCaseload() && user.isIgOfficer()) {
            return "redirect:/audit";
        }
        if (!user.hasCaseload() && user.isWorkspaceAdmin()) {
            return "redirect:/directory";
        }
        if (!user.hasCaseload() && (user.isPerson() || user.isCarer())) {
            return "redirect:/my/plan";
        }
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a care role", "The caseload is for members of the neighbourhood team who care for people.");
        }
        CaseloadQuery query = query(text, tasks, sort, page);
        model.addAttribute("caseload", caseloads.pageFor(user, query));
        model.addAttribute("taskFilters", TaskFilter.values());
        model.addAttribute("sorts", CaseloadSort.values());
        return "caseload/caseload";
    }

    /** The query the URL asks for; a value no form of the page produces is a bad request. */
    private static CaseloadQuery query(String text, String tasks, String sort, String page) {
        if (text != null && text.length() > CaseloadQuery.MAX_TEXT) {
            throw badRequest("the text to look for is too long");
        }
        int pageNumber;
        try {
            pageNumber = Integer.parseInt(page.strip());
        } catch (NumberFormatException e) {
            throw badRequest("the page is not a number");
        }
        return new CaseloadQuery(
                text,
                TaskFilter.of(tasks).orElseThrow(() -> badRequest("unknown task filter")),
                CaseloadSort.of(sort).orElseThrow(() -> badRequest("unknown order")),
                pageNumber);
    }

    private static ResponseStatusException badRequest(String why) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, why);
    }
}
