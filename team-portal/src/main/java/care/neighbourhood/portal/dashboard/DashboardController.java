package care.neighbourhood.portal.dashboard;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /dashboard}: the team's own figures, for members of the team who have a caseload. */
@Controller
class DashboardController {

    private final TeamDashboards dashboards;
    private final BarCharts charts;

    DashboardController(TeamDashboards dashboards, BarCharts charts) {
        this.dashboards = dashboards;
        this.charts = charts;
    }

    @GetMapping("/dashboard")
    String dashboard(CurrentUser user, Model model) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role",
                    "The team dashboard is for members of the neighbourhood team who care for people.");
        }
        TeamFigures figures = dashboards.figuresFor(user);
        model.addAttribute("figures", figures);
        model.addAttribute(
                "caseloadChart",
                charts.horizontal(
                                "People on each organisation's caseload",
                                figures.organisations().stream()
                                        .map(o -> new BarCharts.Bar(o.name(), o.people()))
                                        .toList())
                        .orElse(null));
        return "dashboard/dashboard";
    }
}
