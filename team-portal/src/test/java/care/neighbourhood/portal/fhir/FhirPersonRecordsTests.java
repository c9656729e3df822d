package care.neighbourhood.portal.fhir;

import static care.neighbourhood.portal.fhir.FhirFixtures.MONDAY_MORNING;
import static care.neighbourhood.portal.fhir.FhirFixtures.careTeam;
import static care.neighbourhood.portal.fhir.FhirFixtures.due;
import static care.neighbourhood.portal.fhir.FhirFixtures.include;
import static care.neighbourhood.portal.fhir.FhirFixtures.owned;
import static care.neighbourhood.portal.fhir.FhirFixtures.participant;
import static care.neighbourhood.portal.fhir.FhirFixtures.patient;
import static care.neighbourhood.portal.fhir.FhirFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.fhir.FhirStubServer.Received;
import care.neighbourhood.portal.people.CareTeamMember;
import care.neighbourhood.portal.people.HandOnOrganisation;
import care.neighbourhood.portal.people.PersonRecord;
import care.neighbourhood.portal.people.PersonSummary.KeyContact;
import care.neighbourhood.portal.people.PersonTask;
import care.neighbourhood.portal.people.RecentChange;
import care.neighbourhood.portal.people.WithheldNotice;
import care.neighbourhood.portal.security.CurrentUser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task.TaskPriority;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The person's record against a stand-in FHIR server: a fixed number of calls, the access basis and
 * the withheld counts read from the answers' headers and put into words with the agreement.
 */
class FhirPersonRecordsTests {

    static final CurrentUser SAM = new CurrentUser(
            "sam.taylor",
            "Sam Taylor",
            "Practitioner/sam-taylor",
            "city-council-asc",
            "social-care",
            Set.of("social-worker"));

    static final CurrentUser GRACE = new CurrentUser(
            "grace.lee",
            "Grace Lee",
            "Practitioner/grace-lee",
            "riverside-practice",
            "health",
            Set.of("care-coordinator"));

    static final String AGREEMENT = """
            id: northbank-neighbourhood
            version: 1
            title: Northbank agreement
            dataClasses:
              coordination:
                description: Who the person is and who is involved.
                resourceTypes: [Patient, RelatedPerson, CareTeam, CarePlan, Goal, Task]
                read: {sectors: [health, social-care, voluntary]}
              clinical:
                description: Diagnoses and observations.
                resourceTypes: [Condition, Observation]
                read: {sectors: [health]}
              social-care-assessment:
                description: Assessments.
                resourceTypes: [QuestionnaireResponse]
                read: {sectors: [social-care, health]}
            restricted:
              roles: [gp, mental-health-practitioner]
            """;

    static FhirStubServer fhir;

    @BeforeAll
    static void startFhirServer() {
        fhir = FhirStubServer.start();
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    @Test
    void readsTheRecordInAFixedNumberOfCallsAndExplainsItInWords() {
        fhir.answer(request -> answer(
                request,
                withheld(2, "riverside-practice", "Riverside Medical Practice", "agreement", SAYS_AGREEMENT),
                "relationship CareTeam/team-ellis,Task/t-referral; agreement"
                        + " northbank-neighbourhood v1 coordination"));

        PersonRecord record = service().recordOf(SAM, "ellis");

        assertThat(record.person().name()).isEqualTo("Margaret Ellis");
        assertThat(record.person().birthDate()).isEqualTo("14 March 1941");
        assertThat(record.person().age()).isEqualTo(84);
        assertThat(record.person().nhsNumberForDisplay()).isEqualTo("999 104 2113");
        assertThat(record.person().address()).isEqualTo("7 Willow Court, Northbank, NB2 5WE");
        assertThat(record.person().keyContacts())
                .containsExactly(new KeyContact("George Ellis", "Son and main carer", "07700 900601"));

        assertThat(record.plans()).singleElement().satisfies(plan -> {
            assertThat(plan.title()).isEqualTo("Individual Plan for Margaret Ellis");
            assertThat(plan.status()).isEqualTo("Active");
            assertThat(plan.whatMattersToMe()).containsExactly("Staying in my own home with my cat");
            assertThat(plan.goals()).containsExactly("Stay out of hospital");
            assertThat(plan.activities()).singleElement().satisfies(activity -> {
                assertThat(activity.what()).isEqualTo("Heart failure monitoring at home");
                assertThat(activity.owners()).containsExactly("Nina Patel");
                assertThat(activity.status()).isEqualTo("In progress");
            });
        });

        assertThat(record.careTeam())
                .containsExactly(
                        new CareTeamMember(
                                "Sam Taylor",
                                "Social worker",
                                "City Council Adult Social Care",
                                "1 January 2026",
                                "Team Ellis",
                                "01632 960414",
                                "sam.taylor@city-council.example"),
                        new CareTeamMember("Age Well Northbank", null, null, null, "Team Ellis"));

        assertThat(record.openTasks())
                .extracting(PersonTask::description)
                .as("urgent first, then by due date; completed tasks left out")
                .containsExactly("Check pressure area on left heel", "Assess for a home-care package");
        assertThat(record.openTasks().get(0)).satisfies(task -> {
            assertThat(task.priority()).isEqualTo("Urgent");
            assertThat(task.due()).isEqualTo("6 March 2026");
            assertThat(task.overdue()).isTrue();
            assertThat(task.unclaimed()).isFalse();
        });
        assertThat(record.openTasks().get(1).unclaimed()).isTrue();
        assertThat(record.openTasks().get(1).owner()).isEqualTo("City Council Adult Social Care");

        assertThat(record.withheld())
                .as("in the server's words, never guessed from the agreement")
                .containsExactly(new WithheldNotice(
                        2, "clinical information", "Riverside Medical Practice", "agreement", SAYS_AGREEMENT));

        assertThat(record.recentChanges())
                .as("newest first, from the records the searches returned; none of the withheld")
                .extracting(RecentChange::what)
                .startsWith("Condition added: Diabetes", "Task updated: Check pressure area on left heel");
        assertThat(record.recentChanges().get(0).who()).isEqualTo("Dr Omar Hassan");
        assertThat(record.recentChanges().get(0).when()).isEqualTo("10 March 2026 at 9:30am");
        assertThat(record.recentChanges().get(1).who()).isEqualTo("Nina Patel");
        assertThat(record.recentChanges()).hasSizeLessThanOrEqualTo(10);

        assertThat(record.openTasks().get(1).actions())
                .extracting(PersonTask.Action::value)
                .as("the triage board's rules: the council holds the referral")
                .containsExactly("claim", "hand-on", "escalate", "decline");
        assertThat(record.openTasks().get(0).actions()).isEmpty();
        assertThat(record.handOnTo())
                .extracting(HandOnOrganisation::code)
                .doesNotContain("city-council-asc")
                .contains("riverside-practice");

        assertThat(record.access().emergency()).isFalse();
        assertThat(record.access().reasons())
                .contains(
                        "You are a member of “Team Ellis” as social worker.",
                        "The task “Assess for a home-care package” is referred to City Council Adult Social Care,"
                                + " your organisation. While it is open, your organisation is involved in their"
                                + " care.",
                        "The data-sharing agreement “Northbank agreement”, version 1, shares coordination"
                                + " information with health, social care and voluntary sector staff: who the"
                                + " person is and who is involved.");

        List<Received> requests = fhir.received();
        assertThat(requests).extracting(Received::authorization).containsOnly("Bearer token-of-sam-taylor");
        assertThat(requests)
                .as("read, agreement, coordination record, the rest of the record, organisation names, the"
                        + " neighbourhood's organisations")
                .hasSize(6);
        Received rest = requests.stream()
                .filter(r -> r.path().equals("/fhir/Patient")
                        && r.query().get("_revinclude").contains("Condition:patient"))
                .findFirst()
                .orElseThrow();
        assertThat(rest.query().get("_revinclude"))
                .as("every other data class in one search")
                .containsExactlyInAnyOrder("Condition:patient", "Observation:patient", "QuestionnaireResponse:patient");
        assertThat(rest.param("_elements")).contains("code").contains("recorder");
        Received coordination = requests.stream()
                .filter(r -> r.path().equals("/fhir/Patient")
                        && r.query().get("_revinclude").contains("CarePlan:patient"))
                .findFirst()
                .orElseThrow();
        assertThat(coordination.param("_id")).isEqualTo("ellis");
        assertThat(coordination.query().get("_revinclude"))
                .containsExactlyInAnyOrder(
                        "RelatedPerson:patient",
                        "CareTeam:patient",
                        "CarePlan:patient",
                        "Goal:patient",
                        "Task:patient");
    }

    @Test
    void aCareCoordinatorIsToldOfRestrictedRecordsNotOfTheAgreement() {
        fhir.answer(request -> answer(
                request,
                withheld(
                        1,
                        "northbank-mental-health",
                        "Northbank Mental Health Trust",
                        "restricted",
                        "1 item is not shown to you: clinical information from Northbank Mental Health Trust is"
                                + " labelled restricted and is shown only to GPs and mental health practitioners."),
                "relationship CareTeam/team-ellis; agreement x v1 coordination"));

        PersonRecord record = service().recordOf(GRACE, "ellis");

        assertThat(record.withheld()).singleElement().satisfies(notice -> {
            assertThat(notice.restricted()).isTrue();
            assertThat(notice.organisation()).isEqualTo("Northbank Mental Health Trust");
            assertThat(notice.text()).contains("is labelled restricted");
        });
        assertThat(record.access().reasons()).contains("You or your organisation is a member of “Team Ellis”.");
    }

    @Test
    void emergencyAccessIsNamed() {
        fhir.answer(request -> answer(
                request, (OperationOutcome) null, "relationship break-glass Basic/7; agreement x v1 coordination"));

        PersonRecord record = service().recordOf(GRACE, "ellis");

        assertThat(record.withheld()).isEmpty();
        assertThat(record.access().emergency()).isTrue();
        assertThat(record.access().reasons().get(0)).startsWith("You are using emergency access (break glass).");
        assertThat(record.access().emergencyEnds()).isNull();
    }

    @Test
    void theEndOfEmergencyAccessIsTakenFromTheServersBasisInLondonTime() {
        fhir.answer(request -> answer(
                request,
                (OperationOutcome) null,
                "relationship break-glass Basic/7 until 2026-07-01T17:30:00Z; agreement x v1 coordination"));

        PersonRecord record = service().recordOf(GRACE, "ellis");

        assertThat(record.access().emergency()).isTrue();
        assertThat(record.access().emergencyEnds()).isEqualTo("6:30pm on Wednesday 1 July 2026");
    }

    @Test
    void aPersonTheServerRefusesOrDoesNotKnowStopsAtTheRead() {
        fhir.answer(request -> Answer.outcome(403, "HIDE Patient/moore"));
        assertThatThrownBy(() -> service().recordOf(SAM, "moore"))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.ACCESS_DENIED));
        assertThat(fhir.received()).extracting(Received::path).containsExactly("/fhir/Patient/moore");

        fhir.answer(request -> Answer.outcome(404, "Unknown"));
        assertThatThrownBy(() -> service().recordOf(SAM, "nobody"))
                .isInstanceOfSatisfying(
                        FhirServiceException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aCountTheServerDidNotExplainIsSaidWithoutAGuess() {
        fhir.answer(request -> answer(request, null, "relationship CareTeam/team-ellis; agreement x v1 coordination")
                .withHeader("X-Withheld-Count", request.query().containsKey("_elements") ? "3" : "0"));

        PersonRecord record = service().recordOf(SAM, "ellis");

        assertThat(record.withheld())
                .containsExactly(new WithheldNotice(3, "information", null, null, "3 items are not shown to you."));
    }

    static final String SAYS_AGREEMENT = "2 items are not shown to you: clinical information from Riverside Medical"
            + " Practice is shared with social care only with the person's agreement.";

    /** What the server says of the records it withheld from a search: one group. */
    private static OperationOutcome withheld(
            int count, String custodian, String custodianName, String because, String words) {
        var outcome = new OperationOutcome();
        var issue = outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.SUPPRESSED)
                .setDetails(new CodeableConcept(new Coding(WithheldWords.REASON_SYSTEM, because, null)).setText(words));
        issue.addExtension(WithheldWords.COUNT, new IntegerType(count));
        issue.addExtension(
                WithheldWords.DATA_CLASS,
                new Coding("https://neighbourhood.example/fhir/CodeSystem/data-class", "clinical", null));
        issue.addExtension(
                WithheldWords.CUSTODIAN, new Reference("Organization/" + custodian).setDisplay(custodianName));
        return outcome;
    }

    /**
     * The stand-in's answers: Margaret Ellis's record; the search for the rest of her record returns a
     * diagnosis the user may see and, when given, what the server says it withheld.
     */
    private static Answer answer(Received request, OperationOutcome withheld, String basis) {
        if (request.path().equals("/fhir/Patient/ellis")) {
            return Answer.ok(margaret()).withHeader("X-Access-Basis", basis);
        }
        if (request.path().equals("/fhir/$sharing-agreement")) {
            var parameters = new Parameters();
            parameters.addParameter("title", new StringType("Northbank agreement"));
            parameters.addParameter("document", new StringType(AGREEMENT));
            return Answer.ok(parameters);
        }
        if (request.path().equals("/fhir/Organization")) {
            return Answer.ok(bundle(
                    FhirFixtures.organisation("city-council-asc", "City Council Adult Social Care"),
                    FhirFixtures.organisation("riverside-practice", "Riverside Medical Practice")));
        }
        if (request.path().equals("/fhir/Patient") && "ellis".equals(request.param("_id"))) {
            List<String> revIncludes = request.query().getOrDefault("_revinclude", List.of());
            if (revIncludes.contains("CarePlan:patient")) {
                return Answer.ok(coordinationRecord());
            }
            if (!revIncludes.contains("Condition:patient")) {
                return Answer.outcome(400, "Unexpected search");
            }
            var diabetes = new Condition();
            diabetes.setId("Condition/c-diabetes");
            diabetes.getMeta()
                    .setVersionId("1")
                    .setLastUpdated(java.util.Date.from(java.time.Instant.parse("2026-03-10T09:30:00Z")));
            diabetes.setSubject(new Reference("Patient/ellis"));
            diabetes.setCode(new CodeableConcept().setText("Diabetes"));
            diabetes.setRecorder(new Reference("Practitioner/omar-hassan").setDisplay("Dr Omar Hassan"));
            Bundle found = bundle(margaret(), include(diabetes));
            if (withheld == null) {
                return Answer.ok(found);
            }
            found.addEntry().setResource(withheld).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
            return Answer.ok(found)
                    .withHeader(
                            "X-Withheld-Count",
                            String.valueOf(withheld.getIssueFirstRep()
                                    .getExtensionByUrl(WithheldWords.COUNT)
                                    .getValue()
                                    .primitiveValue()));
        }
        return Answer.outcome(404, "Unexpected " + request.path());
    }

    private static Patient margaret() {
        Patient margaret = patient("ellis", "Ellis", "Margaret", "1941-03-14", "9991042113");
        margaret.addAddress().addLine("7 Willow Court").setCity("Northbank").setPostalCode("NB2 5WE");
        return margaret;
    }

    private static Bundle coordinationRecord() {
        var george = new RelatedPerson();
        george.setId("RelatedPerson/george");
        george.setPatient(new Reference("Patient/ellis"));
        george.addName().setFamily("Ellis").addGiven("George");
        george.addRelationship().setText("Son and main carer");
        george.addTelecom()
                .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE)
                .setValue("07700 900601");

        var team = careTeam(
                "team-ellis",
                "Patient/ellis",
                participant("Practitioner/sam-taylor", "Sam Taylor", "2026-01-01", null)
                        .setOnBehalfOf(new Reference("Organization/city-council-asc"))
                        .addRole(new CodeableConcept().setText("Social worker")),
                participant("Organization/age-well", "Age Well Northbank", null, null),
                participant("Practitioner/former", "Former Member", "2025-01-01", "2026-01-31"));
        team.setName("Team Ellis");

        var home = new Goal();
        home.setId("Goal/home");
        home.addCategory().setText("what-matters-to-me");
        home.setDescription(new CodeableConcept().setText("What matters to me: staying in my own home with my cat"));
        var hospital = new Goal();
        hospital.setId("Goal/hospital");
        hospital.setDescription(new CodeableConcept().setText("Stay out of hospital"));

        var plan = new CarePlan();
        plan.setId("CarePlan/plan-ellis");
        plan.setStatus(CarePlanStatus.ACTIVE).setIntent(CarePlanIntent.PLAN);
        plan.setTitle("Individual Plan for Margaret Ellis");
        plan.setSubject(new Reference("Patient/ellis"));
        plan.addGoal(new Reference("Goal/home"));
        plan.addGoal(new Reference("Goal/hospital"));
        plan.addGoal(new Reference("Goal/withheld").setDisplay("Not to be rebuilt from the reference"));
        plan.addActivity()
                .getDetail()
                .setCode(new CodeableConcept().setText("Heart failure monitoring at home"))
                .setStatus(CarePlanActivityStatus.INPROGRESS)
                .addPerformer(new Reference("Practitioner/nina-patel").setDisplay("Nina Patel"));

        var heel = due(
                owned(task("t-heel", "Patient/ellis", TaskStatus.ACCEPTED), "Practitioner/nina-patel", "Nina Patel"),
                "2026-03-06");
        heel.setDescription("Check pressure area on left heel").setPriority(TaskPriority.URGENT);
        var noted = java.util.Date.from(java.time.Instant.parse("2026-03-09T09:32:00Z"));
        heel.getMeta().setVersionId("3").setLastUpdated(noted);
        heel.addNote()
                .setTime(noted)
                .setAuthor(new Reference("Practitioner/nina-patel").setDisplay("Nina Patel"))
                .setText("Claimed");
        var referral =
                owned(task("t-referral", "Patient/ellis", TaskStatus.REQUESTED), "Organization/city-council-asc", null);
        referral.setDescription("Assess for a home-care package");
        var done = task("t-done", "Patient/ellis", TaskStatus.COMPLETED);
        done.setDescription("Befriending");

        var sam = new org.hl7.fhir.r4.model.Practitioner();
        sam.setId("Practitioner/sam-taylor");
        sam.addName().setFamily("Taylor").addGiven("Sam");
        sam.addTelecom()
                .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE)
                .setValue("01632 960414");
        sam.addTelecom()
                .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL)
                .setValue("sam.taylor@city-council.example");

        return bundle(
                margaret(),
                include(george),
                include(team),
                include(sam),
                include(home),
                include(hospital),
                include(plan),
                include(heel),
                include(referral),
                include(done));
    }

    private static Bundle bundle(org.hl7.fhir.r4.model.Resource... resources) {
        return FhirFixtures.bundle(fhir.baseUrl(), null, resources);
    }

    static FhirPersonRecords service() {
        var properties =
                new FhirProperties(URI.create(fhir.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 10);
        var client =
                new FhirClientConfig().fhirClient(FhirContext.forR4Cached(), properties, () -> "token-of-sam-taylor");
        var searches = new FhirSearches(client, properties);
        return new FhirPersonRecords(
                searches,
                new FhirAgreementTerms(new FhirSharingAgreements(client), MONDAY_MORNING),
                new FhirOrganisationDirectory(searches, MONDAY_MORNING),
                new NeighbourhoodOrganisations(searches, MONDAY_MORNING),
                MONDAY_MORNING);
    }
}
