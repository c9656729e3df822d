package care.neighbourhood.fhirserver.access;

import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Coding;

/**
 * A meeting of the team (a multidisciplinary team meeting): an {@code Appointment} of the workspace's
 * team-meeting type whose participants are practitioners (and their roles, services or places), and
 * no person. It is the one record about no person that the server keeps for its members: it says who
 * meets when, not whom they discuss. The people on its agenda each have their own agenda item (an
 * Appointment about them), which follows the rules of their record.
 *
 * <p>The practitioners who attend a meeting (its {@code Practitioner} participants) read it; one of them
 * with a care role schedules or changes it, and stays among its attendees when they do. A system,
 * which is no practitioner, attends no meeting.
 */
public final class TeamMeetings {

    public static final String TYPE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/appointment-type";
    public static final String TEAM_MEETING = "team-meeting";

    private static final Set<String> ATTENDEE_TYPES =
            Set.of("Practitioner", "PractitionerRole", "HealthcareService", "Location");

    private TeamMeetings() {}

    /**
     * An Appointment of the team-meeting type whose every participant is a member of staff, a role, a
     * service or a place, each a stored record.
     */
    public static boolean isTeamMeeting(IBaseResource resource) {
        if (!(resource instanceof Appointment appointment) || !hasTeamMeetingType(appointment)) {
            return false;
        }
        return appointment.getParticipant().stream()
                .filter(AppointmentParticipantComponent::hasActor)
                .map(participant -> participant.getActor().getReferenceElement())
                .allMatch(actor -> actor.getValue() != null
                        && !actor.getValue().startsWith("urn:")
                        && ATTENDEE_TYPES.contains(actor.getResourceType())
                        && actor.getIdPart() != null);
    }

    private static boolean hasTeamMeetingType(Appointment appointment) {
        for (Coding coding : appointment.getAppointmentType().getCoding()) {
            if (TYPE_SYSTEM.equals(coding.getSystem()) && TEAM_MEETING.equals(coding.getCode())) {
                return true;
            }
        }
        return false;
    }

    /** The caller is a practitioner among the meeting's participants. */
    public static boolean attends(Caller caller, Appointment meeting) {
        String practitioner = caller.practitioner();
        return practitioner != null
                && meeting.getParticipant().stream()
                        .filter(AppointmentParticipantComponent::hasActor)
                        .map(participant -> participant
                                .getActor()
                                .getReferenceElement()
                                .toUnqualifiedVersionless()
                                .getValue())
                        .anyMatch(practitioner::equals);
    }

    /** Why the caller may not write the meeting as it stands; null if they may. */
    static String refusalToWrite(Caller caller, IBaseResource meeting) {
        if (!caller.isCareStaff()) {
            return "team meetings are scheduled by members of staff with a care role";
        }
        if (!attends(caller, (Appointment) meeting)) {
            return "a team meeting is scheduled and changed by those who attend it, and the caller is not among"
                    + " its participants";
        }
        return null;
    }
}
