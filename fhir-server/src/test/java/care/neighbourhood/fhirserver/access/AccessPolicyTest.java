package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.access.index.BreakGlassGrants;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The access policy asked directly, as subscription delivery, export and the portal will ask it: a
 * caller, a record, the decision and its basis. No HTTP request is made.
 */
class AccessPolicyTest extends FhirServerTestBase {

    private static final Map<String, Caller> CALLERS = Map.of(
            "nina", staff("nina.patel", "northbank-community", "health", "community-nurse"),
            "omar", staff("omar.hassan", "riverside-practice", "health", "gp"),
            "maya", staff("maya.okafor", "northbank-mental-health", "health", "mental-health-practitioner"),
            "sam", staff("sam.taylor", "city-council-asc", "social-care", "social-worker"),
            "grace", staff("grace.lee", "riverside-practice", "health", "care-coordinator"),
            "irene", staff("irene.walsh", "northbank-community", "health", "ig-officer"),
            "council",
                    new Caller(
                            Caller.Kind.SYSTEM,
                            "test|council",
                            "council-case-system",
                            null,
                            "city-council-asc",
                            "social-care",
                            Set.of(),
                            Set.of(),
                            "council-case-system"));

    @Autowired
    AccessPolicy policy;

    @Autowired
    BreakGlassGrants grants;

    @Autowired
    DaoRegistry daos;

    @ParameterizedTest(name = "{0} sees {1}: {2}")
    @CsvSource({
        "nina,    CarePlan|careplan-margaret-ellis,                     SHOW,     relationship CareTeam/",
        "sam,     CarePlan|careplan-margaret-ellis,                     SHOW,     v1 coordination",
        "council, CarePlan|careplan-margaret-ellis,                     SHOW,     Task/",
        "sam,     Condition|condition-margaret-ellis-heart-failure,     WITHHOLD, ",
        "sam,     Condition|condition-peter-kowalski-stroke,            SHOW,     consent permit",
        "grace,   Condition|condition-daniel-foster-depression,         WITHHOLD, ",
        "nina,    Condition|condition-daniel-foster-depression,         WITHHOLD, ",
        "maya,    Condition|condition-daniel-foster-depression,         SHOW,     v1 clinical",
        "nina,    Condition|condition-edith-moore-atrial-fibrillation,  HIDE,     ",
        "omar,    Condition|condition-edith-moore-atrial-fibrillation,  HIDE,     ",
        "irene,   Consent|consent-arthur-bennett-social-care-opt-out,   SHOW,     governance ig-officer",
        "irene,   CarePlan|careplan-margaret-ellis,                     HIDE,     ",
        "sam,     Consent|consent-arthur-bennett-social-care-opt-out,   HIDE,     "
    })
    void disclosesARecordWithItsBasis(String who, String record, String verdict, String basis) {
        String[] parts = record.split("\\|");
        IBaseResource resource = sample(parts[0], parts[1]);

        Disclosure disclosure = policy.disclose(policy.contextFor(CALLERS.get(who)), resource);

        assertThat(disclosure.verdict()).as(disclosure.reason()).isEqualTo(Disclosure.Verdict.valueOf(verdict));
        if (basis != null) {
            assertThat(disclosure.basis().toString()).contains(basis);
        } else {
            assertThat(disclosure.basis()).isNull();
            assertThat(disclosure.reason()).isNotBlank();
        }
    }

    @Test
    void theDirectoryIsShownToEveryMember() {
        IBaseResource riverside =
                daos.getResourceDao("Organization").read(new IdType("Organization", "riverside-practice"), system());
        for (Caller caller : CALLERS.values()) {
            Disclosure disclosure = policy.disclose(policy.contextFor(caller), riverside);
            assertThat(disclosure.verdict()).isEqualTo(Disclosure.Verdict.SHOW);
            assertThat(disclosure.basis()).hasToString("directory");
        }
    }

    @Test
    void aRecordNamingSeveralPeopleIsShownOnlyIfEveryoneIsOnTheCaseload() {
        SampleRecords records = new SampleRecords(daos);
        Appointment both = appointment(records.patientId("9991042113"), records.patientId("9992204176"));
        Appointment withEdith =
                appointment(records.patientId("9991042113"), records.patientId(SampleRecords.EDITH_NHS_NUMBER));

        AccessContext nina = policy.contextFor(CALLERS.get("nina"));
        Disclosure shown = policy.disclose(nina, both);
        assertThat(shown.verdict()).isEqualTo(Disclosure.Verdict.SHOW);
        assertThat(shown.basis().relationships()).hasSize(2);
        assertThat(shown.basis().forPerson(records.patientId("9992204176")).relationships())
                .singleElement()
                .satisfies(r -> assertThat(r.personId()).isEqualTo(records.patientId("9992204176")));
        assertThat(policy.disclose(nina, withEdith).verdict()).isEqualTo(Disclosure.Verdict.HIDE);
        assertThat(policy.disclose(policy.contextFor(CALLERS.get("sam")), both).verdict())
                .isEqualTo(Disclosure.Verdict.HIDE);

        assertThat(policy.mayCreate(nina, both).allowed()).isTrue();
        WriteDecision refused = policy.mayCreate(nina, withEdith);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains("no care relationship");
    }

    @Test
    void aNoteOnATaskIsSignedByTheWriterAndEarlierNotesStayAsTheyWere() {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        AccessContext nina = policy.contextFor(CALLERS.get("nina"));
        org.hl7.fhir.r4.model.Task before = new org.hl7.fhir.r4.model.Task();
        before.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED);
        before.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
        before.setFor(new Reference("Patient/" + margaret));
        before.setRequester(new Reference("Practitioner/nina-patel"));
        before.addNote().setAuthor(new Reference("Practitioner/omar-hassan")).setText("Please visit");

        org.hl7.fhir.r4.model.Task signedByHer = before.copy();
        signedByHer
                .addNote()
                .setAuthor(new Reference("Practitioner/nina-patel"))
                .setText("Claimed");
        assertThat(policy.mayUpdate(nina, before, signedByHer).allowed()).isTrue();

        org.hl7.fhir.r4.model.Task inSomeoneElsesName = before.copy();
        inSomeoneElsesName
                .addNote()
                .setAuthor(new Reference("Practitioner/maya-okafor"))
                .setText("Declined");
        assertThat(policy.mayUpdate(nina, before, inSomeoneElsesName).reason())
                .isEqualTo("acting as Practitioner/maya-okafor");
    }

    @ParameterizedTest(name = "nina gives a Task asked for by omar to {0}: {1}")
    @CsvSource({
        "Practitioner/nina-patel,         allowed, herself",
        "Organization/city-council-asc,   allowed, another organisation (a referral)",
        "Practitioner/adam-clarke,        allowed, a colleague at her organisation",
        "Practitioner/omar-hassan,        allowed, whoever asked for it",
        "Practitioner/sam-taylor,         refused, a practitioner of another organisation",
        "PractitionerRole/sam-taylor-role, refused, a role of another organisation",
        "PractitionerRole/nina-patel-role, refused, a role (owners are organisations or practitioners)"
    })
    void aTaskIsGivenOnlyToAnOrganisationTheCallerAColleagueOrItsRequester(String owner, String outcome, String who) {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        AccessContext nina = policy.contextFor(CALLERS.get("nina"));
        org.hl7.fhir.r4.model.Task before = new org.hl7.fhir.r4.model.Task();
        before.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED);
        before.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
        before.setFor(new Reference("Patient/" + margaret));
        before.setRequester(new Reference("Practitioner/omar-hassan"));
        before.setOwner(new Reference("Organization/northbank-community"));

        org.hl7.fhir.r4.model.Task given = before.copy();
        given.setOwner(new Reference(owner));
        WriteDecision decision = policy.mayUpdate(nina, before, given);

        assertThat(decision.allowed()).as(who + ": " + decision.reason()).isEqualTo("allowed".equals(outcome));
        if (!decision.allowed()) {
            assertThat(decision.reason()).contains(owner);
        }
    }

    @Test
    void aTaskAlreadyWithSomeoneElseMayStillBeChangedWithoutChangingItsOwner() {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        AccessContext nina = policy.contextFor(CALLERS.get("nina"));
        org.hl7.fhir.r4.model.Task before = new org.hl7.fhir.r4.model.Task();
        before.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED);
        before.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
        before.setFor(new Reference("Patient/" + margaret));
        before.setOwner(new Reference("Practitioner/sam-taylor"));
        org.hl7.fhir.r4.model.Task escalated = before.copy();
        escalated.setPriority(org.hl7.fhir.r4.model.Task.TaskPriority.URGENT);

        assertThat(policy.mayUpdate(nina, before, escalated).allowed()).isTrue();
        assertThat(policy.mayCreate(nina, before).reason())
                .as("creating a Task for another organisation's practitioner")
                .contains("Practitioner/sam-taylor");
    }

    @Test
    void writesAreJudgedOnCaseloadAgreementAttributionAndLabels() {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        AccessContext nina = policy.contextFor(CALLERS.get("nina"));

        assertThat(policy.mayCreate(nina, condition(margaret, "Practitioner/nina-patel"))
                        .allowed())
                .isTrue();
        assertThat(policy.mayCreate(nina, condition(margaret, "Practitioner/omar-hassan"))
                        .reason())
                .isEqualTo("acting as Practitioner/omar-hassan");
        assertThat(policy.mayCreate(policy.contextFor(CALLERS.get("sam")), condition(margaret, null))
                        .reason())
                .contains("sharing agreement");

        Goal plain = goal(margaret);
        Goal labelled = goal(margaret);
        labelled.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", null));
        assertThat(policy.mayUpdate(nina, plain, labelled).allowed()).isFalse();
        assertThat(policy.mayUpdate(policy.contextFor(CALLERS.get("omar")), plain, labelled)
                        .allowed())
                .isTrue();
        assertThat(policy.mayUpdate(policy.contextFor(CALLERS.get("omar")), labelled, plain)
                        .allowed())
                .as("a GP may remove a label she may see")
                .isTrue();
    }

    @Test
    void aBreakGlassGrantIsARelationshipWhileItLastsAndNamesItselfInTheBasis() throws InterruptedException {
        String edith = new SampleRecords(daos).patientId(SampleRecords.EDITH_NHS_NUMBER);
        IBaseResource condition = sample("Condition", SampleRecords.EDITH_CONDITION);
        Caller grace = CALLERS.get("grace");
        assertThat(policy.disclose(policy.contextFor(grace), condition).verdict())
                .isEqualTo(Disclosure.Verdict.HIDE);

        grants.grant(
                edith, "Practitioner/grace-lee", "policy test", Instant.now().plusMillis(1500));
        Disclosure during = policy.disclose(policy.contextFor(grace), condition);
        assertThat(during.verdict()).isEqualTo(Disclosure.Verdict.SHOW);
        assertThat(during.basis().usesBreakGlass()).isTrue();
        assertThat(during.basis().toString()).contains("break-glass Basic/");

        Thread.sleep(2000);
        assertThat(policy.disclose(policy.contextFor(grace), condition).verdict())
                .as("after the grant ran out")
                .isEqualTo(Disclosure.Verdict.HIDE);
    }

    private IBaseResource sample(String type, String identifier) {
        String id = new SampleRecords(daos).id(type, SampleRecords.SAMPLE, identifier);
        return daos.getResourceDao(type).read(new IdType(type, id), system());
    }

    private static Appointment appointment(String first, String second) {
        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.PROPOSED);
        appointment.addParticipant().setActor(new Reference("Patient/" + first));
        appointment.addParticipant().setActor(new Reference("Patient/" + second));
        return appointment;
    }

    private static Condition condition(String person, String recorder) {
        Condition condition = new Condition();
        condition.setSubject(new Reference("Patient/" + person));
        condition.getCode().setText("Policy test");
        if (recorder != null) {
            condition.setRecorder(new Reference(recorder));
        }
        return condition;
    }

    private static Goal goal(String person) {
        Goal goal = new Goal();
        goal.setSubject(new Reference("Patient/" + person));
        goal.getDescription().setText("Policy test");
        return goal;
    }

    private static Caller staff(String username, String organisation, String sector, String role) {
        return new Caller(
                Caller.Kind.STAFF,
                "test|" + username,
                username,
                "Practitioner/" + username.replace('.', '-'),
                organisation,
                sector,
                Set.of(role),
                Set.of(),
                "workspace-cli");
    }

    private static SystemRequestDetails system() {
        return new SystemRequestDetails();
    }
}
