package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import care.neighbourhood.fhirserver.access.index.CareAccessIndex;
import care.neighbourhood.fhirserver.access.index.ConsentsVersion;
import care.neighbourhood.fhirserver.support.CrossedReferrals;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The care access index on the sample neighbourhood: who has a relationship with whom, and how a
 * change to a care team is seen at once.
 */
class CareAccessIndexTest extends FhirServerTestBase {

    private static final List<String> NINA = List.of("Practitioner/nina-patel", "Organization/northbank-community");

    @Autowired
    CareAccessIndex index;

    @Autowired
    DaoRegistry daos;

    @Autowired
    JpaStorageSettings storage;

    @Autowired
    ConsentsVersion consentsVersion;

    @Test
    void communityNurseIsRelatedToHerCaseloadAndToReferralsAddressedToHerTrust() {
        Set<String> names = names(index.peopleRelatedTo(NINA));

        assertThat(names)
                .contains(
                        "Margaret Ellis",
                        "Arthur Bennett",
                        "Daniel Foster",
                        "Doreen Patterson",
                        "Eileen Murphy",
                        "Kwame Mensah",
                        "Leonard Price",
                        "Priya Desai",
                        "Thomas O'Brien")
                // open referrals owned by Northbank Community Health Trust
                .contains("Joan Fletcher", "Stanley Hughes")
                // ended participation, an inactive team, no care team at all
                .doesNotContain("Harold Jenkins", "Rose Whitfield", "Edith Moore");
    }

    @Test
    void socialWorkerIsRelatedThroughHisRoleAndHisCouncil() {
        Set<String> names =
                names(index.peopleRelatedTo(List.of("Practitioner/sam-taylor", "Organization/city-council-asc")));

        assertThat(names)
                .contains("Margaret Ellis", "Peter Kowalski", "Thomas O'Brien", "Sandra Lewis", "Fatima Rahman")
                .doesNotContain("Daniel Foster", "Edith Moore");
    }

    @Test
    void addingAndEndingACareTeamParticipantChangesRelationshipsAtOnce() {
        String edith = idOf("Edith Moore");
        List<String> maya = List.of("Practitioner/maya-okafor");
        assertThat(index.peopleRelatedTo(maya)).doesNotContain(edith);

        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + edith));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Practitioner/maya-okafor"));
        IdType teamId = (IdType) daos.getResourceDao("CareTeam")
                .create(team, new SystemRequestDetails())
                .getId()
                .toUnqualifiedVersionless();
        assertThat(index.peopleRelatedTo(maya)).contains(edith);

        team.setId(teamId);
        team.getParticipantFirstRep().setPeriod(new Period().setEnd(new java.util.Date(0)));
        daos.getResourceDao("CareTeam").update(team, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(maya)).doesNotContain(edith);

        daos.getResourceDao("CareTeam").delete(teamId, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(maya)).doesNotContain(edith);
    }

    @Test
    void simultaneousReferralsForOnePersonAllCountAndLeaveOneEntryPerGrantee() throws Exception {
        Patient person = new Patient();
        person.addName().setFamily("Concurrent").addGiven("Referral");
        String personId = daos.getResourceDao("Patient")
                .create(person, new SystemRequestDetails())
                .getId()
                .getIdPart();
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + personId));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Practitioner/nina-patel"));
        daos.getResourceDao("CareTeam").create(team, new SystemRequestDetails());
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        // half are handed to an organisation with no relationship yet (its entry is created), half
        // to Nina herself (her entry is updated): both must come out whole
        List<String> owners = List.of("Organization/northbank-mental-health", "Practitioner/nina-patel");
        int referrals = 8;

        ExecutorService pool = Executors.newFixedThreadPool(referrals);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < referrals; i++) {
            String owner = owners.get(i % owners.size());
            String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                    + "\"for\":{\"reference\":\"Patient/" + personId + "\"},"
                    + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                    + "\"owner\":{\"reference\":\"" + owner + "\"}}";
            sent.add(pool.submit(() -> {
                start.await();
                return post("/Task", task, nina);
            }));
        }
        start.countDown();
        Map<String, Set<String>> tasksByOwner = new HashMap<>();
        for (int i = 0; i < referrals; i++) {
            HttpResponse<String> response = sent.get(i).get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            String taskId = FHIR.newJsonParser()
                    .parseResource(Task.class, response.body())
                    .getIdElement()
                    .toUnqualifiedVersionless()
                    .getValue();
            tasksByOwner
                    .computeIfAbsent(owners.get(i % owners.size()), k -> new HashSet<>())
                    .add(taskId);
        }
        pool.shutdown();

        for (String owner : owners) {
            SearchParameterMap query = SearchParameterMap.newSynchronous();
            query.add("subject", new ReferenceParam("Patient/" + personId));
            query.add("author", new ReferenceParam(owner));
            List<Basic> entries =
                    daos.getResourceDao("Basic").search(query, new SystemRequestDetails()).getAllResources().stream()
                            .map(Basic.class::cast)
                            .toList();
            assertThat(entries).as("entries for " + owner).hasSize(1);
            Set<String> basis = new HashSet<>(
                    index.caseloadOf(List.of(owner)).byPerson().get(personId).sources());
            assertThat(basis).as("basis of " + owner).containsAll(tasksByOwner.get(owner));
        }
    }

    @Test
    void aCaseloadLargerThanTheStoragesSynchronousLimitIsSeenWhole() {
        Set<String> whole = index.peopleRelatedTo(NINA);
        assertThat(whole).hasSizeGreaterThan(3);
        int limit = storage.getInternalSynchronousSearchSize();
        storage.setInternalSynchronousSearchSize(3);
        try {
            assertThat(index.peopleRelatedTo(NINA)).isEqualTo(whole);
            HttpResponse<String> search = get("/CareTeam?status=active", CrossedReferrals.NINA);
            assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        } finally {
            storage.setInternalSynchronousSearchSize(limit);
        }
    }

    @Test
    void crossedTransactionsAboutTheSamePeopleAllLand() throws Exception {
        List<HttpResponse<String>> responses =
                CrossedReferrals.send(daos, (bundle, token) -> post("", bundle, token), 5);

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
    }

    @Test
    void hundredsOfOpenTasksForOneNurseDoNotStopWritesAboutThePerson() {
        Patient person = new Patient();
        person.addName().setFamily("Busy").addGiven("Bea");
        String personId = daos.getResourceDao("Patient")
                .create(person, new SystemRequestDetails())
                .getId()
                .getIdPart();
        // More open Tasks than the relationship's basis could once hold (4,000 characters of ids).
        for (int i = 0; i < 450; i++) {
            Task visit = new Task();
            visit.setStatus(Task.TaskStatus.REQUESTED);
            visit.setIntent(Task.TaskIntent.ORDER);
            visit.setFor(new Reference("Patient/" + personId));
            visit.setOwner(new Reference("Practitioner/nina-patel"));
            daos.getResourceDao("Task").create(visit, new SystemRequestDetails());
        }
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        HttpResponse<String> another = post(
                "/Task",
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                        + "\"for\":{\"reference\":\"Patient/" + personId + "\"},"
                        + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"}}",
                nina);
        assertThat(another.statusCode()).as(another.body()).isEqualTo(201);
        HttpResponse<String> read = get("/Patient/" + personId, nina);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Access-Basis").orElse(""))
                .contains("Task/")
                .contains("and others");
    }

    @Test
    void aConsentMovesTheConsentsNumberAndAReferralDoesNot() {
        Patient person = new Patient();
        person.addName().setFamily("Counted").addGiven("Cora");
        String personId = daos.getResourceDao("Patient")
                .create(person, new SystemRequestDetails())
                .getId()
                .getIdPart();
        long before = consentsVersion.current();

        Task referral = new Task();
        referral.setStatus(Task.TaskStatus.REQUESTED);
        referral.setIntent(Task.TaskIntent.ORDER);
        referral.setFor(new Reference("Patient/" + personId));
        referral.setOwner(new Reference("Organization/age-well"));
        daos.getResourceDao("Task").create(referral, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(List.of("Organization/age-well"))).contains(personId);
        long afterReferral = consentsVersion.current();
        assertThat(afterReferral).as("a referral leaves kept consents good").isEqualTo(before);

        Consent optOut = new Consent();
        optOut.setStatus(Consent.ConsentState.ACTIVE);
        optOut.setPatient(new Reference("Patient/" + personId));
        optOut.getScope()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/consentscope")
                .setCode("patient-privacy");
        optOut.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
        optOut.getPolicyRule().setText("Opt out of sharing");
        optOut.getProvision().setType(Consent.ConsentProvisionType.DENY);
        daos.getResourceDao("Consent").create(optOut, new SystemRequestDetails());
        assertThat(consentsVersion.current()).isGreaterThan(afterReferral);
    }

    @Test
    void aTaskMovingBetweenOpenStatesChangesNoRelationshipButClosingItDoes() {
        Patient person = new Patient();
        person.addName().setFamily("Openstate").addGiven("Olive");
        String personId = daos.getResourceDao("Patient")
                .create(person, new SystemRequestDetails())
                .getId()
                .getIdPart();
        Task referral = new Task();
        referral.setStatus(Task.TaskStatus.REQUESTED);
        referral.setIntent(Task.TaskIntent.ORDER);
        referral.setFor(new Reference("Patient/" + personId));
        referral.setOwner(new Reference("Organization/age-well"));
        IdType taskId = (IdType) daos.getResourceDao("Task")
                .create(referral, new SystemRequestDetails())
                .getId()
                .toUnqualifiedVersionless();
        List<String> ageWell = List.of("Organization/age-well");
        assertThat(index.peopleRelatedTo(ageWell)).contains(personId);

        referral.setId(taskId);
        referral.setStatus(Task.TaskStatus.INPROGRESS);
        daos.getResourceDao("Task").update(referral, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(ageWell)).contains(personId);

        referral.setStatus(Task.TaskStatus.COMPLETED);
        daos.getResourceDao("Task").update(referral, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(ageWell)).doesNotContain(personId);
    }

    private Set<String> names(Set<String> patientIds) {
        return patientIds.stream()
                .map(id -> (Patient)
                        daos.getResourceDao("Patient").read(new IdType("Patient", id), new SystemRequestDetails()))
                .map(p -> p.getNameFirstRep().getGivenAsSingleString() + " "
                        + p.getNameFirstRep().getFamily())
                .collect(Collectors.toSet());
    }

    private String idOf(String fullName) {
        String family = fullName.substring(fullName.indexOf(' ') + 1);
        SearchParameterMap query =
                SearchParameterMap.newSynchronous("family", new ca.uhn.fhir.rest.param.StringParam(family));
        return daos.getResourceDao("Patient")
                .search(query, new SystemRequestDetails())
                .getAllResources()
                .get(0)
                .getIdElement()
                .getIdPart();
    }
}
