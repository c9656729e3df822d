package care.neighbourhood.fhirserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import care.neighbourhood.testkit.Persona;
import care.neighbourhood.testkit.SystemClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which bearer tokens the FHIR API accepts: real realm tokens yes; anything doubtful gets 401. */
class AccessTokenValidationTest extends FhirServerTestBase {

    static Stream<Persona> personas() {
        return Persona.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personas")
    void everyPersonasRealmTokenIsAccepted(Persona persona) {
        // The directory: every persona may search it, whatever their role.
        HttpResponse<String> response = get("/Organization?_count=1", persona.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"resourceType\":\"Bundle\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systemClients")
    void systemClientsClientCredentialsTokenCanSearch(SystemClient client) {
        HttpResponse<String> response = get("/Task?status=requested", client.token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"resourceType\":\"Bundle\"");
    }

    static Stream<SystemClient> systemClients() {
        return SystemClient.ALL.stream();
    }

    static Stream<Arguments> rejectedTokens() {
        Date past = Date.from(Instant.now().minusSeconds(600));
        return Stream.of(
                Arguments.of("no token", null, "No access token was sent"),
                Arguments.of("not a JWT", "not-a-token", "invalid"),
                Arguments.of(
                        "expired",
                        TestTokens.TRUSTED.token(
                                "nina.patel",
                                "northbank-community",
                                "health",
                                "community-nurse",
                                c -> c.issueTime(Date.from(Instant.now().minusSeconds(1200)))
                                        .expirationTime(past)),
                        "expired"),
                Arguments.of(
                        "signed by another key",
                        TestTokens.UNTRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse"),
                        "not signed by a trusted key"),
                Arguments.of(
                        "wrong audience",
                        TestTokens.TRUSTED.token(
                                "nina.patel",
                                "northbank-community",
                                "health",
                                "community-nurse",
                                c -> c.audience(List.of("account"))),
                        "not meant for this API"),
                Arguments.of(
                        "another issuer",
                        TestTokens.TRUSTED.token(
                                "nina.patel",
                                "northbank-community",
                                "health",
                                "community-nurse",
                                c -> c.issuer("http://localhost:8180/realms/elsewhere")),
                        "untrusted issuer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void doubtfulTokensGet401WithAnOperationOutcome(String why, String token, String explanation) {
        HttpResponse<String> response = get("/CareTeam", token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(response.body())
                .contains("\"resourceType\":\"OperationOutcome\"")
                .contains(explanation);
    }

    @Test
    void tokensSignedByUnknownKeysOneAfterAnotherAreEachRefusedAs401() {
        // The first makes the server fetch the realm's keys again; the next ones arrive while it may not.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get(
                    "/CareTeam",
                    TestTokens.UNTRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse"));

            assertThat(response.statusCode()).as("token %d", i + 1).isEqualTo(401);
            assertThat(response.body()).contains("not signed by a trusted key");
        }
    }

    @Test
    void testKeyIsTrustedOnlyBecauseThisTestSaysSo() {
        String token = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        assertThat(get("/CareTeam?_count=1", token).statusCode()).isEqualTo(200);
    }

    @Test
    void capabilityStatementAndHealthNeedNoToken() {
        HttpResponse<String> metadata = get("/metadata", null);
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("\"resourceType\":\"CapabilityStatement\"");

        HttpResponse<String> readiness = send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/actuator/health/readiness")));
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("UP");
    }
}
