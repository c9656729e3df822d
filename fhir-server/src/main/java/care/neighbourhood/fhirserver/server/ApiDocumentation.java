package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import care.neighbourhood.fhirserver.audit.AuditCapture;
import jakarta.servlet.http.HttpServletRequest;
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

    /**
     * Runs just before HAPI's interceptor answers (the same pointcut, registered before it): its requests describe the API and touch no record, so
     * the audit trail leaves them out ({@link AuditCapture#ABOUT_THE_API_ONLY}).
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean markDocumentationRequests(HttpServletRequest servletRequest, ServletRequestDetails request) {
        String path = request == null ? null : request.getRequestPath();
        if (path != null && (path.equals("api-docs") || path.startsWith("swagger-ui"))) {
            request.getUserData().put(AuditCapture.ABOUT_THE_API_ONLY, Boolean.TRUE);
        }
        return true;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void pointToTheDescription(IBaseConformance generated, RequestDetails request) {
        if (generated instanceof CapabilityStatement statement && request != null) {
            statement.getExtension().removeIf(extension -> OPENAPI_EXTENSION.equals(extension.getUrl()));
            statement.addExtension(OPENAPI_EXTENSION, new UrlType(request.getFhirServerBase() + "/api-docs"));
        }
    }
}
