package care.neighbourhood.fhirserver.smart;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.testkit.Persona;
import care.neighbourhood.testkit.SystemClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;

/**
 * How a new client finds out how to connect: the SMART configuration at its well-known address and
 * the CapabilityStatement's security section, both checked against the real realm (its own discovery
 * document and the realm file), so that what the workspace advertises is what Keycloak does.
 */
class SmartDiscoveryTest extends FhirServerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/.well-known/smart-configuration";

    @Test
    void anyoneCanReadTheSmartConfiguration() throws Exception {
        HttpResponse<String> answer = get(PATH, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode smart = JSON.readTree(answer.body());
        JsonNode realm = realmDiscovery();

        assertThat(smart.path("issuer").asText()).isEqualTo(realm.path("issuer").asText());
        assertThat(smart.path("token_endpoint").asText())
                .isEqualTo(realm.path("token_endpoint").asText());
        assertThat(smart.path("authorization_endpoint").asText())
                .isEqualTo(realm.path("authorization_endpoint").asText());
        assertThat(smart.path("jwks_uri").asText())
                .isEqualTo(realm.path("jwks_uri").asText());
        assertThat(smart.path("revocation_endpoint").asText())
                .isEqualTo(realm.path("revocation_endpoint").asText());
        assertThat(texts(smart.path("grant_types_supported")))
                .containsExactly("authorization_code", "client_credentials");
        assertThat(texts(smart.path("token_endpoint_auth_methods_supported"))).contains("private_key_jwt");
        assertThat(texts(smart.path("token_endpoint_auth_signing_alg_values_supported")))
                .containsExactly("RS384", "ES384");
        assertThat(texts(smart.path("capabilities")))
                .contains("client-confidential-asymmetric", "permission-v1", "permission-v2")
                .doesNotContain("launch-ehr", "launch-standalone");
        assertThat(texts(smart.path("code_challenge_methods_supported"))).containsExactly("S256");

        // What is advertised, the realm does: every method, grant, algorithm and PKCE method.
        assertThat(texts(realm.path("token_endpoint_auth_methods_supported")))
                .containsAll(texts(smart.path("token_endpoint_auth_methods_supported")));
        assertThat(texts(realm.path("grant_types_supported"))).containsAll(texts(smart.path("grant_types_supported")));
        assertThat(texts(realm.path("token_endpoint_auth_signing_alg_values_supported")))
                .containsAll(texts(smart.path("token_endpoint_auth_signing_alg_values_supported")));
        assertThat(texts(realm.path("code_challenge_methods_supported"))).contains("S256");
    }

    @Test
    void theScopesAdvertisedAreTheScopesTheRealmOffers() throws Exception {
        JsonNode smart = JSON.readTree(get(PATH, null).body());
        JsonNode realmFile = JSON.readTree(Path.of(System.getProperty("workspace.root", ".."))
                .resolve("config/keycloak/neighbourhood-realm.json")
                .toFile());
        List<String> smartScopesOfTheRealm = new ArrayList<>();
        realmFile.path("clientScopes").forEach(scope -> {
            String name = scope.path("name").asText();
            if (name.matches("(system|user|patient)/.*")) {
                smartScopesOfTheRealm.add(name);
            }
        });
        List<String> advertised = texts(smart.path("scopes_supported"));
        assertThat(advertised.stream().filter(s -> s.contains("/")).toList())
                .containsExactlyInAnyOrderElementsOf(smartScopesOfTheRealm);
        assertThat(advertised).contains("openid");
        realmFile
                .path("clients")
                .forEach(client -> texts(client.path("optionalClientScopes"))
                        .forEach(scope -> assertThat(advertised)
                                .as(client.path("clientId").asText())
                                .contains(scope)));
        for (SystemClient system : SystemClient.ALL) {
            assertThat(advertised).containsAll(system.registeredScopes());
        }
    }

    @Test
    void theCapabilityStatementSaysHowToConnect() throws Exception {
        JsonNode smart = JSON.readTree(get(PATH, null).body());
        CapabilityStatement statement = FHIR.newJsonParser()
                .parseResource(CapabilityStatement.class, get("/metadata", null).body());
        CapabilityStatementRestSecurityComponent security =
                statement.getRestFirstRep().getSecurity();

        assertThat(security.getService())
                .anySatisfy(service -> assertThat(service.hasCoding(
                                "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR"))
                        .isTrue());
        Extension uris =
                security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        assertThat(uris).as("the OAuth URIs extension").isNotNull();
        assertThat(uris.getExtensionString("token"))
                .isEqualTo(smart.path("token_endpoint").asText());
        assertThat(uris.getExtensionString("authorize"))
                .isEqualTo(smart.path("authorization_endpoint").asText());
        assertThat(uris.getExtensionString("revoke"))
                .isEqualTo(smart.path("revocation_endpoint").asText());
    }

    @Test
    void theConfigurationCanOnlyBeRead() {
        HttpResponse<String> anonymous = post(PATH, "{}", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = post(PATH, "{}", Persona.NINA_PATEL.token());
        assertThat(signedIn.statusCode()).isEqualTo(405);
        assertThat(signedIn.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(signedIn.body()).contains("OperationOutcome").contains("can only be read");
    }

    @Test
    void otherWellKnownAddressesAreNotOpened() {
        HttpResponse<String> anonymous = get("/.well-known/openid-configuration", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = get("/.well-known/openid-configuration", Persona.NINA_PATEL.token());
        assertThat(signedIn.statusCode()).isBetween(400, 499);
        assertThat(signedIn.body()).contains("OperationOutcome");
    }

    private static JsonNode realmDiscovery() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(keycloak().issuer() + "/.well-known/openid-configuration"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
