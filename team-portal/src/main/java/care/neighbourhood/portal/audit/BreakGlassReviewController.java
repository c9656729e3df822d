package care.neighbourhood.portal.audit;

import care.neighbourhood.portal.security.CurrentUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The break-glass review queue: each emergency access with a form to record whether it was appropriate
 * or is referred for investigation. A recorded decision sends the officer back to the queue with a
 * success banner (post, redirect, get); a problem shows the queue again with the form as it was filled.
 */
@Controller
@RequestMapping("/audit/break-glass")
class BreakGlassReviewController {

    /** A FHIR resource id; anything else cannot be a review task. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    static final int LONGEST_NOTE = 2000;

    private final BreakGlassReviews reviews;
    private final AuditTimes times;

    BreakGlassReviewController(BreakGlassReviews reviews, AuditTimes times) {
        this.reviews = reviews;
        this.times = times;
    }

    @GetMapping
    String queue(CurrentUser user, Model model) {
        IgOfficers.require(user);
        return showQueue(model);
    }

    @PostMapping("/{taskId}")
    String review(
            CurrentUser user,
            @PathVariable String taskId,
            @RequestParam(name = "decision", required = false) String decisionCode,
            @RequestParam(name = "note", required = false) String note,
            Model model,
            RedirectAttributes redirect) {
        IgOfficers.require(user);
        String trimmedNote = note == null ? "" : note.strip();
        Optional<ReviewDecision> decision = ReviewDecision.fromCode(decisionCode);
        List<FormError> errors = new ArrayList<>();
        if (decision.isEmpty()) {
            errors.add(new FormError(
                    "decision-" + taskId,
                    "Select whether the emergency access was appropriate or needs investigation"));
        }
        if (trimmedNote.isEmpty()) {
            errors.add(new FormError("note-" + taskId, "Enter a note about your decision"));
        } else if (trimmedNote.length() > LONGEST_NOTE) {
            errors.add(new FormError("note-" + taskId, "Enter a note of " + LONGEST_NOTE + " characters or fewer"));
        }
        if (!FHIR_ID.matcher(taskId).matches()) {
            return showProblem(model, taskId, decisionCode, note, List.of(), "This review is not in the queue.");
        }
        if (!errors.isEmpty()) {
            return showProblem(model, taskId, decisionCode, note, errors, null);
        }
        try {
            reviews.recordReview(taskId, decision.get(), trimmedNote);
        } catch (ReviewNotRecordedException e) {
            return showProblem(model, taskId, decisionCode, note, List.of(), e.getMessage());
        }
        redirect.addFlashAttribute("reviewed", decision.get().label());
        return "redirect:/audit/break-glass";
    }

    private String showProblem(
            Model model, String taskId, String decision, String note, List<FormError> errors, String problem) {
        model.addAttribute("failedTaskId", taskId);
        model.addAttribute("submittedDecision", decision == null ? "" : decision);
        model.addAttribute("submittedNote", note == null ? "" : note);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        return showQueue(model);
    }

    private String showQueue(Model model) {
        model.addAttribute("times", times);
        model.addAttribute("decisions", ReviewDecision.values());
        model.addAttribute("queue", reviews.awaitingReview());
        return "audit/break-glass";
    }
}
