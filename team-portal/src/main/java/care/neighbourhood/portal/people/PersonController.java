package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The person's page: who they are, their Individual Plan, their care team, their open tasks, what is
 * withheld from this user and why, and why the user may see them at all. The shared care record
 * decides what the user sees; a person it does not show them is a 403 page, an unknown one a 404.
 */
@Controller
class PersonController {

    /** A FHIR resource id; anything else cannot name a person. */
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final PersonRecords records;

    PersonController(PersonRecords records) {
        this.records = records;
    }

    @GetMapping("/people/{id}")
    String person(CurrentUser user, @PathVariable("id") String id, Model model) {
        if (!user.hasCaseload() && (user.isIgOfficer() || user.isWorkspaceAdmin())) {
            throw new RoleRequiredException(
                    "a caseload role", "People's records are for members of the neighbourhood team who care for them.");
        }
        if (!RESOURCE_ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "not a person id");
        }
        model.addAttribute("record", records.recordOf(user, id));
        return "people/person";
    }
}
