package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.access.enforcement.DisclosureFilter;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demographic look-up: a nurse finds someone not on her caseload (Edith Moore) by NHS number or by
 * name and date of birth, learns only that she exists, her name, date of birth and NHS number, and
 * that she is not on the caseload; a person on the caseload is said to be on it; the look-up is in the
 * audit trail with the person it found; more than five matches are refused. Then emergency access
 * names when it ends, to its holder.
 */
class DemographicLookupTest extends FhirServerTestBase {

    static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    static final String EDITH_LOOKUP =
            "/Patient/$demographic-lookup?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9994077333";
    private static final String IG_OFFICER =
            TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DaoRegistry daos;

    private String edith;
    private String margaret;

    @BeforeEach
    void findPeople() {
        SampleRecords records = new SampleRecords(daos);
        edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
        margaret = records.patientId("9991042113");
    }

    @Test
    void byNhsNumberTheNurseLearnsThatEdithExistsAndIsNotOnHerCaseload() throws Exception {
        HttpResponse<String> response = get(EDITH_LOOKUP, NURSE);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(answer.getEntry()).hasSize(1);
        Patient found = (Patient) answer.getEntryFirstRep().getResource();
        assertThat(found.getIdElement().getIdPart()).isEqualTo(edith);
        assertThat(found.getNameFirstRep().getFamily()).isEqualTo("Moore");
        assertThat(found.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Edith");
        assertThat(found.getBirthDateElement().getValueAsString()).isEqualTo("1936-01-29");
        assertThat(found.getIdentifierFirstRep().getValue()).isEqualTo("9994077333");
        assertThat(onCaseload(answer.getEntryFirstRep())).isFalse();

        JsonNode patient = JSON.readTree(response.body()).path("entry").get(0).path("resource");
        List<String> elements = new ArrayList<>();
        patient.fieldNames().forEachRemaining(elements::add);
        assertThat(elements).containsExactlyInAnyOrder("resourceType", "id", "meta", "identifier", "name", "birthDate");
    }

    @Test
    void byNameAndDateOfBirthWholeNamesInAnyCaseAndTheCaseloadIsSaid() {
        Bundle edithByName = lookUp("?family=moore&birthdate=1936-01-29&given=EDITH");
        assertThat(edithByName.getEntry()).hasSize(1);
        assertThat(edithByName.getEntryFirstRep().getResource().getIdElement().getIdPart())
                .isEqualTo(edith);

        Bundle margaretByName = lookUp("?family=Ellis&birthdate=1941-03-14");
        assertThat(margaretByName.getEntry()).hasSize(1);
        assertThat(onCaseload(margaretByName.getEntryFirstRep())).isTrue();

        assertThat(lookUp("?family=Moor&birthdate=1936-01-29").getEntry())
                .as("the start of a name is not a name")
                .isEmpty();
        assertThat(lookUp("?family=Moore&birthdate=1936-01-29&given=Ed").getEntry())
                .isEmpty();
        assertThat(lookUp("?family=Moore&birthdate=1936-01-30").getEntry()).isEmpty();
        assertThat(lookUp("?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9876543210")
                        .getEntry())
                .as("a valid NHS number nobody has")
                .isEmpty();
    }

    @Test
    void aPostedParametersBodyWorksToo() {
        Parameters body = new Parameters();
        body.addParameter("family", "Moore");
        body.addParameter("birthdate", "1936-01-29");
        HttpResponse<String> response =
                post("/Patient/$demographic-lookup", FHIR.newJsonParser().encodeResourceToString(body), NURSE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("9994077333");
    }

    @Test
    void theLookUpIsAuditedWithThePersonItFound() {
        String requestId = "lookup-" + UUID.randomUUID();
        HttpResponse<String> response = send(
                request(EDITH_LOOKUP).header("Authorization", "Bearer " + NURSE).header("X-Request-ID", requestId));
        assertThat(response.statusCode()).isEqualTo(200);

        HttpResponse<String> audit = get("/AuditEvent?request-id=" + requestId, IG_OFFICER);
        Bundle events = FHIR.newJsonParser().parseResource(Bundle.class, audit.body());
        assertThat(events.getEntry()).hasSize(1);
        AuditEvent event = (AuditEvent) events.getEntryFirstRep().getResource();
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(event.getAgentFirstRep().getWho().getDisplay()).isEqualTo("nina.patel");
        AuditEvent.AuditEventEntityComponent person = event.getEntity().stream()
                .filter(e -> e.getWhat().getReference() != null
                        && e.getWhat().getReference().equals("Patient/" + edith))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the audit names Edith: " + audit.body()));
        assertThat(person.getWhat().getIdentifier().getValue()).isEqualTo("9994077333");
        assertThat(person.getDetail())
                .anySatisfy(detail -> assertThat(detail.getValue().primitiveValue())
                        .isEqualTo("demographic look-up: name, date of birth and NHS number only"));
        assertThat(event.getEntity())
                .anySatisfy(entity -> assertThat(entity.getDescription()).contains("9994077333"));
    }

    @Test
    void moreThanFivePeopleAreRefusedUntilTheQueryIsNarrower() {
        String family =
                "Lookupcap" + UUID.randomUUID().toString().substring(0, 6).replaceAll("\\d", "x");
        for (int i = 0; i < 6; i++) {
            Patient twin = new Patient();
            twin.addName().setFamily(family).addGiven("Given" + (char) ('a' + i));
            twin.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1990-02-03"));
            twin.setGender(Enumerations.AdministrativeGender.UNKNOWN);
            daos.getResourceDao("Patient").create(twin, new SystemRequestDetails());
        }
        HttpResponse<String> tooMany =
                get("/Patient/$demographic-lookup?family=" + family + "&birthdate=1990-02-03", NURSE);
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(422);
        assertThat(tooMany.body()).contains("OperationOutcome").doesNotContain("Givena");

        assertThat(lookUp("?family=" + family + "&birthdate=1990-02-03&given=Givenc")
                        .getEntry())
                .hasSize(1);
    }

    @Test
    void emergencyAccessNamesWhenItEndsToItsHolder() throws Exception {
        // A practitioner and organisation of her own, so that no other test sees this grant.
        String locum = TestTokens.TRUSTED.token("locum.nurse", "locum-agency", "health", "community-nurse");
        org.hl7.fhir.r4.model.Practitioner practitioner = new org.hl7.fhir.r4.model.Practitioner();
        practitioner.setId("Practitioner/locum-nurse");
        practitioner.addName().setFamily("Locum").addGiven("Lou");
        daos.getResourceDao("Practitioner").update(practitioner, new SystemRequestDetails());
        String joan = new SampleRecords(daos).patientId("9996501841");
        Bundle found = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        get(
                                        "/Patient/$demographic-lookup?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9996501841",
                                        locum)
                                .body());
        assertThat(onCaseload(found.getEntryFirstRep())).isFalse();

        HttpResponse<String> granted = post(
                "/Patient/" + joan + "/$break-glass",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueString\":\"Fall at home\"}]}",
                locum);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        Parameters answer = FHIR.newJsonParser().parseResource(Parameters.class, granted.body());
        Instant expires = ((InstantType) answer.getParameter("expires").getValue())
                .getValue()
                .toInstant();

        HttpResponse<String> read = get("/Patient/" + joan, locum);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue(DisclosureFilter.BASIS_HEADER))
                .hasValueSatisfying(basis -> assertThat(basis)
                        .containsPattern("break-glass Basic/\\S+ until "
                                + expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    private Bundle lookUp(String query) {
        HttpResponse<String> response = get("/Patient/$demographic-lookup" + query, NURSE);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static boolean onCaseload(Bundle.BundleEntryComponent entry) {
        return ((BooleanType) entry.getSearch()
                        .getExtensionByUrl(DemographicLookup.ON_CASELOAD_EXTENSION)
                        .getValue())
                .booleanValue();
    }
}
