package care.neighbourhood.fhirserver.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import care.neighbourhood.testkit.KeycloakTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The FHIR server on an in-memory H2 database with the sample neighbourhood loaded, shared by every
 * test class that extends this one (one Spring context per JVM). Real tokens come from the real
 * Keycloak ({@link KeycloakTestServer}); {@link TestTokens#TRUSTED} tokens are accepted too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(SqlStatementCounter.class)
public abstract class FhirServerTestBase {

    protected static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void trustTestKey(DynamicPropertyRegistry registry) {
        registry.add("workspace.security.token.additional-trusted-keys", TestTokens.TRUSTED::publicJwkSet);
    }

    protected String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }

    protected static KeycloakTestServer keycloak() {
        return KeycloakTestServer.shared();
    }

    protected IGenericClient clientWithToken(String token) {
        IGenericClient client = FHIR.newRestfulGenericClient(baseUrl());
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Accept", "application/fhir+json");
    }

    /** {@code GET} as the holder of {@code token}; a null token sends none. */
    protected HttpResponse<String> get(String path, String token) {
        return send(authorised(request(path), token).GET());
    }

    protected HttpResponse<String> post(String path, String body, String token) {
        return send(authorised(request(path), token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected HttpResponse<String> put(String path, String body, String token) {
        return send(authorised(request(path), token)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }
}
