package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import care.neighbourhood.testkit.Persona;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * Create, read and search the coordination record (CareTeam, CarePlan, Task) through HAPI's generic
 * client with a real access token from Keycloak. Run against each supported database.
 */
interface CareRecordRoundTrip {

    IGenericClient clientWithToken(String token);

    @Test
    default void nurseCreatesReadsAndSearchesACareRecord() {
        IGenericClient fhir = clientWithToken(Persona.NINA_PATEL.token());
        String marker = UUID.randomUUID().toString();

        // A new person is registered together with their care team, in one transaction.
        Patient patient = new Patient();
        patient.setId(IdType.newRandomUuid());
        patient.addIdentifier()
                .setSystem("https://neighbourhood.example/fhir/sid/test")
                .setValue(marker);
        patient.addName().setFamily("Roundtrip").addGiven("Olive");
        patient.setGender(AdministrativeGender.FEMALE);
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setName("Care team " + marker);
        team.setSubject(new Reference(patient.getIdElement().getValue()));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Practitioner/nina-patel"));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Organization/northbank-community"));
        Bundle registration = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        registration
                .addEntry()
                .setFullUrl(patient.getIdElement().getValue())
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        registration
                .addEntry()
                .setResource(team)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("CareTeam");
        Bundle registered = fhir.transaction().withBundle(registration).execute();
        IdType patientId =
                new IdType(registered.getEntry().get(0).getResponse().getLocation()).toUnqualifiedVersionless();
        IdType teamId = new IdType(registered.getEntry().get(1).getResponse().getLocation()).toUnqualifiedVersionless();

        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory()
                .addCoding()
                .setSystem("https://neighbourhood.example/fhir/CodeSystem/care-plan-category")
                .setCode("individual-plan");
        plan.setTitle("Individual Plan " + marker);
        plan.setSubject(new Reference(patientId));
        plan.addCareTeam(new Reference(teamId));
        IdType planId = (IdType) fhir.create().resource(plan).execute().getId().toUnqualifiedVersionless();

        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setDescription("Dressing change " + marker);
        task.setFor(new Reference(patientId));
        task.addBasedOn(new Reference(planId));
        task.setOwner(new Reference("Organization/northbank-community"));
        IdType taskId = (IdType) fhir.create().resource(task).execute().getId().toUnqualifiedVersionless();

        CarePlan readPlan = fhir.read().resource(CarePlan.class).withId(planId).execute();
        assertThat(readPlan.getTitle()).isEqualTo("Individual Plan " + marker);
        assertThat(readPlan.getCareTeamFirstRep().getReference()).isEqualTo(teamId.getValue());
        CareTeam readTeam = fhir.read().resource(CareTeam.class).withId(teamId).execute();
        assertThat(readTeam.getParticipant()).hasSize(2);

        Bundle teams = fhir.search()
                .forResource(CareTeam.class)
                .where(CareTeam.PATIENT.hasId(patientId))
                .and(CareTeam.STATUS.exactly().code("active"))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(teams.getEntry())
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactly(teamId.getValue());

        Bundle plans = fhir.search()
                .forResource(CarePlan.class)
                .where(CarePlan.PATIENT.hasId(patientId))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(plans.getEntry()).hasSize(1);

        Bundle tasks = fhir.search()
                .forResource(Task.class)
                .where(Task.PATIENT.hasId(patientId))
                .and(Task.STATUS.exactly().code("requested"))
                .and(Task.OWNER.hasId("Organization/northbank-community"))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(tasks.getEntry())
                .extracting(e -> ((Task) e.getResource()).getDescription())
                .containsExactly("Dressing change " + marker);
        assertThat(taskId.getIdPart()).isNotBlank();
    }
}
