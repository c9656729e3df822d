package care.neighbourhood.portal.people;

import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.RoleRequiredException;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * "Your team" ({@code /my/team}): who is in the person's care team, what they do in plain words,
 * where they work and how to reach them. A carer sees it once the person has shared their record.
 */
@Controller
class OwnTeamController {

    private final OwnRecords records;
    private final PersonRecords personRecords;

    OwnTeamController(OwnRecords records, PersonRecords personRecords) {
        this.records = records;
        this.personRecords = personRecords;
    }

    @GetMapping("/my/team")
    String team(CurrentUser user, Model model) {
        if (!user.isPerson() && !user.isCarer()) {
            throw new RoleRequiredException(CurrentUser.PERSON, OwnPlanController.ONLY_FOR_PEOPLE);
        }
        model.addAttribute("forThemself", user.isPerson());
        Optional<String> person = records.personOf(user);
        model.addAttribute("nothingShared", person.isEmpty());
        if (person.isPresent()) {
            PersonRecord record = personRecords.recordOf(user, person.get());
            model.addAttribute("personName", record.person().name());
            model.addAttribute("members", record.careTeam());
        }
        return "people/own-team";
    }
}
