package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.TeamMeetings;
import java.util.List;

/**
 * A search for team meetings, {@code Appointment?appointment-type=<team meeting>}: meetings name no
 * person, so the caseload does not narrow them; the search is narrowed instead to the meetings the
 * caller attends ({@code actor}). What it returns still passes the disclosure
 * rules one by one: an Appointment about a person that carries the same type is shown only to those
 * with a care relationship with that person.
 */
final class AttendedTeamMeetings {

    private AttendedTeamMeetings() {}

    /** Whether the Appointment search asks only for team meetings. */
    static boolean asked(SearchParameterMap parameters) {
        List<List<IQueryParameterType>> types = parameters.get("appointment-type");
        return types != null
                && types.stream()
                        .anyMatch(or -> or.size() == 1
                                && or.get(0) instanceof TokenParam token
                                && token.getModifier() == null
                                && token.getMissing() == null
                                && TeamMeetings.TYPE_SYSTEM.equals(token.getSystem())
                                && TeamMeetings.TEAM_MEETING.equals(token.getValue()));
    }

    /** Keeps to the meetings the practitioner attends. */
    static void narrowToAttendedBy(String practitioner, SearchParameterMap parameters) {
        if (practitioner == null) {
            throw AccessDenied.because("team meetings are seen by the practitioners who attend them");
        }
        parameters.add("actor", new ReferenceParam(practitioner));
    }
}
