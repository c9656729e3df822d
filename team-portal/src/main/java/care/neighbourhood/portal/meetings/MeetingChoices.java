package care.neighbourhood.portal.meetings;

import java.util.List;

/**
 * The choices the meeting forms offer.
 *
 * @param staff members of staff in their roles ({@code PractitionerRole/<id>}), who may attend
 * @param owners who may own a decision: an organisation ({@code Organization/<code>}), or a named
 *     member of staff at their organisation ({@code PractitionerRole/<id>})
 */
public record MeetingChoices(List<Choice> staff, List<Choice> owners) {

    public MeetingChoices {
        staff = List.copyOf(staff);
        owners = List.copyOf(owners);
    }

    /** One option of a form: the value sent, and what the user reads. */
    public record Choice(String value, String label) {}

    boolean offersStaff(String value) {
        return staff.stream().anyMatch(choice -> choice.value().equals(value));
    }

    boolean offersOwner(String value) {
        return owners.stream().anyMatch(choice -> choice.value().equals(value));
    }
}
