package care.neighbourhood.portal.emergency;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Finding a person who may not be on the user's caseload, and emergency access to them: the search
 * ({@code /find-person}), the page that explains the rule and asks for the reason ({@code
 * /emergency-access/{id}}, GET), and the request itself (POST, then the person's page). For staff with
 * a caseload role only; the FHIR server decides and audits every step.
 */
@Controller
class EmergencyAccessController {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    static final int LONGEST_REASON = 1000;

    private final EmergencyAccess emergencyAccess;
    private final EmergencyAccessSession session;
    private final Clock clock;
    private final Duration duration;

    EmergencyAccessController(
            EmergencyAccess emergencyAccess,
            EmergencyAccessSession session,
            Clock clock,
            @Value("${workspace.emergency-access.duration:PT4H}") Duration duration) {
        this.emergencyAccess = emergencyAccess;
        this.session = session;
        this.clock = clock;
        this.duration = duration;
    }

    @GetMapping("/find-person")
    String find(
            CurrentUser user,
            @RequestParam(name = "nhs-number", required = false) String nhsNumber,
            @RequestParam(name = "family", required = false) String family,
            @RequestParam(name = "given", required = false) String given,
            @RequestParam(name = "birth-date-day", required = false) String day,
            @RequestParam(name = "birth-date-month", required = false) String month,
            @RequestParam(name = "birth-date-year", required = false) String year,
            Model model) {
        requireCareStaff(user);
        PersonLookUp query = new PersonLookUp(nhsNumber, family, given, day, month, year);
        model.addAttribute("query", query);
        model.addAttribute("errors", List.of());
        if (query.isEmpty()) {
            return "emergency/find";
        }
        List<FormProblem> problems = query.problems(LocalDate.now(clock.withZone(EmergencyAccessSession.LONDON)));
        if (!problems.isEmpty()) {
            model.addAttribute("errors", problems);
            return "emergency/find";
        }
        try {
            List<FoundPerson> found = emergencyAccess.lookUp(query);
            session.rememberFound(found);
            model.addAttribute("found", found);
        } catch (EmergencyAccessRefused e) {
            model.addAttribute(
                    "errors",
                    List.of(
                            e.tooManyMatches()
                                    ? new FormProblem(
                                            query.byNhsNumber() ? "nhs-number" : "given",
                                            "More than 5 people match: add their first name, or search by NHS number")
                                    : new FormProblem(
                                            query.byNhsNumber() ? "nhs-number" : "family",
                                            "The shared care record could not search for these details")));
        }
        return "emergency/find";
    }

    @GetMapping("/emergency-access/{id}")
    String explain(CurrentUser user, @PathVariable("id") String personId, Model model) {
        requireCareStaff(user);
        if (!FHIR_ID.matcher(personId).matches() || session.found(personId).isEmpty()) {
            return "redirect:/find-person";
        }
        return showRequest(model, session.found(personId).get(), "", List.of());
    }

    @PostMapping("/emergency-access/{id}")
    String request(
            CurrentUser user,
            @PathVariable("id") String personId,
            @RequestParam(name = "reason", required = false) String reason,
            Model model) {
        requireCareStaff(user);
        if (!FHIR_ID.matcher(personId).matches() || session.found(personId).isEmpty()) {
            return "redirect:/find-person";
        }
        FoundPerson person = session.found(personId).get();
        String given = reason == null ? "" : reason.strip();
        if (given.isEmpty()) {
            return showRequest(
                    model, person, "", List.of(new FormProblem("reason", "Enter why you need emergency access")));
        }
        if (given.length() > LONGEST_REASON) {
            return showRequest(
                    model,
                    person,
                    given,
                    List.of(new FormProblem("reason", "Enter a reason of " + LONGEST_REASON + " characters or fewer")));
        }
        Instant ends;
        try {
            ends = emergencyAccess.request(personId, given);
        } catch (EmergencyAccessRefused e) {
            return showRequest(
                    model,
                    person,
                    given,
                    List.of(new FormProblem(
                            "reason",
                            "The shared care record did not accept the request: check the reason and try again")));
        }
        session.rememberGrant(personId, ends);
        return "redirect:/people/" + personId;
    }

    private String showRequest(Model model, FoundPerson person, String reason, List<FormProblem> errors) {
        model.addAttribute("person", person);
        model.addAttribute("reason", reason);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "hours",
                duration.toMinutes() % 60 == 0
                        ? duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours")
                        : duration.toMinutes() + " minutes");
        return "emergency/request";
    }

    private static void requireCareStaff(CurrentUser user) {
        if (!user.hasCaseload()) {
            throw new RoleRequiredException(
                    "a caseload role",
                    "Finding people and emergency access are for members of the neighbourhood team who care for people.");
        }
    }
}
