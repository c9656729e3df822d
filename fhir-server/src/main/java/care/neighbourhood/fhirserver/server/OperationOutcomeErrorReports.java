package care.neighbourhood.fhirserver.server;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat or the security filters refuse before they reach the FHIR endpoint (an encoded slash
 * or a NUL in the path, a path with {@code ..}) are answered with a FHIR OperationOutcome like every
 * other refusal, not with Tomcat's HTML page or Spring's JSON error.
 */
@Component
public class OperationOutcomeErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(Valve.class.getName());
            }
        });
    }

    /** Tomcat's error report, written as an OperationOutcome. */
    public static class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable failure) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setContentType("application/fhir+json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(outcome(status));
                }
            } catch (IOException | IllegalStateException e) {
                // the client has gone, or the response was already under way: nothing more to say
            }
        }

        static String outcome(int status) {
            String diagnostics = status == 400
                    ? "The request could not be read: its URL or headers are not allowed here (for example an"
                            + " encoded slash, a NUL character or '..' in the path)."
                    : "The request could not be completed (HTTP " + status + ").";
            return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                    + (status < 500 ? "invalid" : "exception") + "\",\"diagnostics\":\"" + diagnostics + "\"}]}";
        }
    }
}
