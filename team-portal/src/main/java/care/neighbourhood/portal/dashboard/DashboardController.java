package care.neighbourhood.portal.dashboard;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /dashboard}: the team's own figures, for members of the team who have a caseload. */
@Controller
class DashboardController {

    private final TeamDashboards dashboards;
    private final BarCharts charts;
    private final Clock clock;

    DashboardController(TeamDashboards dashboards, BarCharts charts, Clock clock) {
        this.dashboards = dashboards;
        this.charts = charts;
        this.clock = clock;
    }

    @GetMapping("/dashboard")
    String dashboard(
            CurrentUser user,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            Model model) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role",
                    "The team dashboard is for members of the neighbourhood team who care for people.");
        }
        DashboardPeriod.Asked asked = DashboardPeriod.asked(from, to, LocalDate.now(clock));
        TeamFigures figures = dashboards.figuresFor(user, asked.period());
        model.addAttribute("figures", figures);
        model.addAttribute("periodError", asked.error());
        model.addAttribute("fromField", asked.error() == null ? figures.period().from() : from);
        model.addAttribute("toField", asked.error() == null ? figures.period().to() : to);
        model.addAttribute(
                "caseloadChart",
                charts.horizontal(
                                "People on each organisation's caseload",
                                figures.organisations().stream()
                                        .map(o -> new BarCharts.Bar(o.name(), o.people()))
                                        .toList())
                        .orElse(null));
        model.addAttribute(
                "handOffsChart",
                charts.horizontal(
                                "Tasks handed from one sector to another in the period",
                                figures.handOffsByDirection().entrySet().stream()
                                        .map(direction -> new BarCharts.Bar(direction.getKey(), direction.getValue()))
                                        .toList())
                        .orElse(null));
        return "dashboard/dashboard";
    }
}
