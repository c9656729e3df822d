package care.neighbourhood.portal.people;

import care.neighbourhood.portal.csv.Csv;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Who has looked at your record" ({@code /my/access-log}): from the audit trail, every time staff,
 * systems or a carer looked at or changed the person's record in a period (the last three months
 * unless they choose), with who, their role and organisation, and why in plain words; emergency
 * accesses stand out, with the reason given and how to raise a concern; a CSV download of the same.
 * For the person only.
 */
@Controller
class OwnAccessLogController {

    static final int LONGEST_PERIOD_DAYS = 400;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final AccessLog log;
    private final Clock clock;
    private final String concerns;

    OwnAccessLogController(
            AccessLog log,
            Clock clock,
            @Value("${workspace.people.concerns:the information governance team of your GP practice, or any member"
                            + " of your care team}")
                    String concerns) {
        this.log = log;
        this.clock = clock;
        this.concerns = concerns;
    }

    @GetMapping("/my/access-log")
    String page(
            CurrentUser user,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            Model model,
            HttpServletResponse response) {
        String person = personOf(user);
        LocalDate last = LocalDate.now(clock.withZone(LONDON));
        LocalDate first = last.minusMonths(3);
        String problem = null;
        try {
            last = to == null || to.isBlank() ? last : LocalDate.parse(to.strip());
            first = from == null || from.isBlank() ? last.minusMonths(3) : LocalDate.parse(from.strip());
            if (first.isAfter(last)) {
                problem = "The start of the period must be before its end";
            } else if (first.plusDays(LONGEST_PERIOD_DAYS).isBefore(last)) {
                problem = "Choose a period of " + LONGEST_PERIOD_DAYS + " days or less";
            }
        } catch (DateTimeParseException e) {
            problem = "Enter the dates as they are shown, for example 2026-11-01";
        }
        model.addAttribute("concerns", concerns);
        if (problem != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", problem);
            model.addAttribute("from", from);
            model.addAttribute("to", to);
            model.addAttribute("log", null);
            return "people/own-access-log";
        }
        model.addAttribute("problem", null);
        model.addAttribute("from", first.toString());
        model.addAttribute("to", last.toString());
        model.addAttribute("log", log.logOf(user, person, first, last));
        return "people/own-access-log";
    }

    @GetMapping("/my/access-log.csv")
    ResponseEntity<String> csv(
            CurrentUser user, @RequestParam(name = "from") String from, @RequestParam(name = "to") String to) {
        String person = personOf(user);
        LocalDate first;
        LocalDate last;
        try {
            first = LocalDate.parse(from.strip());
            last = LocalDate.parse(to.strip());
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("Enter the dates as they are shown, for example 2026-11-01.");
        }
        if (first.isAfter(last) || first.plusDays(LONGEST_PERIOD_DAYS).isBefore(last)) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("Choose a period of " + LONGEST_PERIOD_DAYS + " days or less, its start before its end.");
        }
        Csv csv = new Csv().row("When", "Who", "Role", "Organisation", "What they did", "Why", "Reason given");
        for (AccessLog.Access access : log.logOf(user, person, first, last).accesses()) {
            csv.row(
                    access.when(),
                    access.who(),
                    access.role(),
                    access.organisation(),
                    access.what(),
                    access.why(),
                    access.emergencyReason());
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"who-has-looked-" + first + "-to-" + last + ".csv\"")
                .body(csv.toString());
    }

    private static String personOf(CurrentUser user) {
        if (!user.isPerson()) {
            throw new RoleRequiredException(
                    CurrentUser.PERSON, "Who has looked at a record is shown to the person themself only.");
        }
        String reference = user.practitionerReference();
        return reference.substring(reference.indexOf('/') + 1);
    }
}
