package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demographic look-up tells a member of staff with a care role that Edith Moore exists, with her
 * name, date of birth and NHS number, and nothing else. Every caller who must not use it is refused
 * with nothing about her; every trick to get more (includes, elements, summaries, contained records,
 * other search parameters, partial dates, wildcards) is a 400 with nothing about her; and what the
 * nurse does get holds none of her address, phone, practice or other records.
 */
class DemographicLookupLeakageTest extends FhirServerTestBase {

    private static final String NURSE = DemographicLookupTest.NURSE;
    private static final String BY_NHS_NUMBER = DemographicLookupTest.EDITH_LOOKUP;
    private static final String BY_NAME = "/Patient/$demographic-lookup?family=Moore&birthdate=1936-01-29";

    /** What Edith's full record holds beyond the three demographics (config/sample-data). */
    private static final List<String> BEYOND_DEMOGRAPHICS = List.of(
            "address",
            "telecom",
            "generalPractitioner",
            "managingOrganization",
            "gender",
            "contained",
            "\"text\"",
            "riverside-practice",
            "Condition",
            "atrial");

    @Autowired
    DaoRegistry daos;

    private static String edith;

    @BeforeEach
    void findEdith() {
        edith = new SampleRecords(daos).patientId(SampleRecords.EDITH_NHS_NUMBER);
    }

    static Stream<Arguments> callersWhoMustNotGetThrough() {
        return Stream.of(
                Arguments.of("information-governance officer", token("irene.walsh", "ig-officer"), 403),
                Arguments.of("workspace administrator", token("adam.clarke", "workspace-admin"), 403),
                Arguments.of(
                        "external system",
                        TestTokens.TRUSTED.token(
                                "riverside-ehr",
                                "riverside-practice",
                                "health",
                                "none",
                                c -> c.claim("fhirUser", null).claim("scope", "system/*.rs")),
                        403),
                Arguments.of(
                        "external system with system/Patient.read",
                        TestTokens.TRUSTED.token(
                                "riverside-ehr",
                                "riverside-practice",
                                "health",
                                "none",
                                c -> c.claim("fhirUser", null).claim("scope", "system/Patient.read system/*.read")),
                        403),
                Arguments.of("staff without a care role", token("temp.worker", "none"), 403),
                Arguments.of(
                        "a nurse whose token's scopes leave Patient out",
                        TestTokens.TRUSTED.token(
                                "nina.patel",
                                "northbank-community",
                                "health",
                                "community-nurse",
                                c -> c.claim("scope", "user/Task.rs")),
                        403),
                Arguments.of("no token", null, 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWhoMustNotGetThrough")
    void callersWhoMustNotGetThroughLearnNothing(String caller, String token, int status) {
        for (String lookUp : List.of(BY_NHS_NUMBER, BY_NAME)) {
            HttpResponse<String> response = get(lookUp, token);
            assertThat(response.statusCode())
                    .as(caller + ": " + response.body())
                    .isEqualTo(status);
            assertNothingAboutEdith(response);
        }
        HttpResponse<String> posted = post("/Patient/$demographic-lookup", identifierBody(), token);
        assertThat(posted.statusCode()).as(caller + ": " + posted.body()).isEqualTo(status);
        assertNothingAboutEdith(posted);
    }

    static Stream<Arguments> tricks() {
        String nhs = "identifier=https://fhir.nhs.uk/Id/nhs-number%7C9994077333";
        String name = "family=Moore&birthdate=1936-01-29";
        return Stream.of(
                Arguments.of("_include of her practice", nhs + "&_include=Patient:general-practitioner"),
                Arguments.of("_revinclude of her conditions", nhs + "&_revinclude=Condition:patient"),
                Arguments.of("_elements asking for her address", nhs + "&_elements=address,telecom"),
                Arguments.of("_summary=false", nhs + "&_summary=false"),
                Arguments.of("_summary=true", nhs + "&_summary=true"),
                Arguments.of("_summary=data", name + "&_summary=data"),
                Arguments.of("_contained", nhs + "&_contained=true"),
                Arguments.of("_count", name + "&_count=1000"),
                Arguments.of("_id", "_id=" + "EDITH"),
                Arguments.of("_has", name + "&_has:Condition:patient:code=49436004"),
                Arguments.of("address", "family=Moore&address=Northbank&birthdate=1936-01-29"),
                Arguments.of("phone", nhs + "&phone=01632960604"),
                Arguments.of("a modifier on the family name", "family:contains=oor&birthdate=1936-01-29"),
                Arguments.of("an exact modifier", "family:exact=Moore&birthdate=1936-01-29"),
                Arguments.of("a wildcard family name", "family=M*&birthdate=1936-01-29"),
                Arguments.of("a LIKE wildcard", "family=%25&birthdate=1936-01-29"),
                Arguments.of("a partial date of birth", "family=Moore&birthdate=1936"),
                Arguments.of("a date-of-birth range", "family=Moore&birthdate=ge1936-01-01"),
                Arguments.of("a date of birth in the future", "family=Moore&birthdate=2999-01-01"),
                Arguments.of("a family name alone", "family=Moore"),
                Arguments.of("a date of birth alone", "birthdate=1936-01-29"),
                Arguments.of("a given name and date of birth", "given=Edith&birthdate=1936-01-29"),
                Arguments.of("an NHS number with no system", "identifier=9994077333"),
                Arguments.of(
                        "another identifier system", "identifier=https://neighbourhood.example/fhir/sid/sample%7Cx"),
                Arguments.of("a wrong check digit", "identifier=https://fhir.nhs.uk/Id/nhs-number%7C9994077334"),
                Arguments.of("two NHS numbers", nhs + ",9991042113"),
                Arguments.of("the parameter twice", nhs + "&" + nhs),
                Arguments.of("NHS number and name", nhs + "&" + name),
                Arguments.of("an empty family name", "family=&birthdate=1936-01-29"),
                Arguments.of("nothing at all", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void tricksAreRefusedWithNothingAboutHer(String trick, String query) {
        HttpResponse<String> response = get("/Patient/$demographic-lookup?" + query.replace("EDITH", edith), NURSE);
        assertThat(response.statusCode()).as(trick + ": " + response.body()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome");
        assertNothingAboutEdith(response);
    }

    @Test
    void aPostedBodyWithAnyOtherPartIsRefused() {
        Parameters body = new Parameters();
        body.addParameter("identifier", "https://fhir.nhs.uk/Id/nhs-number|9994077333");
        body.addParameter("_include", "Patient:general-practitioner");
        HttpResponse<String> response =
                post("/Patient/$demographic-lookup", FHIR.newJsonParser().encodeResourceToString(body), NURSE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertNothingAboutEdith(response);
    }

    @Test
    void whatTheNurseGetsHoldsTheThreeDemographicsAndNothingElse() {
        for (String lookUp : List.of(BY_NHS_NUMBER, BY_NAME, BY_NAME + "&_format=json&_pretty=true")) {
            HttpResponse<String> response = get(lookUp, NURSE);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("Moore", "1936-01-29", "9994077333", edith);
            for (String beyond : BEYOND_DEMOGRAPHICS) {
                assertThat(response.body()).as(lookUp).doesNotContain(beyond);
            }
            Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
            assertThat(answer.getEntry()).hasSize(1);
            Patient found = (Patient) answer.getEntryFirstRep().getResource();
            assertThat(found.getMeta().getTag("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "SUBSETTED"))
                    .isNotNull();
        }
    }

    @Test
    void theLookUpOpensNothingElse() {
        assertThat(get(BY_NHS_NUMBER, NURSE).statusCode()).isEqualTo(200);
        HttpResponse<String> read = get("/Patient/" + edith, NURSE);
        assertThat(read.statusCode()).as("the look-up is no relationship").isEqualTo(403);
        assertNothingAboutEdith(read);
        assertThat(get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9994077333", NURSE)
                        .body())
                .doesNotContain("Moore");
    }

    @Test
    void theLookUpIsNotAnInstanceOperation() {
        HttpResponse<String> response =
                get("/Patient/" + edith + "/$demographic-lookup?family=Moore&birthdate=1936-01-29", NURSE);
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 405);
        assertThat(response.body()).doesNotContain("Moore").doesNotContain("9994077333");
    }

    private static void assertNothingAboutEdith(HttpResponse<String> response) {
        assertThat(response.body())
                .doesNotContain("Moore")
                .doesNotContain("Edith")
                .doesNotContain("9994077333")
                .doesNotContain("1936-01-29");
        if (edith.length() > 3) {
            assertThat(response.body()).doesNotContain("Patient/" + edith);
        }
    }

    private static String identifierBody() {
        Parameters body = new Parameters();
        body.addParameter("identifier", "https://fhir.nhs.uk/Id/nhs-number|9994077333");
        return FHIR.newJsonParser().encodeResourceToString(body);
    }

    private static String token(String username, String role) {
        return TestTokens.TRUSTED.token(username, "northbank-community", "health", role);
    }
}
