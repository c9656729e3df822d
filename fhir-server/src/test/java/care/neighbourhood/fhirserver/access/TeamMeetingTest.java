package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A team meeting names no person: the practitioners who attend it read and change it, nobody else
 * finds it; each person on its agenda has an agenda item of their own,
 * which only those with a care relationship with that person see.
 */
class TeamMeetingTest extends FhirServerTestBase {

    private static final String PRACTICE = "tm-practice";
    private static final String COUNCIL = "tm-council";
    private static final String CHARITY = "tm-charity";
    private static final java.util.Date MEETING_START =
            java.util.Date.from(java.time.Instant.parse("2026-03-02T10:00:00Z"));
    private static final java.util.Date MEETING_END =
            java.util.Date.from(java.time.Instant.parse("2026-03-02T11:00:00Z"));
    private static final String NURSE = TestTokens.TRUSTED.token("tm.nurse", PRACTICE, "health", "community-nurse");
    private static final String SOCIAL_WORKER =
            TestTokens.TRUSTED.token("tm.social", COUNCIL, "social-care", "social-worker");
    private static final String VOLUNTEER =
            TestTokens.TRUSTED.token("tm.volunteer", CHARITY, "voluntary", "support-worker");
    private static final String IG_OFFICER = TestTokens.TRUSTED.token("tm.ig", PRACTICE, "health", "ig-officer");
    private static final String COUNCIL_SYSTEM = TestTokens.TRUSTED.token(
            "tm-case-system",
            COUNCIL,
            "social-care",
            "none",
            c -> c.claim("fhirUser", null).claim("scope", "system/Appointment.rs"));
    private static final String MEETINGS =
            "/Appointment?appointment-type=" + TeamMeetings.TYPE_SYSTEM + "%7C" + TeamMeetings.TEAM_MEETING;

    @Autowired
    DaoRegistry daos;

    @BeforeEach
    void neighbourhood() {
        for (String organisation : List.of(PRACTICE, COUNCIL, CHARITY)) {
            save((Resource) new Organization().setName(organisation).setId("Organization/" + organisation));
        }
        for (String practitioner : List.of("tm-nurse", "tm-social", "tm-volunteer", "tm-ig")) {
            save(new Practitioner().setId("Practitioner/" + practitioner));
        }
        save(person("tm-ann"));
        save(person("tm-bob"));
        save(careTeam("tm-team-ann", "tm-ann", PRACTICE));
        save(careTeam("tm-team-bob", "tm-bob", COUNCIL));
        Appointment meeting = meeting("Practitioner/tm-nurse", "Practitioner/tm-social");
        meeting.setId("Appointment/tm-meeting");
        save(meeting);
        save(agendaItem("tm-item-ann", "tm-ann"));
        save(agendaItem("tm-item-bob", "tm-bob"));
        meeting.addSupportingInformation(new Reference("Appointment/tm-item-ann"));
        meeting.addSupportingInformation(new Reference("Appointment/tm-item-bob"));
        save(meeting);
    }

    static Stream<Arguments> whoReadsTheMeeting() {
        return Stream.of(
                Arguments.of("the nurse, who attends herself", NURSE, 200),
                Arguments.of("the social worker, who attends too", SOCIAL_WORKER, 200),
                Arguments.of("the council's case system, which is no practitioner", COUNCIL_SYSTEM, 403),
                Arguments.of("a volunteer, who does not attend", VOLUNTEER, 403),
                Arguments.of(
                        "a colleague of the nurse, who does not attend",
                        TestTokens.TRUSTED.token("tm.colleague", PRACTICE, "health", "community-nurse"),
                        403),
                Arguments.of("an information-governance officer", IG_OFFICER, 403),
                Arguments.of("no token", null, 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whoReadsTheMeeting")
    void onlyThoseWhoAttendReadTheMeeting(String who, String token, int expected) {
        HttpResponse<String> response = get("/Appointment/tm-meeting", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected == 200) {
            assertThat(response.headers().firstValue("X-Access-Basis")).hasValue("attends the team meeting");
        } else {
            assertThat(response.body()).doesNotContain("tm-item");
        }
    }

    @Test
    void aSearchForTeamMeetingsFindsOnlyThoseTheCallerAttends() {
        assertThat(ids(get(MEETINGS, NURSE))).contains("tm-meeting");
        assertThat(ids(get(MEETINGS, SOCIAL_WORKER))).contains("tm-meeting");
        assertThat(ids(get(MEETINGS, VOLUNTEER))).doesNotContain("tm-meeting");
        assertThat(get(MEETINGS, IG_OFFICER).statusCode()).isEqualTo(403);
        assertThat(get(MEETINGS, COUNCIL_SYSTEM).statusCode()).isEqualTo(403);
        assertThat(ids(get("/Appointment?_id=tm-meeting", NURSE)))
                .as("other searches are narrowed to the caseload, where a meeting is not")
                .isEmpty();
    }

    @Test
    void eachAttendeeSeesOnlyTheAgendaItemsOfPeopleOnTheirCaseload() {
        String agenda = "/Appointment?supporting-info=Appointment/tm-meeting";
        assertThat(ids(get(agenda, NURSE))).containsExactly("tm-item-ann");
        assertThat(ids(get(agenda, SOCIAL_WORKER))).containsExactly("tm-item-bob");
        assertThat(ids(get(agenda, VOLUNTEER))).isEmpty();
        assertThat(get("/Appointment/tm-item-bob", NURSE).statusCode()).isEqualTo(403);
    }

    @Test
    void anAttendeeSchedulesAMeetingWithItsAgendaInOneTransaction() {
        Appointment meeting = meeting("Practitioner/tm-nurse", "Practitioner/tm-volunteer");
        meeting.addSupportingInformation(new Reference("urn:uuid:4b1c0c1e-0000-4000-8000-000000000001"));
        Appointment item = agendaItem(null, "tm-ann");
        item.getSupportingInformation().clear();
        item.addSupportingInformation(new Reference("urn:uuid:4b1c0c1e-0000-4000-8000-000000000002"));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:4b1c0c1e-0000-4000-8000-000000000002")
                .setResource(meeting)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Appointment");
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:4b1c0c1e-0000-4000-8000-000000000001")
                .setResource(item)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Appointment");
        HttpResponse<String> response = post("/", FHIR.newJsonParser().encodeResourceToString(transaction), NURSE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Bundle outcome = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        String created = new org.hl7.fhir.r4.model.IdType(
                        outcome.getEntryFirstRep().getResponse().getLocation())
                .getIdPart();
        assertThat(ids(get(MEETINGS, VOLUNTEER)))
                .as("the volunteer attends the new meeting")
                .contains(created);
        assertThat(ids(get("/Appointment?supporting-info=Appointment/" + created, VOLUNTEER)))
                .as("but does not see Ann, who is not on its caseload")
                .isEmpty();
        assertThat(ids(get("/Appointment?supporting-info=Appointment/" + created, NURSE)))
                .hasSize(1);
    }

    static Stream<Arguments> refusedMeetings() {
        Appointment notAttending = meeting("Practitioner/tm-social", "Practitioner/tm-volunteer");
        Appointment noType = meeting("Practitioner/tm-nurse");
        noType.getAppointmentType().getCodingFirstRep().setCode("clinic");
        return Stream.of(
                Arguments.of("a meeting the nurse does not attend", NURSE, notAttending),
                Arguments.of("an appointment about no person that is not a team meeting", NURSE, noType),
                Arguments.of("a meeting scheduled by a governance officer", IG_OFFICER, meeting("Practitioner/tm-ig")),
                Arguments.of(
                        "a meeting scheduled by a system",
                        TestTokens.TRUSTED.token(
                                "tm-case-system",
                                COUNCIL,
                                "social-care",
                                "none",
                                c -> c.claim("fhirUser", null).claim("scope", "system/Appointment.cruds")),
                        meeting("Practitioner/tm-social")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedMeetings")
    void meetingsAreScheduledOnlyByCareStaffWhoAttendThem(String what, String token, Appointment meeting) {
        HttpResponse<String> response =
                post("/Appointment", FHIR.newJsonParser().encodeResourceToString(meeting), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    }

    @Test
    void anAttendeeMayNotTakeTheMeetingAwayFromThoseWhoAttend() {
        Appointment moved = meeting("Practitioner/tm-volunteer");
        moved.setId("tm-meeting");
        HttpResponse<String> byNurse =
                put("/Appointment/tm-meeting", FHIR.newJsonParser().encodeResourceToString(moved), NURSE);
        assertThat(byNurse.statusCode()).as("she would no longer attend").isEqualTo(403);
        HttpResponse<String> byVolunteer =
                put("/Appointment/tm-meeting", FHIR.newJsonParser().encodeResourceToString(moved), VOLUNTEER);
        assertThat(byVolunteer.statusCode()).as("he did not attend it").isEqualTo(403);

        Appointment stillAttended = meeting("Practitioner/tm-nurse", "Practitioner/tm-volunteer");
        stillAttended.setId("tm-meeting");
        stillAttended.setComment("The council sends apologies.");
        HttpResponse<String> changed =
                put("/Appointment/tm-meeting", FHIR.newJsonParser().encodeResourceToString(stillAttended), NURSE);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(get("/Appointment/tm-meeting", SOCIAL_WORKER).statusCode())
                .as("the social worker no longer attends")
                .isEqualTo(403);
    }

    static Appointment meeting(String... attendees) {
        Appointment meeting = new Appointment();
        meeting.setStatus(Appointment.AppointmentStatus.BOOKED);
        meeting.setStart(MEETING_START).setEnd(MEETING_END);
        meeting.getAppointmentType()
                .addCoding(new org.hl7.fhir.r4.model.Coding(
                        TeamMeetings.TYPE_SYSTEM, TeamMeetings.TEAM_MEETING, "Team meeting"));
        meeting.setDescription("Neighbourhood MDT");
        for (String attendee : attendees) {
            meeting.addParticipant()
                    .setActor(new Reference(attendee))
                    .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
        return meeting;
    }

    private static Appointment agendaItem(String id, String person) {
        Appointment item = new Appointment();
        if (id != null) {
            item.setId("Appointment/" + id);
        }
        item.setStatus(Appointment.AppointmentStatus.BOOKED);
        item.setStart(MEETING_START).setEnd(MEETING_END);
        item.getAppointmentType()
                .addCoding(new org.hl7.fhir.r4.model.Coding(TeamMeetings.TYPE_SYSTEM, "team-meeting-discussion", null));
        item.addParticipant()
                .setActor(new Reference("Patient/" + person))
                .setRequired(Appointment.ParticipantRequired.INFORMATIONONLY)
                .setStatus(Appointment.ParticipationStatus.NEEDSACTION);
        item.addSupportingInformation(new Reference("Appointment/tm-meeting"));
        return item;
    }

    private static Patient person(String id) {
        Patient patient = new Patient();
        patient.setId("Patient/" + id);
        patient.addName().setFamily(id.substring(3)).addGiven("Test");
        return patient;
    }

    private static CareTeam careTeam(String id, String person, String organisation) {
        CareTeam team = new CareTeam();
        team.setId("CareTeam/" + id);
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + person));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Organization/" + organisation));
        return team;
    }

    private void save(Resource resource) {
        daos.getResourceDao(resource.fhirType()).update(resource, new SystemRequestDetails());
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        return bundle.getEntry().stream()
                .filter(entry -> entry.getResource() instanceof Appointment)
                .map(entry -> entry.getResource().getIdElement().getIdPart())
                .toList();
    }
}
