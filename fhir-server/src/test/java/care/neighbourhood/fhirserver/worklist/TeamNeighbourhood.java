package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A neighbourhood of its own for the worklist and caseload list tests: the practice holds Ann, Bob and
 * Dan on its caseload, another organisation holds Cat, and their Tasks are open, closed, overdue,
 * unassigned and restricted in the ways the tests need.
 */
abstract class TeamNeighbourhood extends FhirServerTestBase {

    static final String ORG = "wl-practice";
    static final String OTHER_ORG = "wl-elsewhere";
    static final String NURSE = TestTokens.TRUSTED.token("wl.nurse", ORG, "health", "community-nurse");
    static final String GP = TestTokens.TRUSTED.token("wl.gp", ORG, "health", "gp");
    static final String ELSEWHERE = TestTokens.TRUSTED.token("wl.away", OTHER_ORG, "health", "community-nurse");
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

    @Autowired
    DaoRegistry daos;

    @BeforeEach
    void neighbourhood() {
        save(organisation(ORG));
        save(organisation(OTHER_ORG));
        for (String practitioner : List.of("wl-nurse", "wl-gp", "wl-colleague", "wl-away")) {
            save(new Practitioner().setId("Practitioner/" + practitioner));
        }
        for (String person : List.of("wl-ann", "wl-bob", "wl-cat", "wl-dan")) {
            Patient patient = new Patient();
            patient.setId("Patient/" + person);
            patient.addName().setFamily(person.substring(3)).addGiven("Test");
            if (person.equals("wl-bob")) {
                patient.addIdentifier()
                        .setSystem("https://fhir.nhs.uk/Id/nhs-number")
                        .setValue("9434765919");
            }
            save(patient);
        }
        save(careTeam("wl-team-ann", "wl-ann", ORG));
        save(careTeam("wl-team-bob", "wl-bob", ORG));
        save(careTeam("wl-team-cat", "wl-cat", OTHER_ORG));
        save(careTeam("wl-team-dan", "wl-dan", ORG));
        save(task("wl-1", "wl-ann", "Practitioner/wl-nurse", "in-progress", "urgent", TODAY.minusDays(1)));
        save(task("wl-2", "wl-ann", "Organization/" + ORG, "requested", "stat", TODAY.plusDays(1)));
        save(task("wl-3", "wl-bob", null, "requested", "routine", null));
        save(task("wl-4", "wl-bob", "Practitioner/wl-colleague", "accepted", "asap", TODAY.plusDays(2)));
        save(task("wl-5", "wl-bob", "Practitioner/wl-nurse", "completed", "stat", TODAY.minusDays(9)));
        save(task("wl-6", "wl-cat", "Organization/" + OTHER_ORG, "requested", "stat", TODAY.minusDays(3)));
        Task restricted = task("wl-7", "wl-ann", "Organization/" + ORG, "requested", "routine", null);
        restricted.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", null);
        save(restricted);
    }

    static Stream<Arguments> callersWithACaseload() {
        return Stream.of(
                Arguments.of("nurse", NURSE),
                Arguments.of("gp", GP),
                Arguments.of("nurse elsewhere", ELSEWHERE),
                Arguments.of("workspace administrator of the practice", token("wl.admin", ORG, "workspace-admin")),
                Arguments.of(
                        "social worker of the practice",
                        TestTokens.TRUSTED.token("wl.social", ORG, "social-care", "social-worker")));
    }

    static Stream<Arguments> callersWithoutACaseload() {
        return Stream.of(
                Arguments.of("information-governance officer", token("wl.ig", ORG, "ig-officer"), 403),
                Arguments.of(
                        "a nurse whose token's scopes leave Task out",
                        TestTokens.TRUSTED.token(
                                "wl.nurse", ORG, "health", "community-nurse", c -> c.claim("scope", "user/Patient.rs")),
                        403),
                Arguments.of(
                        "a system without Task scopes",
                        TestTokens.TRUSTED.token(
                                "wl-ehr",
                                ORG,
                                "health",
                                "none",
                                c -> c.claim("fhirUser", null).claim("scope", "system/Patient.rs")),
                        403),
                Arguments.of("no token", null, 401));
    }

    static String token(String username, String organisation, String role) {
        return TestTokens.TRUSTED.token(username, organisation, "health", role);
    }

    void save(Resource resource) {
        daos.getResourceDao(resource.fhirType()).update(resource, new SystemRequestDetails());
    }

    static Organization organisation(String id) {
        Organization organisation = new Organization();
        organisation.setId("Organization/" + id);
        organisation.setName(id);
        return organisation;
    }

    static CareTeam careTeam(String id, String person, String organisation) {
        CareTeam team = new CareTeam();
        team.setId("CareTeam/" + id);
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + person));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Organization/" + organisation));
        return team;
    }

    static Task task(String id, String person, String owner, String status, String priority, LocalDate due) {
        Task task = new Task();
        task.setId("Task/" + id);
        task.setStatus(Task.TaskStatus.fromCode(status));
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.fromCode(priority));
        task.setFor(new Reference("Patient/" + person));
        if (owner != null) {
            task.setOwner(new Reference(owner));
        } else {
            task.addPerformerType().setText("Anyone in the team");
        }
        if (due != null) {
            task.getRestriction().getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(due.toString()));
        }
        task.setDescription("Worklist test " + id);
        return task;
    }
}
