package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.access.SmartScopes.Access;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** SMART scopes on a token narrow it to the types and interactions they name, and never widen it. */
class SmartScopesTest extends FhirServerTestBase {

    @Autowired
    DaoRegistry daos;

    @ParameterizedTest(name = "{0} -> {1} {2}: {3}")
    @CsvSource({
        "'openid profile', Patient, READ, true",
        "'system/Patient.read', Patient, READ, true",
        "'system/Patient.read', Patient, SEARCH, true",
        "'system/Patient.read', Patient, CREATE, false",
        "'system/Patient.read', CarePlan, READ, false",
        "'system/*.read', CarePlan, SEARCH, true",
        "'system/*.read', Task, UPDATE, false",
        "'system/Task.cu', Task, CREATE, true",
        "'system/Task.cu', Task, UPDATE, true",
        "'system/Task.cu', Task, DELETE, false",
        "'system/Task.cu', Task, READ, false",
        "'system/Task.rs system/Task.c', Task, CREATE, true",
        "'user/*.*', Observation, DELETE, true",
        "'user/Observation.write', Observation, DELETE, true",
        "'user/Observation.write', Observation, READ, false",
        "'patient/Observation.rs?category=vital-signs', Observation, SEARCH, true",
        "'openid system/Patient.read', Task, READ, false",
    })
    void scopesGrantOnlyWhatTheyName(String scopes, String type, Access access, boolean permitted) {
        assertThat(SmartScopes.permits(Set.of(scopes.split(" ")), type, access)).isEqualTo(permitted);
    }

    @Test
    void aSystemTokenIsHeldToItsScopes() {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        String scoped = councilToken("system/Patient.read system/Task.cu");
        assertThat(get("/Patient/" + margaret, scoped).statusCode()).isEqualTo(200);
        assertThat(get("/CarePlan?patient=Patient/" + margaret, scoped).statusCode())
                .isEqualTo(403);
        HttpResponse<String> included = get("/Patient?_id=" + margaret + "&_revinclude=CarePlan:patient", scoped);
        assertThat(included.statusCode()).isEqualTo(200);
        assertThat(included.body()).doesNotContain("\"resourceType\":\"CarePlan\"");
        assertThat(post("/Task", task(margaret), scoped).statusCode()).isEqualTo(201);

        String readOnly = councilToken("system/*.read");
        assertThat(get("/CarePlan?patient=Patient/" + margaret, readOnly).statusCode())
                .isEqualTo(200);
        assertThat(post("/Task", task(margaret), readOnly).statusCode()).isEqualTo(403);

        String unscoped = councilToken("profile email");
        HttpResponse<String> refused = get("/Patient/" + margaret, unscoped);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("OperationOutcome").contains("SMART scopes");
        assertThat(post("/Task", task(margaret), unscoped).statusCode()).isEqualTo(403);
    }

    @Test
    void aStaffTokenWithoutScopesIsDecidedByTheRulesAlone() {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        assertThat(get("/Patient/" + margaret, nina).statusCode()).isEqualTo(200);
    }

    private static String councilToken(String scopes) {
        return TestTokens.TRUSTED.token(
                "council-case-system",
                "city-council-asc",
                "social-care",
                "none",
                c -> c.claim("fhirUser", null)
                        .claim("roles", java.util.List.of())
                        .claim("scope", scopes));
    }

    private static String task(String person) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + person + "\"},"
                + "\"requester\":{\"reference\":\"Organization/city-council-asc\"},"
                + "\"owner\":{\"reference\":\"Organization/city-council-asc\"},\"description\":\"Scoped write\"}";
    }
}
