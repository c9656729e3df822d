package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description and Swagger UI of the FHIR API: open like the CapabilityStatement they are
 * made from, describing the API and nothing in the record, and pointed to by the CapabilityStatement.
 */
class ApiDocumentationTest extends FhirServerTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    care.neighbourhood.fhirserver.audit.AuditCapture audit;

    @Test
    void documentationRequestsAreNotAuditedAsMissedRecordRequests() {
        long missedBefore = audit.recordedAfterTheResponse();
        assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api-docs"))
                                .GET())
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/swagger-ui/"))
                                .GET())
                        .statusCode())
                .isEqualTo(200);
        assertThat(audit.recordedAfterTheResponse()).isEqualTo(missedBefore);
    }

    @Test
    void anyoneCanReadTheOpenApiDescription() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api-docs"))
                .header("Accept", "application/json")
                .GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body())
                .contains("openapi")
                .contains("/Patient/{id}")
                .contains("/Task")
                // The sample neighbourhood is loaded; the description names none of it.
                .doesNotContain("Moore")
                .doesNotContain("9994077333");
    }

    @Test
    void anyoneCanOpenSwaggerUi() {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/swagger-ui/"))
                .header("Accept", "text/html")
                .GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(answer.body()).containsIgnoringCase("swagger");
    }

    @Test
    void theCapabilityStatementPointsToTheDescription() {
        CapabilityStatement statement = FHIR.newJsonParser()
                .parseResource(CapabilityStatement.class, get("/metadata", null).body());
        assertThat(statement.getExtensionString(ApiDocumentation.OPENAPI_EXTENSION))
                .isEqualTo(baseUrl() + "/api-docs");
    }

    @Test
    void theDocumentationCanOnlyBeRead() {
        assertThat(post("/api-docs", "{}", null).statusCode()).isEqualTo(401);
        assertThat(post("/swagger-ui/", "{}", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenAddressesOpenNothingElse() {
        assertThat(get("/api-docs/../Patient", null).statusCode()).isIn(400, 401, 404);
        assertThat(get("/swagger-ui/../Patient?_count=1", null).statusCode()).isIn(400, 401, 404);
    }
}
