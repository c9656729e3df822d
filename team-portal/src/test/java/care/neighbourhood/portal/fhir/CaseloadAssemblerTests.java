package care.neighbourhood.portal.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.portal.caseload.Caseload;
import care.neighbourhood.portal.caseload.PersonOnCaseload;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.CareTeam.CareTeamStatus;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

class CaseloadAssemblerTests {

    /** Monday 9 March 2026, 08:30 in London. */
    static final Clock MONDAY_MORNING = Clock.fixed(Instant.parse("2026-03-09T08:30:00Z"), ZoneId.of("Europe/London"));

    static final String NINA = "Practitioner/nina-patel";
    static final String NINA_ROLE = "PractitionerRole/nina-patel-role";
    static final String COMMUNITY = "Organization/northbank-community";
    static final Set<String> NINA_REFERENCES = Set.of(NINA, NINA_ROLE, COMMUNITY);

    final CaseloadAssembler assembler = new CaseloadAssembler(MONDAY_MORNING);

    @Test
    void aParticipantWhosePeriodHasEndedDoesNotPutThePersonOnTheCaseload() {
        CareTeam ended = careTeam("ended", "Patient/ellis", participant(NINA, "2025-01-01", "2026-03-08"));

        assertThat(assembler.careTeamsOnCaseload(List.of(ended), NINA_REFERENCES))
                .isEmpty();
    }

    @Test
    void aParticipantWhoseStartIsInTheFutureDoesNotPutThePersonOnTheCaseload() {
        CareTeam future = careTeam("future", "Patient/ellis", participant(NINA, "2026-03-10", null));

        assertThat(assembler.careTeamsOnCaseload(List.of(future), NINA_REFERENCES))
                .isEmpty();
    }

    @Test
    void aPeriodCoversItsFirstAndLastDayAndAnOpenEnd() {
        CareTeam startsToday = careTeam("starts", "Patient/a", participant(NINA, "2026-03-09", null));
        CareTeam endsToday = careTeam("ends", "Patient/b", participant(COMMUNITY, "2024", "2026-03-09T23:00:00+00:00"));
        CareTeam noPeriod = careTeam("open", "Patient/c", participant(NINA_ROLE, null, null));
        CareTeam endsThisMonth = careTeam("month", "Patient/d", participant(NINA, null, "2026-03"));

        assertThat(assembler.careTeamsOnCaseload(
                        List.of(startsToday, endsToday, noPeriod, endsThisMonth), NINA_REFERENCES))
                .extracting(team -> team.getIdElement().getIdPart())
                .containsExactly("starts", "ends", "open", "month");
    }

    @Test
    void anInactiveCareTeamDoesNotCount() {
        CareTeam inactive = careTeam("inactive", "Patient/ellis", participant(NINA, "2025-01-01", null));
        inactive.setStatus(CareTeamStatus.INACTIVE);
        CareTeam proposed = careTeam("proposed", "Patient/ellis", participant(NINA, "2025-01-01", null));
        proposed.setStatus(CareTeamStatus.PROPOSED);

        assertThat(assembler.careTeamsOnCaseload(List.of(inactive, proposed), NINA_REFERENCES))
                .isEmpty();
    }

    @Test
    void onlyTheUsersOwnCurrentParticipationCounts() {
        // Nina left the team; a colleague from another organisation is still in it.
        CareTeam team = careTeam(
                "team",
                "Patient/ellis",
                participant(NINA, "2025-01-01", "2026-01-31"),
                participant("Practitioner/omar-hassan", "2025-01-01", null));

        assertThat(assembler.careTeamsOnCaseload(List.of(team), NINA_REFERENCES))
                .isEmpty();
    }

    @Test
    void practitionersCountUnderTheOrganisationTheyActOnBehalfOf() {
        CareTeam team = careTeam(
                "team",
                "Patient/ellis",
                participant(COMMUNITY, "2025-01-01", null),
                participant("Practitioner/omar-hassan", "2025-01-01", null)
                        .setOnBehalfOf(new Reference("Organization/riverside-practice")),
                participant("Practitioner/sam-taylor", "2025-01-01", null)
                        .setOnBehalfOf(new Reference("Organization/city-council-asc").setDisplay("City Council ASC")),
                participant("PractitionerRole/ben-carter-role", "2025-01-01", null),
                // Ended: the mental health trust is no longer involved.
                participant("Practitioner/maya-okafor", "2025-01-01", "2025-12-31")
                        .setOnBehalfOf(new Reference("Organization/northbank-mental-health")));
        var found = new ResourceIndex(List.of(
                patient("ellis", "Ellis", "Margaret", "1944-05-17", "9990000018"),
                organisation("northbank-community", "Northbank Community Health Trust"),
                organisation("riverside-practice", "Riverside Medical Practice"),
                role("ben-carter-role", "Organization/age-well")));
        List<CareTeam> careTeams = assembler.careTeamsOnCaseload(List.of(team), NINA_REFERENCES);

        assertThat(assembler.organisationsToLookUp(careTeams, found)).containsExactly("age-well", "city-council-asc");

        Caseload caseload = assembler.caseload(careTeams, found, Map.of(), Map.of("age-well", "Age Well Northbank"));
        assertThat(caseload.people().get(0).organisations())
                .containsExactly(
                        "Age Well Northbank",
                        "City Council ASC",
                        "Northbank Community Health Trust",
                        "Riverside Medical Practice");
    }

    @Test
    void countsOpenTasksPerPatient() {
        List<Task> tasks = new ArrayList<>();
        for (TaskStatus status : TaskStatus.values()) {
            if (status != TaskStatus.NULL) {
                tasks.add(task("Patient/ellis", status));
            }
        }
        tasks.add(task("Patient/khan", TaskStatus.REQUESTED));
        tasks.add(task("http://localhost:8080/fhir/Patient/khan", TaskStatus.INPROGRESS));
        tasks.add(task("Group/everyone", TaskStatus.REQUESTED));

        assertThat(assembler.openTasksByPatient(tasks))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Patient/ellis", 6, "Patient/khan", 2));
    }

    @Test
    void buildsOneRowPerPersonSortedByFamilyNameWithAgeOnTheClocksDay() {
        CareTeam ellisHealth = careTeam("ellis-1", "Patient/ellis", participant(NINA, "2025-01-01", null));
        CareTeam ellisSocial = careTeam(
                "ellis-2",
                "Patient/ellis",
                participant(COMMUNITY, null, null),
                participant("Organization/city-council-asc", null, null));
        CareTeam adams = careTeam("adams", "Patient/adams", participant(NINA_ROLE, null, null));
        CareTeam nobody = careTeam("nobody", "Patient/nobody", participant(COMMUNITY, null, null));
        var found = new ResourceIndex(List.of(
                // Turns 82 tomorrow.
                patient("ellis", "Ellis", "Margaret", "1944-03-10", "999 000 0018"),
                // Turned 79 today.
                patient("adams", "adams", "Peter", "1947-03-09", "9990000026"),
                organisation("northbank-community", "Northbank Community Health Trust"),
                organisation("city-council-asc", "City Council Adult Social Care"),
                // Nina's role counts under its organisation.
                role("nina-patel-role", COMMUNITY)));
        List<CareTeam> careTeams =
                assembler.careTeamsOnCaseload(List.of(ellisHealth, ellisSocial, adams, nobody), NINA_REFERENCES);

        Caseload caseload = assembler.caseload(
                careTeams,
                found,
                assembler.openTasksByPatient(List.of(task("Patient/ellis", TaskStatus.READY))),
                Map.of());

        assertThat(caseload.people())
                .containsExactly(
                        new PersonOnCaseload(
                                "adams",
                                "ADAMS, Peter",
                                79,
                                "9990000026",
                                List.of("Northbank Community Health Trust"),
                                0),
                        new PersonOnCaseload(
                                "ellis",
                                "ELLIS, Margaret",
                                81,
                                "9990000018",
                                List.of("City Council Adult Social Care", "Northbank Community Health Trust"),
                                1),
                        new PersonOnCaseload(
                                "nobody",
                                "Name not available",
                                null,
                                null,
                                List.of("Northbank Community Health Trust"),
                                0));
    }

    @Test
    void prefersTheOfficialNameAndCopesWithMissingDetails() {
        Patient patient = new Patient();
        patient.setId("Patient/rivers");
        patient.addName().setUse(NameUse.OLD).setFamily("Old");
        patient.addName().setUse(NameUse.NICKNAME).setFamily("Nick");
        patient.addName()
                .setUse(NameUse.OFFICIAL)
                .setFamily("Rivers")
                .addGiven("Ann")
                .addGiven("Marie");
        patient.setGender(AdministrativeGender.FEMALE);
        var found = new ResourceIndex(List.of(patient));
        List<CareTeam> careTeams = assembler.careTeamsOnCaseload(
                List.of(careTeam("rivers", "Patient/rivers", participant(NINA, null, null))), NINA_REFERENCES);

        PersonOnCaseload person = assembler
                .caseload(careTeams, found, Map.of(), Map.of())
                .people()
                .get(0);

        assertThat(person.name()).isEqualTo("RIVERS, Ann Marie");
        assertThat(person.age()).isNull();
        assertThat(person.nhsNumber()).isNull();
        assertThat(person.organisations()).isEmpty();
    }

    static CareTeam careTeam(String id, String subject, CareTeamParticipantComponent... participants) {
        CareTeam team = new CareTeam();
        team.setId("CareTeam/" + id);
        team.setStatus(CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(subject));
        for (CareTeamParticipantComponent participant : participants) {
            team.addParticipant(participant);
        }
        return team;
    }

    static CareTeamParticipantComponent participant(String member, String start, String end) {
        var participant = new CareTeamParticipantComponent().setMember(new Reference(member));
        if (start != null || end != null) {
            Period period = new Period();
            if (start != null) {
                period.setStartElement(new DateTimeType(start));
            }
            if (end != null) {
                period.setEndElement(new DateTimeType(end));
            }
            participant.setPeriod(period);
        }
        return participant;
    }

    static Patient patient(String id, String family, String given, String birthDate, String nhsNumber) {
        Patient patient = new Patient();
        patient.setId("Patient/" + id);
        patient.addName().setFamily(family).addGiven(given);
        patient.setBirthDateElement(new DateType(birthDate));
        patient.addIdentifier().setSystem(CaseloadAssembler.NHS_NUMBER_SYSTEM).setValue(nhsNumber);
        return patient;
    }

    static Organization organisation(String id, String name) {
        Organization organisation = new Organization();
        organisation.setId("Organization/" + id);
        organisation.setName(name);
        return organisation;
    }

    static PractitionerRole role(String id, String organisation) {
        PractitionerRole role = new PractitionerRole();
        role.setId("PractitionerRole/" + id);
        role.setOrganization(new Reference(organisation));
        return role;
    }

    static Task task(String patient, TaskStatus status) {
        Task task = new Task();
        task.setStatus(status);
        task.setFor(new Reference(patient));
        return task;
    }
}
