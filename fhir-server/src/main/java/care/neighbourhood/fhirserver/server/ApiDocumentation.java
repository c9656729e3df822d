package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.UrlType;
import org.springframework.stereotype.Component;

/**
 * The FHIR API described for people who build against it: HAPI's OpenAPI description
 * ({@code /fhir/api-docs}) and Swagger UI ({@code /fhir/swagger-ui/}), both made from the
 * CapabilityStatement and as open as it is (they describe the API, never the record). The
 * CapabilityStatement points to the description in an extension.
 */
@Component
@Interceptor
public class ApiDocumentation {

    /** The addresses anyone may read; see {@code ApiSecurityConfig}. */
    public static final String[] OPEN_PATHS = {"/fhir/api-docs", "/fhir/swagger-ui/", "/fhir/swagger-ui/**"};

    static final String OPENAPI_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/openapi-description";

    private final OpenApiInterceptor openApi = new OpenApiInterceptor();

    /** HAPI's interceptor that serves both; registered on the endpoint before every other. */
    OpenApiInterceptor server() {
        return openApi;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void pointToTheDescription(IBaseConformance generated, RequestDetails request) {
        if (generated instanceof CapabilityStatement statement && request != null) {
            statement.getExtension().removeIf(extension -> OPENAPI_EXTENSION.equals(extension.getUrl()));
            statement.addExtension(OPENAPI_EXTENSION, new UrlType(request.getFhirServerBase() + "/api-docs"));
        }
    }
}
