package care.neighbourhood.fhirserver.smart;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Serves the SMART discovery document. It is mapped to its exact path, which the servlet container
 * prefers to the FHIR servlet's {@code /fhir/*}: HAPI would otherwise read {@code .well-known} as a
 * resource type and answer that it does not know it. Anyone may read it, as they may read the
 * CapabilityStatement; it says how to connect and nothing about the record.
 */
class SmartConfigurationServlet extends HttpServlet {

    static final String PATH = "/fhir/.well-known/smart-configuration";

    private final transient FhirContext fhirContext;
    private final byte[] document;

    SmartConfigurationServlet(SmartConfiguration configuration, FhirContext fhirContext) throws IOException {
        this.fhirContext = fhirContext;
        this.document = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(configuration.document());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            super.service(request, response);
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.NOTSUPPORTED)
                .setDiagnostics("The SMART configuration can only be read: " + request.getMethod()
                        + " is not allowed here; use GET.");
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", "GET, HEAD");
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setContentLength(document.length);
        response.getOutputStream().write(document);
    }
}
