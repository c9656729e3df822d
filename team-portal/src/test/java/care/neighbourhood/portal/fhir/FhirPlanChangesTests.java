package care.neighbourhood.portal.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.people.PlanNotChangedException;
import care.neighbourhood.portal.people.Plans;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plan changes against a stand-in FHIR server: one transaction per handed-on activity, If-Match, both versions on 412. */
class FhirPlanChangesTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static FhirStubServer fhir;
    static String goalVersion;

    @BeforeAll
    static void startFhirServer() {
        fhir = FhirStubServer.start();
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    @BeforeEach
    void answerAsTheRecordWould() {
        goalVersion = "2";
        fhir.answer(request -> {
            if (request.path().endsWith("/CarePlan/cp1") && "GET".equals(request.method())) {
                return Answer.ok(plan());
            }
            if (request.path().endsWith("/Goal/g2") && "GET".equals(request.method())) {
                return Answer.ok(goal(goalVersion, "Being at home with my family and my dog"));
            }
            if (request.path().endsWith("/Goal/g2") && "PUT".equals(request.method())) {
                goalVersion = "3";
                return Answer.outcome(412, "HAPI-0989: version mismatch");
            }
            if ("POST".equals(request.method())) {
                return Answer.ok(new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE));
            }
            if ("PUT".equals(request.method())) {
                return Answer.ok(plan());
            }
            return Answer.outcome(404, "Not stubbed");
        });
    }

    @Test
    void anActivityGivenToTheCouncilIsThePlanAndTheCouncilsTaskInOneTransaction() {
        String saved = service()
                .assignActivity(
                        FhirCareTeamsTests.NINA,
                        "p1",
                        new Plans.ActivityAssignment(
                                "cp1", "7", 0, "Organization/city-council-asc", "Please fit a handrail"));

        var posted =
                fhir.received().stream().filter(r -> "POST".equals(r.method())).toList();
        assertThat(posted).hasSize(1);
        Bundle transaction =
                FHIR.newJsonParser().parseResource(Bundle.class, posted.get(0).body());
        assertThat(transaction.getEntry()).hasSize(2);
        assertThat(transaction.getEntry().get(0).getRequest().getIfMatch()).isEqualTo("W/\"7\"");
        CarePlan plan = (CarePlan) transaction.getEntry().get(0).getResource();
        assertThat(plan.getActivityFirstRep().getDetail().getPerformerFirstRep().getReference())
                .isEqualTo("Organization/city-council-asc");
        Task task = (Task) transaction.getEntry().get(1).getResource();
        assertThat(task.getOwner().getReference()).isEqualTo("Organization/city-council-asc");
        assertThat(task.getFor().getReference()).isEqualTo("Patient/p1");
        assertThat(task.getRequester().getReference()).isEqualTo("Practitioner/nina-patel");
        assertThat(task.getDescription()).isEqualTo("Handrail for the back step: Please fit a handrail");
        assertThat(task.getBasedOnFirstRep().getReference()).isEqualTo("CarePlan/cp1");
        assertThat(saved).contains("triage board");
    }

    @Test
    void aGoalMovedUpSwapsPlacesWithTheOneShownAboveIt() {
        service().moveGoalUp(FhirCareTeamsTests.NINA, "p1", new Plans.Move("cp1", "7", "g2", "g1"));

        var put = fhir.received().stream()
                .filter(r -> "PUT".equals(r.method()))
                .findFirst()
                .orElseThrow();
        assertThat(put.ifMatch()).isEqualTo("W/\"7\"");
        CarePlan sent = FHIR.newJsonParser().parseResource(CarePlan.class, put.body());
        assertThat(sent.getGoal()).extracting(Reference::getReference).containsExactly("Goal/g2", "Goal/g1");
    }

    @Test
    void aGoalSavedFirstBySomeoneElseComesBackWithBothVersions() {
        assertThatThrownBy(() -> service()
                        .changeGoal(
                                FhirCareTeamsTests.NINA,
                                "p1",
                                new Plans.GoalChange("g2", "2", "Pain kept under control")))
                .isInstanceOfSatisfying(PlanNotChangedException.class, e -> {
                    assertThat(e.theirs()).isEqualTo("Being at home with my family and my dog");
                    assertThat(e.yours()).isEqualTo("Pain kept under control");
                    assertThat(e.getMessage()).contains("Grace Lee, Riverside Medical Practice changed this goal");
                });
    }

    @Test
    void aPlanChangedSinceTheUserSawItIsNotWritten() {
        assertThatThrownBy(() -> service()
                        .addActivity(
                                FhirCareTeamsTests.NINA,
                                "p1",
                                new Plans.NewActivity(
                                        "cp1",
                                        "6",
                                        "Shopping",
                                        "Organization/age-well",
                                        java.time.LocalDate.of(2026, 12, 14),
                                        null)))
                .isInstanceOf(PlanNotChangedException.class)
                .hasMessageContaining("Someone else changed this Individual Plan");
        assertThat(fhir.received()).noneMatch(r -> "PUT".equals(r.method()));
    }

    static CarePlan plan() {
        CarePlan plan = new CarePlan().setSubject(new Reference("Patient/p1"));
        plan.addGoal(new Reference("Goal/g1"));
        plan.addGoal(new Reference("Goal/g2"));
        plan.addActivity()
                .getDetail()
                .setCode(new CodeableConcept().setText("Handrail for the back step"))
                .addPerformer(new Reference("Organization/age-well"));
        plan.setId(new IdType("CarePlan", "cp1", "7"));
        return plan;
    }

    static Goal goal(String version, String text) {
        Goal goal =
                new Goal().setDescription(new CodeableConcept().setText(text)).setSubject(new Reference("Patient/p1"));
        goal.addNote()
                .setAuthor(new Reference("Practitioner/grace-lee").setDisplay("Grace Lee, Riverside Medical Practice"));
        goal.setId(new IdType("Goal", "g2", version));
        return goal;
    }

    static FhirPlanChanges service() {
        var properties =
                new FhirProperties(URI.create(fhir.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 10);
        var client = new FhirClientConfig().fhirClient(FHIR, properties, () -> "token-of-nina");
        return new FhirPlanChanges(
                new FhirSearches(client, properties),
                client,
                codes -> Map.of("city-council-asc", "City Council Adult Social Care"),
                FhirCareTeamsTests.MONDAY);
    }
}
