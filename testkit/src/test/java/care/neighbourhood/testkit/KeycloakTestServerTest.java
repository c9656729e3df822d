package care.neighbourhood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample realm against docs/personas.md: every persona and system client gets the claims it should. */
class KeycloakTestServerTest {

    private static final String ISSUER = "http://localhost:8180/realms/neighbourhood";

    private static KeycloakTestServer keycloak;

    @BeforeAll
    static void startKeycloak() {
        keycloak = KeycloakTestServer.shared();
    }

    static List<Persona> personas() {
        return java.util.stream.Stream.concat(Persona.ALL.stream(), Persona.PEOPLE_AND_CARERS.stream())
                .toList();
    }

    static List<SystemClient> systemClients() {
        return SystemClient.ALL;
    }

    @Test
    void endpointsComeFromTheRealm() throws Exception {
        assertEquals(ISSUER, keycloak.issuer());
        assertEquals(ISSUER + "/protocol/openid-connect/token", keycloak.tokenEndpoint());
        assertEquals(ISSUER + "/protocol/openid-connect/certs", keycloak.jwksUri());
        HttpResponse<String> jwks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(keycloak.jwksUri()))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jwks.statusCode());
        assertTrue(jwks.body().contains("\"RS256\""), jwks.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personas")
    void personaTokenCarriesTheirIdentity(Persona persona) {
        JsonNode claims = KeycloakTestServer.claims(keycloak.userToken(persona.username()));

        assertEquals(ISSUER, claims.path("iss").asText());
        assertFalse(claims.path("sub").asText().isEmpty(), "sub missing: " + claims);
        assertTrue(values(claims.path("aud")).contains("fhir-api"), "aud: " + claims);
        assertEquals("workspace-cli", claims.path("azp").asText());
        assertEquals(persona.username(), claims.path("preferred_username").asText());
        assertEquals(
                persona.organisation(),
                claims.hasNonNull("organisation") ? claims.path("organisation").asText() : null,
                "organisation: " + claims);
        assertEquals(
                persona.sector(),
                claims.hasNonNull("sector") ? claims.path("sector").asText() : null,
                "sector: " + claims);
        assertEquals(persona.fhirUser(), claims.path("fhirUser").asText(), "fhirUser: " + claims);
        assertTrue(claims.path("roles").isArray(), "roles must be multivalued: " + claims);
        assertEquals(List.of(persona.role()), values(claims.path("roles")), "roles: " + claims);
        assertEquals(List.of(persona.role()), values(claims.path("realm_access").path("roles")), "realm_access");
        assertEquals(
                persona.username() + "@neighbourhood.example",
                claims.path("email").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systemClients")
    void systemClientTokenCarriesItsOrganisation(SystemClient client) {
        JsonNode claims = KeycloakTestServer.claims(client.token());

        assertEquals(ISSUER, claims.path("iss").asText());
        assertFalse(claims.path("sub").asText().isEmpty(), "sub missing: " + claims);
        assertTrue(values(claims.path("aud")).contains("fhir-api"), "aud: " + claims);
        assertEquals(client.clientId(), claims.path("azp").asText());
        assertEquals(client.organisation(), claims.path("organisation").asText(), "organisation: " + claims);
        assertEquals(client.sector(), claims.path("sector").asText(), "sector: " + claims);
        assertTrue(claims.path("fhirUser").isMissingNode(), "a system has no fhirUser: " + claims);
        assertTrue(values(claims.path("roles")).isEmpty(), "service accounts hold no realm roles: " + claims);
        List<String> granted = List.of(claims.path("scope").asText().split(" "));
        assertTrue(granted.containsAll(client.registeredScopes()), "scope: " + claims);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systemClients")
    void aSystemGetsOnlyTheScopesItAsksFor(SystemClient client) {
        JsonNode claims = KeycloakTestServer.claims(client.token(List.of("system/Task.rs")));
        List<String> granted = List.of(claims.path("scope").asText().split(" "));
        assertTrue(granted.contains("system/Task.rs"), "scope: " + claims);
        assertFalse(granted.contains("system/Task.cruds"), "scope: " + claims);
        assertFalse(granted.contains("system/*.rs"), "scope: " + claims);
    }

    @Test
    void aScopeNotRegisteredForTheSystemIsRefused() {
        SystemClient ehr = SystemClient.RIVERSIDE_EHR;
        String assertion = ClientAssertions.sign(
                ehr.clientId(), ClientAssertions.sampleKey(ehr.clientId()), keycloak.tokenEndpoint());
        HttpResponse<String> answer = keycloak.backendServicesGrant(ehr.clientId(), assertion, "system/AuditEvent.rs");
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("invalid_scope"), answer.body());
    }

    @Test
    void tokensAreCachedPerUserAndClient() {
        String first = keycloak.userToken(Persona.NINA_PATEL.username());
        assertSame(first, keycloak.userToken(Persona.NINA_PATEL.username()));
        assertNotEquals(first, keycloak.userToken(Persona.SAM_TAYLOR.username()));
        assertSame(SystemClient.RIVERSIDE_EHR.token(), SystemClient.RIVERSIDE_EHR.token());
    }

    @Test
    void wrongPasswordIsRefused() {
        HttpResponse<String> answer = keycloak.passwordGrant(Persona.NINA_PATEL.username(), "not-the-password");
        // RFC 6749 section 5.2: a bad resource-owner password is 400 invalid_grant
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("invalid_grant"), answer.body());

        IllegalStateException unknownUser =
                assertThrows(IllegalStateException.class, () -> keycloak.userToken("nobody.here"));
        assertTrue(unknownUser.getMessage().contains("invalid_grant"), unknownUser.getMessage());
    }

    @Test
    void aSystemCannotAuthenticateWithASecret() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> keycloak.clientToken("riverside-ehr", "riverside-ehr-sample-secret"));
        assertTrue(refused.getMessage().contains("invalid_client"), refused.getMessage());
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefused() throws Exception {
        com.nimbusds.jose.jwk.RSAKey stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .keyID(ClientAssertions.sampleKey("riverside-ehr").getKeyID())
                .generate();
        String forged = ClientAssertions.sign("riverside-ehr", stranger, keycloak.tokenEndpoint());
        assertInvalidClient(keycloak.backendServicesGrant("riverside-ehr", forged, "system/Task.rs"));
    }

    @Test
    void oneSystemCannotSignForAnother() {
        String assertion = ClientAssertions.sign(
                "council-case-system", ClientAssertions.sampleKey("riverside-ehr"), keycloak.tokenEndpoint());
        assertInvalidClient(keycloak.backendServicesGrant("council-case-system", assertion, "system/Task.rs"));
    }

    @Test
    void anAssertionForAnotherAudienceIsRefused() {
        SystemClient ehr = SystemClient.RIVERSIDE_EHR;
        String assertion = ClientAssertions.sign(
                ehr.clientId(), ClientAssertions.sampleKey(ehr.clientId()), "https://elsewhere.example/token");
        assertInvalidClient(keycloak.backendServicesGrant(ehr.clientId(), assertion, "system/Task.rs"));
    }

    @Test
    void theSampleKeysAreMadeHereAndCarryKidAndUse() throws Exception {
        com.nimbusds.jose.jwk.RSAKey key = ClientAssertions.sampleKey("council-case-system");
        assertTrue(key.isPrivate(), "the private half is kept for the sample system");
        assertEquals(com.nimbusds.jose.jwk.KeyUse.SIGNATURE, key.getKeyUse());
        assertEquals(key.computeThumbprint().toString(), key.getKeyID());
        assertNotEquals(
                ClientAssertions.sampleKey("riverside-ehr").getKeyID(), key.getKeyID(), "each system has its own key");
    }

    @Test
    void publicClientCannotUseClientCredentials() {
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> keycloak.clientToken("workspace-cli", ""));
        assertTrue(refused.getMessage().contains("HTTP 4"), refused.getMessage());
    }

    /** RFC 6749 section 5.2: a client that fails to authenticate gets 400 or 401 with invalid_client. */
    private static void assertInvalidClient(HttpResponse<String> answer) {
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 401, answer.statusCode() + " " + answer.body());
        assertTrue(answer.body().contains("\"invalid_client\""), answer.body());
        assertFalse(answer.body().contains("access_token"), answer.body());
    }

    private static List<String> values(JsonNode node) {
        List<String> result = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> result.add(n.asText()));
        } else if (node.isTextual()) {
            result.add(node.asText());
        }
        return result;
    }
}
