package care.neighbourhood.portal.caseload;

import care.neighbourhood.portal.security.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page after login: the signed-in user's caseload. Information-governance officers have no
 * caseload; their start page is the audit reports.
 */
@Controller
class CaseloadController {

    private final CaseloadService caseloads;

    CaseloadController(CaseloadService caseloads) {
        this.caseloads = caseloads;
    }

    @GetMapping("/")
    String caseload(CurrentUser user, Model model) {
        if (user.isIgOfficer() && !user.hasCaseload()) {
            return "redirect:/audit";
        }
        model.addAttribute("caseload", caseloads.caseloadFor(user));
        return "caseload/caseload";
    }
}
