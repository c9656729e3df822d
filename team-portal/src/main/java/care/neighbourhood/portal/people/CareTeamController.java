package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The care team page ({@code /people/{id}/care-team}): who is in the person's care team, and, for the
 * roles the sharing agreement lets change a care team, adding a member and ending a membership. The
 * page says that this changes who may see the record, and after saving says who now may and who no
 * longer may. A change someone else saved first is never overwritten: the page shows the team as it
 * now is and keeps what the user entered.
 */
@Controller
class CareTeamController {

    static final String LONGEST_REASON_WORDS = "500 characters";
    private static final int LONGEST_REASON = 500;
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private final CareTeams careTeams;
    private final Clock clock;

    CareTeamController(CareTeams careTeams, Clock clock) {
        this.careTeams = careTeams;
        this.clock = clock;
    }

    @GetMapping("/people/{id}/care-team")
    String careTeam(CurrentUser user, @PathVariable("id") String id, Model model) {
        requireCaseload(user, id);
        return show(user, id, model, Map.of(), null, Submitted.NOTHING);
    }

    @PostMapping("/people/{id}/care-team/add")
    String add(
            CurrentUser user,
            @PathVariable("id") String id,
            @RequestParam(name = "team", required = false) String team,
            @RequestParam(name = "version", required = false) String version,
            @RequestParam(name = "member", required = false) String member,
            @RequestParam(name = "role", required = false) String role,
            @RequestParam(name = "start", required = false) String start,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        requireWellFormed(team, version);
        Submitted submitted = new Submitted(member, role, start, null, null, null);
        CareTeamPage page = careTeams.teamOf(user, id);
        requireMayChange(page);
        Map<String, String> errors = new LinkedHashMap<>();
        if (member == null || page.choices().stream().noneMatch(c -> c.value().equals(member))) {
            errors.put("add-member", "Select who to add to the care team");
        }
        if (role == null || page.roles().stream().noneMatch(c -> c.value().equals(role))) {
            errors.put("add-role", "Select their role in the care team");
        }
        LocalDate from = date(start, "add-start", "the day they join the care team", errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(page, model, errors, null, submitted);
        }
        return saved(
                user,
                id,
                () -> careTeams.add(user, id, new CareTeams.NewMember(team, version, member, role, from)),
                model,
                redirect,
                response,
                submitted);
    }

    @PostMapping("/people/{id}/care-team/end")
    String end(
            CurrentUser user,
            @PathVariable("id") String id,
            @RequestParam(name = "team", required = false) String team,
            @RequestParam(name = "version", required = false) String version,
            @RequestParam(name = "index", required = false) String index,
            @RequestParam(name = "member", required = false) String member,
            @RequestParam(name = "end", required = false) String end,
            @RequestParam(name = "reason", required = false) String reason,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user, id);
        requireWellFormed(team, version);
        if (index == null || !index.matches("[0-9]{1,4}") || member == null || member.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a membership of the team");
        }
        int place = Integer.parseInt(index);
        Submitted submitted = new Submitted(null, null, null, place, end, reason);
        CareTeamPage page = careTeams.teamOf(user, id);
        requireMayChange(page);
        Map<String, String> errors = new LinkedHashMap<>();
        String prefix = "end-" + place;
        LocalDate until = date(end, prefix + "-end", "the last day of their membership", errors);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            errors.put(prefix + "-reason", "Enter why the membership ends");
        } else if (why.length() > LONGEST_REASON) {
            errors.put(prefix + "-reason", "The reason must be " + LONGEST_REASON_WORDS + " or fewer");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(page, model, errors, null, submitted);
        }
        return saved(
                user,
                id,
                () -> careTeams.end(user, id, new CareTeams.EndedMembership(team, version, place, member, until, why)),
                model,
                redirect,
                response,
                submitted);
    }

    private String saved(
            CurrentUser user,
            String id,
            java.util.function.Supplier<CareTeamChange> change,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response,
            Submitted submitted) {
        CareTeamChange done;
        try {
            done = change.get();
        } catch (CareTeamNotChangedException e) {
            response.setStatus(e.why().status());
            return show(user, id, model, Map.of(), e.getMessage(), submitted);
        }
        redirect.addFlashAttribute("careTeamChange", done);
        if (!done.userStillSeesPerson()) {
            return "redirect:/";
        }
        return "redirect:/people/" + id + "/care-team";
    }

    private String show(
            CurrentUser user, String id, Model model, Map<String, String> errors, String problem, Submitted submitted) {
        return show(careTeams.teamOf(user, id), model, errors, problem, submitted);
    }

    private String show(
            CareTeamPage page, Model model, Map<String, String> errors, String problem, Submitted submitted) {
        model.addAttribute("team", page);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("submitted", submitted);
        model.addAttribute("today", LocalDate.now(clock).toString());
        model.addAttribute("longestReason", LONGEST_REASON);
        return "people/care-team";
    }

    private static void requireCaseload(CurrentUser user, String id) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role", "Care teams are for members of the neighbourhood team who care for people.");
        }
        if (!RESOURCE_ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "not a person id");
        }
    }

    private static void requireWellFormed(String team, String version) {
        if (team == null
                || !RESOURCE_ID.matcher(team).matches()
                || version == null
                || !VERSION.matcher(version).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a care team version");
        }
    }

    private static void requireMayChange(CareTeamPage page) {
        if (!page.mayChange()) {
            throw new RoleRequiredException(
                    page.changeRoles().isEmpty() ? "a role that may change care teams" : page.changeRoles(),
                    "The data-sharing agreement lets only some roles change who is in a care team.");
        }
    }

    private static LocalDate date(String text, String field, String what, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            errors.put(field, "Enter " + what);
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text.strip());
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                errors.put(field, "Enter " + what + " as a real date");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.put(field, "Enter " + what + " as a real date, for example 2026-11-28");
            return null;
        }
    }

    /** What the user entered, shown again when the page comes back with a problem. */
    record Submitted(String member, String role, String start, Integer index, String end, String reason) {
        static final Submitted NOTHING = new Submitted(null, null, null, null, null, null);
    }
}
