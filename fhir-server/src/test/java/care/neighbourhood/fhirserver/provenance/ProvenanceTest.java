package care.neighbourhood.fhirserver.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every write by an API caller leaves one Provenance per transaction, naming who wrote, for which
 * organisation, through which application, what (each record's version), when and what was done; it
 * is readable under the rules of the records it points to, and never written through the API.
 */
class ProvenanceTest extends FhirServerTestBase {

    private static final String NURSE = TestTokens.TRUSTED.token(
            "nina.patel", "northbank-community", "health", "community-nurse", c -> c.claim("azp", "team-portal"));
    private static final String SUPPORT_WORKER =
            TestTokens.TRUSTED.token("ben.carter", "age-well", "voluntary", "support-worker");
    private static final String SOCIAL_WORKER =
            TestTokens.TRUSTED.token("sam.taylor", "city-council-asc", "social-care", "social-worker");
    private static final String IG_OFFICER =
            TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");
    private static final String EHR = TestTokens.TRUSTED.token(
            "riverside-ehr",
            "riverside-practice",
            "health",
            "none",
            c -> c.claim("fhirUser", null)
                    .claim("azp", "riverside-ehr")
                    .claim("scope", "system/Task.cruds system/Patient.rs system/Provenance.rs"));

    @Autowired
    DaoRegistry daos;

    private String margaret;
    private String arthur;
    private String peter;

    @BeforeEach
    void findPeople() {
        SampleRecords records = new SampleRecords(daos);
        margaret = records.patientId("9991042113");
        arthur = records.patientId("9992204176");
        peter = records.patientId("9995180901");
    }

    @Test
    void aNursesWriteThroughThePortalNamesHerHerOrganisationAndThePortal() {
        String task = created(post("/Task", task(margaret, "Organization/northbank-community"), NURSE));

        Provenance provenance = onlyProvenanceOf(task, NURSE);
        assertThat(provenance.getTarget()).extracting(Reference::getReference).containsExactly(task + "/_history/1");
        assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("CREATE");
        assertThat(provenance.getRecorded()).isNotNull();
        Provenance.ProvenanceAgentComponent author = provenance.getAgentFirstRep();
        assertThat(author.getType().getCodingFirstRep().getCode()).isEqualTo("author");
        assertThat(author.getWho().getIdentifier().getValue()).isEqualTo("nina.patel");
        assertThat(author.getOnBehalfOf().getIdentifier().getValue()).isEqualTo("northbank-community");
        assertThat(provenance.getAgent().get(1).getWho().getIdentifier().getValue())
                .isEqualTo("team-portal");
        assertThat(provenance.getExtensionsByUrl(ProvenanceContent.PERSON_EXTENSION))
                .extracting(extension -> ((Reference) extension.getValue()).getReference())
                .containsExactly("Patient/" + margaret);
        assertThat(get("/Provenance?person=Patient/" + margaret + "&_count=200", NURSE)
                        .body())
                .contains(task + "/_history/1");
    }

    @Test
    void aTransactionHasOneProvenanceForEverythingItWrote() {
        String marker = UUID.randomUUID().toString();
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + entry(task(margaret, "Organization/northbank-community", marker + " one")) + ","
                + entry(task(margaret, "Organization/northbank-community", marker + " two")) + "]}";
        Bundle answer = FHIR.newJsonParser()
                .parseResource(Bundle.class, post("", transaction, NURSE).body());
        List<String> written = answer.getEntry().stream()
                .map(entry -> new IdType(entry.getResponse().getLocation())
                        .toUnqualifiedVersionless()
                        .getValue())
                .toList();

        Provenance first = onlyProvenanceOf(written.get(0), NURSE);
        Provenance second = onlyProvenanceOf(written.get(1), NURSE);
        assertThat(first.getIdElement().getIdPart())
                .isEqualTo(second.getIdElement().getIdPart());
        assertThat(first.getTarget()).hasSize(2);
    }

    @Test
    void aSystemsWriteNamesTheSystemAndItsOrganisation() {
        // Peter Kowalski's care team has the practice as a member.
        String task = created(post("/Task", task(peter, "Organization/city-council-asc"), EHR));

        Provenance provenance = onlyProvenanceOf(task, EHR);
        Provenance.ProvenanceAgentComponent author = provenance.getAgentFirstRep();
        assertThat(author.getWho().getIdentifier().getSystem()).isEqualTo(ProvenanceContent.CLIENT);
        assertThat(author.getWho().getIdentifier().getValue()).isEqualTo("riverside-ehr");
        assertThat(author.getOnBehalfOf().getIdentifier().getValue()).isEqualTo("riverside-practice");
        assertThat(provenance.getAgent()).hasSize(1);
    }

    @Test
    void provenanceIsReadUnderTheRulesOfTheRecordsItPointsTo() {
        String task = created(post("/Task", task(margaret, "Organization/northbank-community"), NURSE));
        String observation = created(post("/Observation", observation(margaret), NURSE));
        String arthursTask = created(post("/Task", task(arthur, "Organization/northbank-community"), NURSE));
        String ofTask = onlyProvenanceOf(task, NURSE)
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();
        String ofObservation = onlyProvenanceOf(observation, NURSE)
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();
        String ofArthursTask = onlyProvenanceOf(arthursTask, NURSE)
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();

        // Margaret's support worker sees the Task's, not the Observation's: clinical records are health's.
        assertThat(get("/" + ofTask, SUPPORT_WORKER).statusCode()).isEqualTo(200);
        assertThat(get("/" + ofObservation, SUPPORT_WORKER).statusCode()).isEqualTo(403);
        assertThat(get("/Provenance?person=Patient/" + margaret + "&_count=200", SUPPORT_WORKER)
                        .body())
                .contains(ofTask)
                .doesNotContain(ofObservation);
        // The council has no relationship with Arthur: nothing of his, by id or by search.
        assertThat(get("/" + ofArthursTask, SOCIAL_WORKER).statusCode()).isEqualTo(403);
        HttpResponse<String> searched = get("/Provenance?target=" + arthursTask, SOCIAL_WORKER);
        assertThat(searched.statusCode()).isEqualTo(200);
        assertThat(searched.body()).doesNotContain(ofArthursTask);
        assertThat(get("/Provenance?_count=500", SOCIAL_WORKER).body()).doesNotContain(ofArthursTask);
        // Information governance reads who wrote what.
        assertThat(get("/" + ofObservation, IG_OFFICER).statusCode()).isEqualTo(200);
    }

    @Test
    void provenanceIsNeverWrittenThroughTheApi() {
        String task = created(post("/Task", task(margaret, "Organization/northbank-community"), NURSE));
        Provenance provenance = onlyProvenanceOf(task, NURSE);
        String body = FHIR.newJsonParser().encodeResourceToString(provenance.setId((String) null));

        assertThat(post("/Provenance", body, NURSE).statusCode()).isEqualTo(403);
        assertThat(post("/Provenance", body, EHR).statusCode()).isEqualTo(403);
        String parameter = FHIR.newJsonParser().encodeResourceToString(ProvenanceSearchParameter.definition());
        String admin = TestTokens.TRUSTED.token("adam.clarke", "northbank-community", "health", "workspace-admin");
        assertThat(post("/SearchParameter", parameter, admin).statusCode())
                .as("no caller may define or redefine a search parameter")
                .isEqualTo(403);
        assertThat(send(request("/Provenance/"
                                        + onlyProvenanceOf(task, NURSE)
                                                .getIdElement()
                                                .getIdPart())
                                .header("Authorization", "Bearer " + NURSE)
                                .DELETE())
                        .statusCode())
                .isEqualTo(403);
    }

    private Provenance onlyProvenanceOf(String target, String token) {
        HttpResponse<String> found = get("/Provenance?target=" + target, token);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        List<Provenance> provenances =
                FHIR.newJsonParser().parseResource(Bundle.class, found.body()).getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource)
                        .filter(Provenance.class::isInstance)
                        .map(Provenance.class::cast)
                        .toList();
        assertThat(provenances).as("the Provenance of " + target).hasSize(1);
        return provenances.get(0);
    }

    private static String created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new IdType(answer.headers().firstValue("Location").orElseThrow())
                .toUnqualifiedVersionless()
                .getValue();
    }

    private static String entry(String resource) {
        return "{\"resource\":" + resource + ",\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}";
    }

    private static String task(String person, String owner) {
        return task(person, owner, "Provenance check");
    }

    private static String task(String person, String owner, String description) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"description\":\""
                + description + "\",\"for\":{\"reference\":\"Patient/" + person + "\"},\"owner\":{\"reference\":\""
                + owner + "\"}}";
    }

    private static String observation(String person) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Body weight\"},"
                + "\"subject\":{\"reference\":\"Patient/" + person
                + "\"},\"valueQuantity\":{\"value\":70,\"unit\":\"kg\"}}";
    }
}
