package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import care.neighbourhood.testkit.Persona;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;

/** Requests tagged with their own request id, and the audit trail read back as the IG officer. */
abstract class AuditTestSupport extends FhirServerTestBase {

    static String tokenOf(Persona persona) {
        return TestTokens.TRUSTED.token(persona.username(), persona.organisation(), persona.sector(), persona.role());
    }

    static final String IG_OFFICER = tokenOf(Persona.IRENE_WALSH);

    static String newRequestId() {
        return "t" + UUID.randomUUID().toString().replace("-", "");
    }

    HttpResponse<String> call(String method, String path, String body, String token, String requestId) {
        HttpRequest.Builder request = request(path).header("X-Request-ID", requestId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    Bundle auditSearch(String query) {
        HttpResponse<String> response = call("GET", "/AuditEvent?" + query, null, IG_OFFICER, newRequestId());
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "audit search " + query + " gave " + response.statusCode() + ": " + response.body());
        }
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    java.util.List<AuditEvent> eventsOf(String requestId) {
        return auditSearch("request-id=" + requestId).getEntry().stream()
                .map(e -> (AuditEvent) e.getResource())
                .toList();
    }
}
