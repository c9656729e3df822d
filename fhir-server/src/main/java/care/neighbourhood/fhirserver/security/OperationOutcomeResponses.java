package care.neighbourhood.fhirserver.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** Writes 401 and 403 answers as FHIR OperationOutcomes, with the bearer challenge on 401. */
@Component
class OperationOutcomeResponses {

    private final FhirContext fhirContext;

    OperationOutcomeResponses(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    AuthenticationEntryPoint unauthenticated() {
        return (request, response, exception) -> {
            boolean tokenSent = request.getHeader("Authorization") != null;
            String detail = tokenSent ? rejectionReason(exception) : "No access token was sent.";
            response.setHeader(
                    "WWW-Authenticate",
                    tokenSent
                            ? "Bearer error=\"invalid_token\", error_description=\"" + detail.replace('"', '\'') + "\""
                            : "Bearer");
            write(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    OperationOutcome.IssueType.LOGIN,
                    "Authentication required: send a valid bearer access token from the neighbourhood realm. "
                            + detail);
        };
    }

    AccessDeniedHandler forbidden() {
        return (request, response, exception) -> write(
                response, HttpServletResponse.SC_FORBIDDEN, OperationOutcome.IssueType.FORBIDDEN, "Access denied.");
    }

    private static String rejectionReason(AuthenticationException exception) {
        if (exception instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null) {
            String description = oauth.getError().getDescription();
            if (description.contains("expired")) {
                return "The access token has expired.";
            }
            if (description.contains("audience")) {
                return "The access token is not meant for this API.";
            }
            if (description.contains("iss")) {
                return "The access token was issued by an untrusted issuer.";
            }
        }
        return "The access token is invalid (malformed, or not signed by a trusted key).";
    }

    private void write(HttpServletResponse response, int status, OperationOutcome.IssueType type, String message)
            throws IOException {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message);
        response.setStatus(status);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
    }
}
