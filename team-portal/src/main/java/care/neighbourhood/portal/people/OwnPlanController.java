package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Your plan" ({@code /my/plan}): the Individual Plan as the person reads it, in plain words, with
 * the next steps the team has open and what is not shown here; they (or a carer they have asked to
 * help) add what matters to them. A carer the person has not
 * shared their record with is told so. The FHIR server decides what is shown and what may be added.
 */
@Controller
class OwnPlanController {

    static final int LONGEST_TEXT = 500;
    static final String ONLY_FOR_PEOPLE =
            "These pages are for the people the neighbourhood team supports and their carers.";

    private final OwnRecords records;
    private final Plans plans;
    private final PersonRecords personRecords;

    OwnPlanController(OwnRecords records, Plans plans, PersonRecords personRecords) {
        this.records = records;
        this.plans = plans;
        this.personRecords = personRecords;
    }

    @GetMapping("/my/plan")
    String plan(CurrentUser user, Model model) {
        Optional<String> person = personOf(user, model);
        if (person.isEmpty()) {
            return "people/own-plan";
        }
        PersonRecord record = personRecords.recordOf(user, person.get());
        model.addAttribute("nextSteps", record.openTasks());
        model.addAttribute("withheld", record.withheld());
        return show(plans.planOf(user, person.get()), model, "", null);
    }

    @PostMapping("/my/plan/what-matters")
    String addWhatMatters(
            CurrentUser user,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Optional<String> person = personOf(user, model);
        if (person.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return "people/own-plan";
        }
        PlanPage page = plans.planOf(user, person.get());
        String text = form.getOrDefault("text", "").strip();
        if (text.isEmpty() || text.length() > LONGEST_TEXT) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return show(
                    page,
                    model,
                    text,
                    text.isEmpty()
                            ? "Write what matters, in your own words"
                            : "Write no more than " + LONGEST_TEXT + " characters");
        }
        if (!page.hasPlan()) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return show(page, model, text, "The team has not started the plan yet, so there is nothing to add to");
        }
        try {
            plans.addGoal(
                    user,
                    person.get(),
                    new Plans.NewGoal(page.planId(), page.planVersion(), text, true, user.practitionerReference()));
        } catch (PlanNotChangedException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return show(
                    plans.planOf(user, person.get()),
                    model,
                    text,
                    "Someone in the team changed the plan just now. Check it, then add this again");
        }
        redirect.addFlashAttribute("saved", "Added to the plan. The care team will see it.");
        return "redirect:/my/plan";
    }

    @PostMapping("/my/plan/what-matters/{goal}")
    String reword(
            CurrentUser user,
            @org.springframework.web.bind.annotation.PathVariable("goal") String goal,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Optional<String> person = personOf(user, model);
        if (person.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return "people/own-plan";
        }
        PlanPage page = plans.planOf(user, person.get());
        PlanPage.Goal theirs = page.goals().stream()
                .filter(g -> g.whatMattersToMe() && g.id().equals(goal))
                .findFirst()
                .orElse(null);
        String text = form.getOrDefault("text", "").strip();
        String problem = theirs == null
                ? "That is not one of the things that matter to you in this plan"
                : text.isEmpty()
                        ? "Write what matters, in your own words"
                        : text.length() > LONGEST_TEXT ? "Write no more than " + LONGEST_TEXT + " characters" : null;
        if (problem != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return show(page, model, "", problem);
        }
        try {
            plans.changeGoal(user, person.get(), new Plans.GoalChange(goal, form.getOrDefault("version", ""), text));
        } catch (PlanNotChangedException e) {
            response.setStatus(e.why().status());
            return show(plans.planOf(user, person.get()), model, "", e.getMessage());
        }
        redirect.addFlashAttribute("saved", "Your words were saved. The care team will see them.");
        return "redirect:/my/plan";
    }

    @PostMapping("/my/plan/activities/{index}/comment")
    String comment(
            CurrentUser user,
            @org.springframework.web.bind.annotation.PathVariable("index") int index,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Optional<String> person = personOf(user, model);
        if (person.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return "people/own-plan";
        }
        PlanPage page = plans.planOf(user, person.get());
        String text = form.getOrDefault("text", "").strip();
        boolean known = page.activities().stream().anyMatch(a -> a.index() == index);
        String problem = !known
                ? "That activity is not in the plan"
                : text.isEmpty()
                        ? "Write your comment"
                        : text.length() > LONGEST_TEXT ? "Write no more than " + LONGEST_TEXT + " characters" : null;
        if (problem != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return show(page, model, "", problem);
        }
        try {
            plans.commentOnActivity(
                    user, person.get(), new Plans.ActivityComment(page.planId(), page.planVersion(), index, text));
        } catch (PlanNotChangedException e) {
            response.setStatus(e.why().status());
            return show(plans.planOf(user, person.get()), model, "", e.getMessage());
        }
        redirect.addFlashAttribute("saved", "Your comment was added. The care team will see it.");
        return "redirect:/my/plan";
    }

    private Optional<String> personOf(CurrentUser user, Model model) {
        if (!user.isPerson() && !user.isCarer()) {
            throw new RoleRequiredException(CurrentUser.PERSON, ONLY_FOR_PEOPLE);
        }
        model.addAttribute("forThemself", user.isPerson());
        model.addAttribute("longestText", LONGEST_TEXT);
        Optional<String> person = records.personOf(user);
        model.addAttribute("nothingShared", person.isEmpty());
        return person;
    }

    private static String show(PlanPage page, Model model, String text, String problem) {
        List<PlanPage.Goal> whatMatters =
                page.goals().stream().filter(PlanPage.Goal::whatMattersToMe).toList();
        List<PlanPage.Goal> teamGoals =
                page.goals().stream().filter(goal -> !goal.whatMattersToMe()).toList();
        model.addAttribute("plan", page);
        model.addAttribute("whatMatters", whatMatters);
        model.addAttribute("teamGoals", teamGoals);
        model.addAttribute("text", text);
        model.addAttribute("problem", problem);
        model.addAttribute("longestText", LONGEST_TEXT);
        if (!model.containsAttribute("nextSteps")) {
            model.addAttribute("nextSteps", List.of());
            model.addAttribute("withheld", List.of());
        }
        return "people/own-plan";
    }
}
