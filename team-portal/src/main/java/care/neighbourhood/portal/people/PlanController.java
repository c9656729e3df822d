package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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
 * The plan page ({@code /people/{id}/plan}): the person's Individual Plan edited together. Goals in
 * the person's words, with who agreed them; activities, each owned by an organisation, with a status
 * and a due date; an activity given to another organisation becomes a Task on its triage board. Every
 * change names the version the user saw: when someone else saved first, the page shows what is saved
 * now beside what the user wrote, and keeps what the user wrote in the form.
 */
@Controller
class PlanController {

    static final int LONGEST_TEXT = 500;
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private final Plans plans;

    PlanController(Plans plans) {
        this.plans = plans;
    }

    @GetMapping("/people/{id}/plan")
    String plan(CurrentUser user, @PathVariable("id") String id, Model model) {
        requireCaseload(user, id);
        return show(plans.planOf(user, id), model, Map.of(), null, Map.of());
    }

    @PostMapping("/people/{id}/plan/goals")
    String addGoal(
            CurrentUser user,
            @PathVariable("id") String id,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        PlanPage page = plans.planOf(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String text = text(form.get("text"), "goal-text", "the goal", errors);
        String agreedBy = form.get("agreedBy");
        if (agreedBy == null
                || page.agreedBy().stream().noneMatch(c -> c.value().equals(agreedBy))) {
            errors.put("goal-agreed-by", "Select who agreed the goal");
        }
        return saveOrShow(
                user,
                page,
                form,
                errors,
                model,
                redirect,
                response,
                () -> plans.addGoal(
                        user,
                        id,
                        new Plans.NewGoal(
                                wellFormed(form.get("plan"), RESOURCE_ID),
                                wellFormed(form.get("version"), VERSION),
                                text,
                                "yes".equals(form.get("whatMattersToMe")),
                                agreedBy)));
    }

    @PostMapping("/people/{id}/plan/goals/{goal}/change")
    String changeGoal(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("goal") String goal,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        wellFormed(goal, RESOURCE_ID);
        PlanPage page = plans.planOf(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String text = text(form.get("text"), "goal-" + goal + "-text", "the goal", errors);
        return saveOrShow(
                user,
                page,
                form,
                errors,
                model,
                redirect,
                response,
                () -> plans.changeGoal(
                        user, id, new Plans.GoalChange(goal, wellFormed(form.get("version"), VERSION), text)));
    }

    @PostMapping("/people/{id}/plan/goals/{goal}/close")
    String closeGoal(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("goal") String goal,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        wellFormed(goal, RESOURCE_ID);
        PlanPage page = plans.planOf(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String outcome = form.get("outcome");
        if (!"achieved".equals(outcome) && !"not-wanted".equals(outcome)) {
            errors.put("goal-" + goal + "-outcome", "Select whether the goal was met");
        }
        return saveOrShow(
                user,
                page,
                form,
                errors,
                model,
                redirect,
                response,
                () -> plans.closeGoal(
                        user,
                        id,
                        new Plans.GoalClosure(
                                goal, wellFormed(form.get("version"), VERSION), "achieved".equals(outcome))));
    }

    @PostMapping("/people/{id}/plan/activities")
    String addActivity(
            CurrentUser user,
            @PathVariable("id") String id,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        PlanPage page = plans.planOf(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String what = text(form.get("what"), "activity-what", "what will be done", errors);
        String organisation = organisation(page, form.get("organisation"), "activity-organisation", errors);
        LocalDate due = date(form.get("due"), "activity-due", errors);
        String goal = form.get("goal");
        String servedGoal = goal == null || goal.isBlank() ? null : goal;
        if (servedGoal != null && page.goals().stream().noneMatch(g -> g.id().equals(servedGoal))) {
            errors.put("activity-goal", "Select a goal of this plan, or none");
        }
        return saveOrShow(
                user,
                page,
                form,
                errors,
                model,
                redirect,
                response,
                () -> plans.addActivity(
                        user,
                        id,
                        new Plans.NewActivity(
                                wellFormed(form.get("plan"), RESOURCE_ID),
                                wellFormed(form.get("version"), VERSION),
                                what,
                                organisation,
                                due,
                                servedGoal)));
    }

    @PostMapping("/people/{id}/plan/activities/{index}/change")
    String changeActivity(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("index") int index,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        PlanPage page = plans.planOf(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String status = form.get("status");
        if (status == null
                || page.activityStatuses().stream().noneMatch(c -> c.value().equals(status))) {
            errors.put("activity-" + index + "-status", "Select the activity's status");
        }
        String dueText = form.get("due");
        LocalDate due =
                dueText == null || dueText.isBlank() ? null : date(dueText, "activity-" + index + "-due", errors);
        return saveOrShow(
                user,
                page,
                form,
                errors,
                model,
                redirect,
                response,
                () -> plans.changeActivity(
                        user,
                        id,
                        new Plans.ActivityChange(
                                wellFormed(form.get("plan"), RESOURCE_ID),
                                wellFormed(form.get("version"), VERSION),
                                index,
                                status,
                                due)));
    }

    @PostMapping("/people/{id}/plan/activities/{index}/assign")
    String assignActivity(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("index") int index,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        PlanPage page = plans.planOf(user, id);
        Map<String, String> errors = new LinkedHashMap<>();
        String organisation =
                organisation(page, form.get("organisation"), "activity-" + index + "-organisation", errors);
        String reason = text(
                form.get("reason"), "activity-" + index + "-reason", "what the organisation is asked to do", errors);
        return saveOrShow(
                user,
                page,
                form,
                errors,
                model,
                redirect,
                response,
                () -> plans.assignActivity(
                        user,
                        id,
                        new Plans.ActivityAssignment(
                                wellFormed(form.get("plan"), RESOURCE_ID),
                                wellFormed(form.get("version"), VERSION),
                                index,
                                organisation,
                                reason)));
    }

    @PostMapping("/people/{id}/plan/goals/{goal}/up")
    String moveGoalUp(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("goal") String goal,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        Plans.Move move = new Plans.Move(
                wellFormed(form.get("plan"), RESOURCE_ID),
                wellFormed(form.get("version"), VERSION),
                wellFormed(goal, RESOURCE_ID),
                wellFormed(form.get("above"), RESOURCE_ID));
        return saveOrShow(
                user,
                plans.planOf(user, id),
                form,
                Map.of(),
                model,
                redirect,
                response,
                () -> plans.moveGoalUp(user, id, move));
    }

    @PostMapping("/people/{id}/plan/activities/{index}/up")
    String moveActivityUp(
            CurrentUser user,
            @PathVariable("id") String id,
            @PathVariable("index") int index,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        Plans.Move move = new Plans.Move(
                wellFormed(form.get("plan"), RESOURCE_ID),
                wellFormed(form.get("version"), VERSION),
                String.valueOf(index),
                null);
        return saveOrShow(
                user,
                plans.planOf(user, id),
                form,
                Map.of(),
                model,
                redirect,
                response,
                () -> plans.moveActivityUp(user, id, move));
    }

    private String saveOrShow(
            CurrentUser user,
            PlanPage page,
            Map<String, String> form,
            Map<String, String> errors,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response,
            Supplier<String> change) {
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(page, model, errors, null, form);
        }
        try {
            redirect.addFlashAttribute("planSaved", change.get());
        } catch (PlanNotChangedException e) {
            response.setStatus(e.why().status());
            model.addAttribute("theirs", e.theirs());
            model.addAttribute("yours", e.yours());
            return show(plans.planOf(user, page.personId()), model, Map.of(), e.getMessage(), form);
        }
        return "redirect:/people/" + page.personId() + "/plan";
    }

    private static String show(
            PlanPage page, Model model, Map<String, String> errors, String problem, Map<String, String> form) {
        model.addAttribute("plan", page);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("form", form);
        model.addAttribute("longestText", LONGEST_TEXT);
        return "people/plan";
    }

    private static String text(String value, String field, String what, Map<String, String> errors) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            errors.put(field, "Enter " + what);
        } else if (text.length() > LONGEST_TEXT) {
            errors.put(field, "Keep " + what + " to " + LONGEST_TEXT + " characters or fewer");
        }
        return text;
    }

    private static String organisation(PlanPage page, String value, String field, Map<String, String> errors) {
        if (value == null
                || page.organisations().stream().noneMatch(c -> c.value().equals(value))) {
            errors.put(field, "Select an organisation of the neighbourhood");
            return null;
        }
        return value;
    }

    private static LocalDate date(String text, String field, Map<String, String> errors) {
        try {
            LocalDate date = LocalDate.parse(text == null ? "" : text.strip());
            if (date.getYear() >= 2000 && date.getYear() <= 2100) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // told below
        }
        errors.put(field, "Enter the due date as a real date, for example 2026-12-14");
        return null;
    }

    private static String wellFormed(String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a record or version");
        }
        return value;
    }

    private static void requireCaseload(CurrentUser user, String id) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role",
                    "Individual Plans are for members of the neighbourhood team who care for people.");
        }
        if (!RESOURCE_ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "not a person id");
        }
    }
}
