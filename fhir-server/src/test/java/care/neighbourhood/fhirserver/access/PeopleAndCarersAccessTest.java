package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import care.neighbourhood.testkit.Persona;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * People and their carers through the API: Margaret Ellis and Arthur Bennett read their own records
 * and nobody else's, George Ellis (Margaret's son) reads what Margaret's consent permits him and
 * nothing without it. Every way in a person must not use is tried.
 */
class PeopleAndCarersAccessTest extends FhirServerTestBase {

    static final String MARGARET = "margaret-ellis";
    static final String ARTHUR = "arthur-bennett";
    static final String GEORGE = "RelatedPerson/george-ellis";

    @Autowired
    DaoRegistry daos;

    private SampleRecords records;
    private final List<String> consentsMade = new ArrayList<>();

    @BeforeEach
    void records() {
        records = new SampleRecords(daos);
    }

    /** Consents made here are withdrawn afterwards, so that other tests find the sample as it was. */
    @AfterEach
    void withdrawConsents() {
        for (String consent : consentsMade) {
            withdraw(consent);
        }
        consentsMade.clear();
    }

    static String personToken(String patientId) {
        return TestTokens.TRUSTED.token(
                patientId.replace('-', '.'), null, null, "person", c -> c.claim("fhirUser", "Patient/" + patientId));
    }

    static String carerToken() {
        return TestTokens.TRUSTED.token("george.ellis", null, null, "carer", c -> c.claim("fhirUser", GEORGE));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // her own coordination record
        "margaret, /Patient/{margaret}, 200",
        "margaret, /CarePlan/{margaret.careplan}, 200",
        "margaret, /CareTeam/{margaret.careteam}, 200",
        "margaret, /Task/{margaret.task}, 200",
        "margaret, /Goal/{margaret.goal}, 200",
        "margaret, /RelatedPerson/george-ellis, 200",
        "margaret, /Goal/{margaret.goal}/_history, 200",
        // the directory, for who is in her team
        "margaret, /Practitioner/nina-patel, 200",
        "margaret, /Organization/age-well, 200",
        // clinical records are not opened to people through the workspace
        "margaret, /Condition/{margaret.condition}, 403",
        // nobody else's record
        "margaret, /Patient/{arthur}, 403",
        "margaret, /CarePlan/{arthur.careplan}, 403",
        "margaret, /Goal/{arthur.goal}/_history, 403",
        "arthur, /Patient/{margaret}, 403",
        "arthur, /Patient/{arthur}, 200",
        // ways in that are not for people
        "margaret, /Patient/{margaret}/$everything, 403",
        "margaret, /Patient/$caseload, 403",
        "margaret, /Task/$worklist, 403",
        "margaret, /AuditEvent?patient=Patient/{margaret}, 403",
        "margaret, /AuditEvent?patient=Patient/{arthur}, 403",
        "margaret, /Subscription, 403",
        "margaret, /$export, 403",
        "margaret, /Patient/$demographic-lookup?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9994077333, 403",
        "margaret, /Goal/_history, 403",
        "margaret, /_history, 403",
        "margaret, /Task/{margaret.task}/$meta, 403",
        // a carer without the person's consent sees nothing of her
        "george, /Patient/{margaret}, 403",
        "george, /CarePlan/{margaret.careplan}, 403",
        "george, /CarePlan?patient=Patient/{margaret}, 403",
        "george, /Practitioner/nina-patel, 200"
    })
    void readsAndWaysIn(String who, String path, int expected) {
        HttpResponse<String> response = get(resolve(path), tokenOf(who));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(response.body()).contains("OperationOutcome").doesNotContain("Arthur");
        }
    }

    @Test
    void aPersonsSearchesHoldTheirOwnRecordsOnly() {
        String margaret = personToken(MARGARET);
        assertThat(entryIds(get("/Patient", margaret))).containsExactly(MARGARET);
        assertThat(entryIds(get("/Patient?_id=" + ARTHUR, margaret))).isEmpty();
        assertThat(entryIds(get("/CarePlan?patient=Patient/" + ARTHUR, margaret)))
                .isEmpty();
        List<String> plans = entryIds(get("/CarePlan", margaret));
        assertThat(plans).containsExactly(resolve("{margaret.careplan}"));
        List<String> tasks = entryIds(get("/Task?_include=Task:patient", margaret));
        assertThat(tasks).contains(MARGARET).hasSizeGreaterThan(3);
        for (String id : tasks) {
            if (!id.equals(MARGARET)) {
                assertThat(((org.hl7.fhir.r4.model.Task) daos.getResourceDao("Task")
                                        .read(new org.hl7.fhir.r4.model.IdType("Task", id), new SystemRequestDetails()))
                                .getFor()
                                .getReferenceElement()
                                .getIdPart())
                        .isEqualTo(MARGARET);
            }
        }
        // her Conditions are withheld, and she is told so without being told what they are
        HttpResponse<String> conditions = get("/Condition", margaret);
        assertThat(entryIds(conditions)).isEmpty();
        assertThat(conditions.body()).contains("not shown here").doesNotContain("heart failure");
    }

    @Test
    void recordsLabelledNotForThePersonAreWithheldFromThemAndTheirCarerAndCounted() {
        Goal aboutSomeoneElse = whatMattersGoal(MARGARET, "Practitioner/nina-patel", "George is struggling to cope");
        aboutSomeoneElse.getCategory().clear();
        aboutSomeoneElse
                .getMeta()
                .addSecurity(new Coding(
                        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "NOPAT", "no disclosure to patient"));
        String id = daos.getResourceDao("Goal")
                .create(aboutSomeoneElse, new SystemRequestDetails())
                .getId()
                .getIdPart();
        String margaret = personToken(MARGARET);
        HttpResponse<String> read = get("/Goal/" + id, margaret);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).doesNotContain("struggling");
        HttpResponse<String> goals = get("/Goal?patient=Patient/" + MARGARET, margaret);
        assertThat(entryIds(goals)).doesNotContain(id).isNotEmpty();
        assertThat(goals.body()).contains("not for your own view").doesNotContain("struggling");
        // the nurse sees it; George, with Margaret's consent, does not
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        assertThat(get("/Goal/" + id, nina).statusCode()).isEqualTo(200);
        makeConsent(margaret, "permit", GEORGE, "coordination", false);
        assertThat(get("/Goal/" + id, carerToken()).statusCode()).isEqualTo(403);
        assertThat(entryIds(get("/Goal?patient=Patient/" + MARGARET, carerToken())))
                .doesNotContain(id)
                .isNotEmpty();
    }

    @Test
    void aPersonAddsAndRewordsWhatMattersToThemAndNothingElse() {
        String margaret = personToken(MARGARET);
        HttpResponse<String> created =
                post("/Goal", whatMatters(MARGARET, "Patient/" + MARGARET, "Seeing my grandson on Sundays"), margaret);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = FHIR.newJsonParser()
                .parseResource(Goal.class, created.body())
                .getIdElement()
                .getIdPart();

        // her nurse sees it, and who wrote it
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        HttpResponse<String> seen = get("/Goal/" + id, nina);
        assertThat(seen.body()).contains("Seeing my grandson on Sundays").contains("Patient/" + MARGARET);
        HttpResponse<String> provenance = get("/Provenance?target=Goal/" + id, nina);
        assertThat(provenance.body()).contains("\"reference\":\"Patient/" + MARGARET + "\"");

        Goal reworded = whatMattersGoal(MARGARET, "Patient/" + MARGARET, "Seeing my grandson every Sunday");
        reworded.setId(id);
        HttpResponse<String> updated =
                put("/Goal/" + id, FHIR.newJsonParser().encodeResourceToString(reworded), margaret);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        assertThat(post("/Goal", whatMatters(ARTHUR, "Patient/" + MARGARET, "For Arthur"), margaret)
                        .statusCode())
                .as("a goal for someone else")
                .isEqualTo(403);
        assertThat(post("/Goal", whatMatters(MARGARET, "Practitioner/nina-patel", "Put words in"), margaret)
                        .statusCode())
                .as("a goal put down as someone else's words")
                .isEqualTo(403);
        Goal plain = whatMattersGoal(MARGARET, "Patient/" + MARGARET, "Not a what-matters goal");
        plain.getCategory().clear();
        HttpResponse<String> notWhatMatters =
                post("/Goal", FHIR.newJsonParser().encodeResourceToString(plain), margaret);
        assertThat(notWhatMatters.statusCode()).isEqualTo(403);
        assertThat(notWhatMatters.body()).contains("what matters");
        Goal labelled = whatMattersGoal(MARGARET, "Patient/" + MARGARET, "Labelled");
        labelled.getMeta()
                .addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", null));
        assertThat(post("/Goal", FHIR.newJsonParser().encodeResourceToString(labelled), margaret)
                        .statusCode())
                .isEqualTo(403);
        String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"for\":{\"reference\":"
                + "\"Patient/" + MARGARET + "\"},\"description\":\"Mine\",\"requester\":{\"reference\":"
                + "\"Practitioner/nina-patel\"},\"owner\":{\"reference\":\"Practitioner/nina-patel\"}}";
        assertThat(post("/Task", task, margaret).statusCode()).isEqualTo(403);
        assertThat(send(request("/Goal/" + id).DELETE().header("Authorization", "Bearer " + margaret))
                        .statusCode())
                .isEqualTo(403);
        String heartFailureGoal = records.id("Goal", SampleRecords.SAMPLE, "goal-margaret-ellis-heart-failure");
        Goal team = (Goal) daos.getResourceDao("Goal")
                .read(new org.hl7.fhir.r4.model.IdType("Goal", heartFailureGoal), new SystemRequestDetails());
        team.getDescription().setText("Changed by Margaret");
        team.setMeta(null);
        assertThat(put("/Goal/" + heartFailureGoal, FHIR.newJsonParser().encodeResourceToString(team), margaret)
                        .statusCode())
                .as("a goal the team set")
                .isEqualTo(403);
    }

    @Test
    void aPersonAddsWhatMattersToThemToTheirPlanAndChangesNothingElseInIt() {
        String margaret = personToken(MARGARET);
        String planId = resolve("{margaret.careplan}");
        org.hl7.fhir.r4.model.CarePlan plan = (org.hl7.fhir.r4.model.CarePlan) daos.getResourceDao("CarePlan")
                .read(new org.hl7.fhir.r4.model.IdType("CarePlan", planId), new SystemRequestDetails());
        org.hl7.fhir.r4.model.CarePlan withGoal = plan.copy();
        withGoal.addGoal(new Reference("urn:uuid:7d1c4a52-0b5e-4f0b-9d65-2f8e3c1a9b01"));
        withGoal.addNote().setAuthor(new Reference("Patient/" + MARGARET)).setText("Goal added: my garden");
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:7d1c4a52-0b5e-4f0b-9d65-2f8e3c1a9b01")
                .setResource(whatMattersGoal(MARGARET, "Patient/" + MARGARET, "Sitting in my garden"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Goal");
        transaction
                .addEntry()
                .setResource(withGoal)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("CarePlan/" + planId)
                .setIfMatch("W/\"" + plan.getIdElement().getVersionIdPart() + "\"");
        HttpResponse<String> added = post("", FHIR.newJsonParser().encodeResourceToString(transaction), margaret);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        org.hl7.fhir.r4.model.CarePlan now = (org.hl7.fhir.r4.model.CarePlan) daos.getResourceDao("CarePlan")
                .read(new org.hl7.fhir.r4.model.IdType("CarePlan", planId), new SystemRequestDetails());
        assertThat(now.getGoal()).hasSize(plan.getGoal().size() + 1);

        org.hl7.fhir.r4.model.CarePlan retitled = now.copy();
        retitled.setTitle("My own plan");
        assertThat(put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(retitled), margaret)
                        .statusCode())
                .as("anything else in the plan is the team's")
                .isEqualTo(403);
        org.hl7.fhir.r4.model.CarePlan teamGoal = now.copy();
        teamGoal.addGoal(
                new Reference("Goal/" + records.id("Goal", SampleRecords.SAMPLE, "goal-margaret-ellis-heart-failure")));
        assertThat(put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(teamGoal), margaret)
                        .statusCode())
                .as("a goal the team set")
                .isEqualTo(403);
        org.hl7.fhir.r4.model.CarePlan commented = now.copy();
        commented
                .getActivityFirstRep()
                .addProgress()
                .setAuthor(new Reference("Patient/" + MARGARET))
                .setText("Mornings suit me better");
        HttpResponse<String> comment =
                put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(commented), margaret);
        assertThat(comment.statusCode()).as(comment.body()).isEqualTo(200);
        now = (org.hl7.fhir.r4.model.CarePlan) daos.getResourceDao("CarePlan")
                .read(new org.hl7.fhir.r4.model.IdType("CarePlan", planId), new SystemRequestDetails());
        org.hl7.fhir.r4.model.CarePlan commentAsNina = now.copy();
        commentAsNina
                .getActivityFirstRep()
                .addProgress()
                .setAuthor(new Reference("Practitioner/nina-patel"))
                .setText("Put in her mouth");
        assertThat(put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(commentAsNina), margaret)
                        .statusCode())
                .as("a comment put down as someone else's")
                .isEqualTo(403);
        org.hl7.fhir.r4.model.CarePlan uncommented = now.copy();
        uncommented.getActivityFirstRep().getProgress().clear();
        assertThat(put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(uncommented), margaret)
                        .statusCode())
                .as("comments are not removed")
                .isEqualTo(403);
        org.hl7.fhir.r4.model.CarePlan othersNote = now.copy();
        othersNote.addNote().setAuthor(new Reference("Practitioner/nina-patel")).setText("Said by Nina");
        assertThat(put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(othersNote), margaret)
                        .statusCode())
                .as("a note put down as someone else's")
                .isEqualTo(403);
    }

    @Test
    void aCarerSeesWhatThePersonsConsentPermitsUntilItIsWithdrawn() {
        String george = carerToken();
        String plan = resolve("/CarePlan/{margaret.careplan}");
        assertThat(get(plan, george).statusCode()).isEqualTo(403);

        String consent = makeConsent(personToken(MARGARET), "permit", GEORGE, "coordination", false);
        assertThat(get(plan, george).statusCode()).isEqualTo(200);
        assertThat(entryIds(get("/CarePlan", george))).containsExactly(resolve("{margaret.careplan}"));
        assertThat(get(resolve("/Condition/{margaret.condition}"), george).statusCode())
                .isEqualTo(403);
        assertThat(get(resolve("/CarePlan/{arthur.careplan}"), george).statusCode())
                .isEqualTo(403);
        // reading is not changing: the consent does not say "correct"
        assertThat(post("/Goal", whatMatters(MARGARET, GEORGE, "Mum wants to keep the cat"), george)
                        .statusCode())
                .isEqualTo(403);
        // nor comment on her plan
        org.hl7.fhir.r4.model.CarePlan current = (org.hl7.fhir.r4.model.CarePlan) daos.getResourceDao("CarePlan")
                .read(
                        new org.hl7.fhir.r4.model.IdType("CarePlan", resolve("{margaret.careplan}")),
                        new SystemRequestDetails());
        current.getActivityFirstRep()
                .addProgress()
                .setAuthor(new Reference(GEORGE))
                .setText("Mum prefers mornings");
        assertThat(put(plan, FHIR.newJsonParser().encodeResourceToString(current), george)
                        .statusCode())
                .isEqualTo(403);
        // nor does a carer make the person's sharing decisions
        assertThat(postConsent(george, "permit", GEORGE, "coordination", true).statusCode())
                .isEqualTo(403);

        withdraw(consent);
        assertThat(get(plan, george).statusCode())
                .as("withdrawn on the next request")
                .isEqualTo(403);
    }

    @Test
    void aCarerTheConsentLetsChangeAddsTheirWordsToThePersonsGoals() {
        makeConsent(personToken(MARGARET), "permit", GEORGE, "coordination", true);
        HttpResponse<String> created =
                post("/Goal", whatMatters(MARGARET, GEORGE, "Mum wants to keep the cat"), carerToken());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains(GEORGE);
        String planId = resolve("{margaret.careplan}");
        org.hl7.fhir.r4.model.CarePlan current = (org.hl7.fhir.r4.model.CarePlan) daos.getResourceDao("CarePlan")
                .read(new org.hl7.fhir.r4.model.IdType("CarePlan", planId), new SystemRequestDetails());
        current.getActivityFirstRep()
                .addProgress()
                .setAuthor(new Reference(GEORGE))
                .setText("Mum prefers mornings");
        HttpResponse<String> comment =
                put("/CarePlan/" + planId, FHIR.newJsonParser().encodeResourceToString(current), carerToken());
        assertThat(comment.statusCode()).as(comment.body()).isEqualTo(200);
    }

    @Test
    void aPersonsOptOutOfAnOrganisationTakesEffectOnTheNextRequest() {
        String ben = TestTokens.TRUSTED.token("ben.carter", "age-well", "voluntary", "support-worker");
        String plan = resolve("/CarePlan/{margaret.careplan}");
        assertThat(get(plan, ben).statusCode()).isEqualTo(200);
        String consent = makeConsent(personToken(MARGARET), "deny", "Organization/age-well", null, false);
        assertThat(get(plan, ben).statusCode()).isEqualTo(403);
        // another person's decisions are not hers to make
        assertThat(postConsentFor(personToken(ARTHUR), MARGARET, "Patient/" + ARTHUR, "deny", "Organization/age-well")
                        .statusCode())
                .isEqualTo(403);
        withdraw(consent);
        assertThat(get(plan, ben).statusCode()).isEqualTo(200);
    }

    @Test
    void smartPatientScopesNarrowAPersonsToken() {
        String goalsOnly = TestTokens.TRUSTED.token(
                "margaret.ellis",
                null,
                null,
                "person",
                c -> c.claim("fhirUser", "Patient/" + MARGARET).claim("scope", "openid patient/Goal.rs"));
        assertThat(get(resolve("/Goal/{margaret.goal}"), goalsOnly).statusCode())
                .isEqualTo(200);
        assertThat(get(resolve("/CarePlan/{margaret.careplan}"), goalsOnly).statusCode())
                .isEqualTo(403);
        assertThat(post("/Goal", whatMatters(MARGARET, "Patient/" + MARGARET, "Scoped"), goalsOnly)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aPersonCannotAssertEmergencyAccessNorReadOthersInABundle() {
        String margaret = personToken(MARGARET);
        String reason = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":"
                + "\"curious\"}]}";
        HttpResponse<String> breakGlass = post("/Patient/" + ARTHUR + "/$break-glass", reason, margaret);
        assertThat(breakGlass.statusCode()).as(breakGlass.body()).isEqualTo(403);
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":"
                + "{\"method\":\"GET\",\"url\":\"Patient/" + ARTHUR + "\"}}]}";
        HttpResponse<String> transaction = post("", bundle, margaret);
        // a read inside a transaction is answered in its own entry, as for staff: refused, and nothing of him
        assertThat(transaction.statusCode() == 403 || transaction.body().contains("\"status\":\"403 Forbidden\""))
                .as(transaction.body())
                .isTrue();
        assertThat(transaction.body()).doesNotContain("Bennett").doesNotContain("\"resourceType\":\"Patient\"");
    }

    @Test
    void aTokenWhoseUserAndRoleDisagreeIsRefused() {
        String patientAsGp = TestTokens.TRUSTED.token(
                "margaret.ellis",
                "riverside-practice",
                "health",
                "gp",
                c -> c.claim("fhirUser", "Patient/" + MARGARET));
        assertThat(get("/Patient/" + MARGARET, patientAsGp).statusCode()).isEqualTo(403);
        String nurseAsPerson = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "person");
        assertThat(get("/Patient/" + MARGARET, nurseAsPerson).statusCode()).isEqualTo(403);
    }

    @Test
    void theRealmsPeopleAndCarerLogInAsThemselves() {
        HttpResponse<String> own = get("/Patient/" + MARGARET, Persona.MARGARET_ELLIS.token());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(get("/Patient/" + MARGARET, Persona.ARTHUR_BENNETT.token()).statusCode())
                .isEqualTo(403);
        assertThat(get("/Patient/" + MARGARET, Persona.GEORGE_ELLIS.token()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aPersonsReadIsAuditedAsTheirs() {
        String margaret = personToken(MARGARET);
        assertThat(get("/Patient/" + MARGARET, margaret).statusCode()).isEqualTo(200);
        String irene = TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");
        HttpResponse<String> audit = get("/AuditEvent?patient=Patient/" + MARGARET + "&purpose=PATRQT&_count=5", irene);
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        assertThat(audit.body()).contains("Patient/" + MARGARET).contains("PATRQT");
    }

    @Test
    void aPersonSeesWhoHasLookedAtTheirRecordAndWhyButNobodyElseDoes() {
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        assertThat(get("/Patient/" + ARTHUR, nina).statusCode()).isEqualTo(200);
        // a locum with no relationship with Arthur uses emergency access, with a reason
        org.hl7.fhir.r4.model.Practitioner locumDoctor = new org.hl7.fhir.r4.model.Practitioner();
        locumDoctor.setId("Practitioner/locum-doctor");
        locumDoctor.addName().setFamily("Locum").addGiven("Lee").addPrefix("Dr");
        daos.getResourceDao("Practitioner").update(locumDoctor, new SystemRequestDetails());
        String locum = TestTokens.TRUSTED.token("locum.doctor", "riverside-practice", "health", "gp");
        String reason = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":"
                + "\"Found collapsed at the allotment, ambulance on its way\"}]}";
        HttpResponse<String> breakGlass = post("/Patient/" + ARTHUR + "/$break-glass", reason, locum);
        assertThat(breakGlass.statusCode()).as(breakGlass.body()).isEqualTo(200);
        assertThat(get("/Patient/" + ARTHUR, locum).statusCode()).isEqualTo(200);

        String arthur = personToken(ARTHUR);
        HttpResponse<String> log = get("/Patient/" + ARTHUR + "/$access-log", arthur);
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        org.hl7.fhir.r4.model.Parameters accesses =
                FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Parameters.class, log.body());
        List<String> lines = accesses.getParameter().stream()
                .filter(p -> "access".equals(p.getName()))
                .map(p -> p.getPart().stream()
                        .map(part -> part.getName() + "=" + part.getValue().primitiveValue())
                        .collect(java.util.stream.Collectors.joining(" ")))
                .toList();
        assertThat(lines)
                .anyMatch(line -> line.contains("who=Nina Patel")
                        && line.contains("role=Community nurse")
                        && line.contains("organisation=Northbank Community Health Trust")
                        && line.contains("reason=care-team"))
                .anyMatch(line -> line.contains("reason=emergency")
                        && line.contains("emergencyReason=Found collapsed at the allotment")
                        && line.contains("who=Dr Lee Locum")
                        && line.contains("organisation=Riverside Medical Practice"))
                .noneMatch(line -> line.contains("arthur.bennett"));

        // nobody else sees it: another person, a carer, the nurse, the IG officer
        assertThat(get("/Patient/" + ARTHUR + "/$access-log", personToken(MARGARET))
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/Patient/" + MARGARET + "/$access-log", carerToken()).statusCode())
                .isEqualTo(403);
        assertThat(get("/Patient/" + ARTHUR + "/$access-log", nina).statusCode())
                .isEqualTo(403);
        String irene = TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");
        assertThat(get("/Patient/" + ARTHUR + "/$access-log", irene).statusCode())
                .isEqualTo(403);
        // a period the server will not search is a clear 400
        HttpResponse<String> backwards =
                get("/Patient/" + ARTHUR + "/$access-log?from=2026-12-01&to=2026-11-01", arthur);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("from must not be after to");
        assertThat(get("/Patient/" + ARTHUR + "/$access-log?from=yesterday", arthur)
                        .statusCode())
                .isEqualTo(400);
    }

    // --- helpers

    private String tokenOf(String who) {
        return switch (who) {
            case "margaret" -> personToken(MARGARET);
            case "arthur" -> personToken(ARTHUR);
            case "george" -> carerToken();
            default -> throw new IllegalArgumentException(who);
        };
    }

    private String resolve(String path) {
        return path.replace("{margaret}", MARGARET)
                .replace("{arthur}", ARTHUR)
                .replace("{margaret.careplan}", records.id("CarePlan", SampleRecords.SAMPLE, "careplan-margaret-ellis"))
                .replace("{margaret.careteam}", records.id("CareTeam", SampleRecords.SAMPLE, "careteam-margaret-ellis"))
                .replace("{margaret.task}", records.id("Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel"))
                .replace("{margaret.goal}", records.id("Goal", SampleRecords.SAMPLE, "goal-margaret-ellis-home"))
                .replace(
                        "{margaret.condition}",
                        records.id("Condition", SampleRecords.SAMPLE, "condition-margaret-ellis-heart-failure"))
                .replace("{arthur.careplan}", records.id("CarePlan", SampleRecords.SAMPLE, "careplan-arthur-bennett"))
                .replace("{arthur.goal}", records.id("Goal", SampleRecords.SAMPLE, "goal-arthur-bennett-allotment"));
    }

    private static List<String> entryIds(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        return bundle.getEntry().stream()
                .filter(e -> e.getResource() != null
                        && !"OperationOutcome".equals(e.getResource().fhirType()))
                .map(e -> e.getResource().getIdElement().getIdPart())
                .toList();
    }

    private static Goal whatMattersGoal(String person, String expressedBy, String words) {
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.addCategory().setText(PersonalWrites.WHAT_MATTERS);
        goal.getDescription().setText("What matters to me: " + words);
        goal.setSubject(new Reference("Patient/" + person));
        goal.setExpressedBy(new Reference(expressedBy));
        return goal;
    }

    private static String whatMatters(String person, String expressedBy, String words) {
        return FHIR.newJsonParser().encodeResourceToString(whatMattersGoal(person, expressedBy, words));
    }

    private String makeConsent(String token, String type, String actor, String dataClass, boolean mayChange) {
        HttpResponse<String> created = postConsent(token, type, actor, dataClass, mayChange);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = FHIR.newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.Consent.class, created.body())
                .getIdElement()
                .getIdPart();
        consentsMade.add(id);
        return id;
    }

    private HttpResponse<String> postConsent(
            String token, String type, String actor, String dataClass, boolean mayChange) {
        return post("/Consent", consent(MARGARET, "Patient/" + MARGARET, type, actor, dataClass, mayChange), token);
    }

    private HttpResponse<String> postConsentFor(
            String token, String person, String performer, String type, String actor) {
        return post("/Consent", consent(person, performer, type, actor, null, false), token);
    }

    static String consent(
            String person, String performer, String type, String actor, String dataClass, boolean mayChange) {
        return "{\"resourceType\":\"Consent\",\"status\":\"active\","
                + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\","
                + "\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/" + person + "\"},"
                + "\"dateTime\":\"2026-11-01T10:00:00Z\","
                + "\"performer\":[{\"reference\":\"" + performer + "\"}],"
                + "\"policyRule\":{\"text\":\"My sharing choice\"},"
                + "\"provision\":{\"type\":\"" + type + "\","
                + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\","
                + "\"code\":\"IRCP\"}]},\"reference\":{\"reference\":\"" + actor + "\"}}]"
                + (mayChange
                        ? ",\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\","
                                + "\"code\":\"access\"},{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\","
                                + "\"code\":\"correct\"}]}]"
                        : "")
                + (dataClass == null
                        ? ""
                        : ",\"class\":[{\"system\":\"" + ConsentDecisions.DATA_CLASS_SYSTEM + "\",\"code\":\""
                                + dataClass + "\"}]")
                + "}}";
    }

    private void withdraw(String consentId) {
        org.hl7.fhir.r4.model.Consent consent = (org.hl7.fhir.r4.model.Consent) daos.getResourceDao("Consent")
                .read(new org.hl7.fhir.r4.model.IdType("Consent", consentId), new SystemRequestDetails());
        if (consent.getStatus() == org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE) {
            consent.setStatus(org.hl7.fhir.r4.model.Consent.ConsentState.INACTIVE);
            HttpResponse<String> withdrawn = put(
                    "/Consent/" + consentId,
                    FHIR.newJsonParser().encodeResourceToString(consent),
                    personToken(MARGARET));
            assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        }
    }
}
