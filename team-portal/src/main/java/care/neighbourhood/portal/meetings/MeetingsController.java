package care.neighbourhood.portal.meetings;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Team meetings ({@code /meetings}): the user's meetings, scheduling one with its attendees and the
 * people to discuss, a meeting's agenda as far as the user may see it, recording its discussions and
 * decisions, and a summary to print. For members of the team who care for people.
 */
@Controller
class MeetingsController {

    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final Meetings meetings;
    private final Clock clock;

    MeetingsController(Meetings meetings, Clock clock) {
        this.meetings = meetings;
        this.clock = clock;
    }

    @GetMapping("/meetings")
    String list(CurrentUser user, Model model) {
        requireCaseload(user);
        model.addAttribute("meetings", meetings.meetingsOf(user));
        return "meetings/list";
    }

    @GetMapping("/meetings/new")
    String newMeeting(CurrentUser user, Model model) {
        requireCaseload(user);
        return scheduleForm(user, ScheduleForm.blank(), null, model);
    }

    @PostMapping("/meetings")
    String schedule(
            CurrentUser user,
            @RequestParam(name = "title", required = false) String title,
            @RequestParam(name = "date", required = false) String date,
            @RequestParam(name = "time", required = false) String time,
            @RequestParam(name = "minutes", required = false) String minutes,
            @RequestParam(name = "attendee", required = false) List<String> attendees,
            @RequestParam(name = "people", required = false) String people,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user);
        ScheduleForm form = new ScheduleForm(title, date, time, minutes, attendees, people);
        MeetingChoices choices = meetings.choices(user);
        MeetingPlan plan = form.check(choices, LocalDate.now(clock));
        if (plan == null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return scheduleForm(user, form, choices, model);
        }
        try {
            String id = meetings.schedule(user, plan);
            redirect.addFlashAttribute("meetingSaved", "The meeting was scheduled.");
            return "redirect:/meetings/" + id;
        } catch (MeetingNotSavedException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("problem", e.getMessage());
            return scheduleForm(user, form, choices, model);
        }
    }

    @GetMapping("/meetings/{id}")
    String meeting(CurrentUser user, @PathVariable("id") String id, Model model) {
        requireCaseload(user);
        model.addAttribute("meeting", meetings.meeting(user, wellFormed(id)));
        return "meetings/meeting";
    }

    @GetMapping("/meetings/{id}/summary")
    String summary(CurrentUser user, @PathVariable("id") String id, Model model) {
        requireCaseload(user);
        model.addAttribute("meeting", meetings.meeting(user, wellFormed(id)));
        return "meetings/summary";
    }

    @GetMapping("/meetings/{id}/record")
    String outcomeForm(CurrentUser user, @PathVariable("id") String id, Model model) {
        requireCaseload(user);
        Meeting meeting = meetings.meeting(user, wellFormed(id));
        return outcomeForm(user, meeting, OutcomeForm.of(meeting), Map.of(), null, model);
    }

    @PostMapping("/meetings/{id}/record")
    String recordOutcome(
            CurrentUser user,
            @PathVariable("id") String id,
            @ModelAttribute("form") OutcomeForm form,
            @RequestParam(name = "action", required = false) String action,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireCaseload(user);
        Meeting meeting = meetings.meeting(user, wellFormed(id));
        if (action != null && action.startsWith("add:")) {
            form.addDecisionTo(action.substring("add:".length()));
            return outcomeForm(user, meeting, form, Map.of(), null, model);
        }
        MeetingChoices choices = meetings.choices(user);
        Map<String, String> errors = OutcomeForm.problems();
        List<Discussion> discussions = form.check(meeting, choices, LocalDate.now(clock), errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return outcomeForm(user, meeting, form, errors, null, model);
        }
        try {
            int tasks = meetings.recordOutcome(user, id, discussions);
            redirect.addFlashAttribute(
                    "meetingSaved",
                    "The discussion of " + people(discussions.size()) + " was recorded"
                            + (tasks == 0
                                    ? "."
                                    : ", and " + tasks
                                            + (tasks == 1 ? " decision is now a task" : " decisions are now tasks")
                                            + " on the owners' boards."));
            return "redirect:/meetings/" + id;
        } catch (MeetingNotSavedException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            Meeting now = meetings.meeting(user, id);
            return outcomeForm(user, now, form, Map.of(), e.getMessage(), model);
        }
    }

    private String scheduleForm(CurrentUser user, ScheduleForm form, MeetingChoices choices, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", form.getErrors());
        model.addAttribute("choices", choices == null ? meetings.choices(user) : choices);
        model.addAttribute("lengths", ScheduleForm.LENGTHS);
        model.addAttribute("mostPeople", ScheduleForm.MOST_PEOPLE);
        return "meetings/new";
    }

    private String outcomeForm(
            CurrentUser user,
            Meeting meeting,
            OutcomeForm form,
            Map<String, String> errors,
            String problem,
            Model model) {
        model.addAttribute("meeting", meeting);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("choices", meetings.choices(user));
        model.addAttribute("mostDecisions", OutcomeForm.MOST_DECISIONS);
        return "meetings/record";
    }

    private static String people(int count) {
        return count == 1 ? "1 person" : count + " people";
    }

    private static String wellFormed(String id) {
        if (!RESOURCE_ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such meeting");
        }
        return id;
    }

    private static void requireCaseload(CurrentUser user) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role", "Team meetings are for members of the neighbourhood team who care for people.");
        }
    }
}
