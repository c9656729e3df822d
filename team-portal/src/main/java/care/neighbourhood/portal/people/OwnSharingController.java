package care.neighbourhood.portal.people;

import care.neighbourhood.portal.people.CareTeamPage.Choice;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Your sharing choices" ({@code /my/sharing}): what the neighbourhood's agreement shares by default,
 * in plain words, and the person's own decisions: stop sharing with an organisation, let an
 * organisation see a kind of information, let a carer see the plan (and help write it). Each is a
 * Consent made by the person, in force from the next request, and withdrawn here. Only the person
 * makes these choices, not a carer.
 */
@Controller
class OwnSharingController {

    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private final SharingChoices choices;

    OwnSharingController(SharingChoices choices) {
        this.choices = choices;
    }

    @GetMapping("/my/sharing")
    String sharing(CurrentUser user, Model model) {
        return show(choices.pageOf(user, personOf(user)), model, null, null);
    }

    @PostMapping("/my/sharing/stop")
    String stop(
            CurrentUser user,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        String person = personOf(user);
        SharingChoices.SharingPage page = choices.pageOf(user, person);
        String organisation = form.get("organisation");
        if (!offered(page.organisations(), organisation)) {
            return problem(page, model, response, "stop-organisation", "Select the organisation to stop sharing with");
        }
        return save(page, model, redirect, response, () -> choices.stopSharingWith(user, person, organisation));
    }

    @PostMapping("/my/sharing/let-see")
    String letSee(
            CurrentUser user,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        String person = personOf(user);
        SharingChoices.SharingPage page = choices.pageOf(user, person);
        String organisation = form.get("organisation");
        String dataClass = form.get("dataClass");
        if (!offered(page.organisations(), organisation)) {
            return problem(page, model, response, "let-see-organisation", "Select the organisation");
        }
        if (!offered(page.dataClasses(), dataClass)) {
            return problem(page, model, response, "let-see-class", "Select the kind of information");
        }
        return save(page, model, redirect, response, () -> choices.letSee(user, person, organisation, dataClass));
    }

    @PostMapping("/my/sharing/carer")
    String carer(
            CurrentUser user,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        String person = personOf(user);
        SharingChoices.SharingPage page = choices.pageOf(user, person);
        String carer = form.get("carer");
        if (!offered(page.carers(), carer)) {
            return problem(page, model, response, "carer", "Select the carer");
        }
        boolean mayWrite = "yes".equals(form.get("mayWrite"));
        return save(page, model, redirect, response, () -> choices.letCarerSee(user, person, carer, mayWrite));
    }

    @PostMapping("/my/sharing/{id}/withdraw")
    String withdraw(
            CurrentUser user,
            @PathVariable("id") String id,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        String person = personOf(user);
        SharingChoices.SharingPage page = choices.pageOf(user, person);
        String version = form.get("version");
        if (!RESOURCE_ID.matcher(id).matches()
                || version == null
                || !VERSION.matcher(version).matches()
                || page.decisions().stream().noneMatch(d -> d.id().equals(id))) {
            return problem(page, model, response, "decisions", "That decision is not one of yours in force");
        }
        return save(page, model, redirect, response, () -> choices.withdraw(user, person, id, version));
    }

    private String personOf(CurrentUser user) {
        if (user.isCarer()) {
            throw new RoleRequiredException(
                    CurrentUser.PERSON,
                    "Only the person makes their own sharing choices. Ask them, or their care team.");
        }
        if (!user.isPerson()) {
            throw new RoleRequiredException(CurrentUser.PERSON, OwnPlanController.ONLY_FOR_PEOPLE);
        }
        String reference = user.practitionerReference();
        return reference.substring(reference.indexOf('/') + 1);
    }

    private static boolean offered(List<Choice> choices, String value) {
        return value != null
                && choices.stream().anyMatch(choice -> choice.value().equals(value));
    }

    private String save(
            SharingChoices.SharingPage page,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response,
            Supplier<String> change) {
        String effect;
        try {
            effect = change.get();
        } catch (PlanNotChangedException refused) {
            response.setStatus(refused.why().status());
            return show(page, model, "decisions", refused.getMessage());
        }
        redirect.addFlashAttribute("effect", effect);
        return "redirect:/my/sharing";
    }

    private static String problem(
            SharingChoices.SharingPage page, Model model, HttpServletResponse response, String field, String words) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return show(page, model, field, words);
    }

    private static String show(SharingChoices.SharingPage page, Model model, String field, String problem) {
        model.addAttribute("sharing", page);
        model.addAttribute("problemField", field);
        model.addAttribute("problem", problem);
        return "people/own-sharing";
    }
}
