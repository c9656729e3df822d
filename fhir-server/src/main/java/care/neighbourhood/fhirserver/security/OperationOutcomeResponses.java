package care.neighbourhood.fhirserver.security;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.fhirserver.audit.UnauthenticatedRequestAudit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/** Writes 401 and 403 answers as FHIR OperationOutcomes, with the bearer challenge on 401. */
@Component
class OperationOutcomeResponses {

    private final FhirContext fhirContext;
    private final UnauthenticatedRequestAudit audit;

    OperationOutcomeResponses(FhirContext fhirContext, UnauthenticatedRequestAudit audit) {
        this.fhirContext = fhirContext;
        this.audit = audit;
    }

    AuthenticationEntryPoint unauthenticated() {
        return (request, response, exception) -> {
            boolean tokenSent = request.getHeader("Authorization") != null;
            String detail = tokenSent ? rejectionReason(exception) : "No access token was sent.";
            audit.refused(request, HttpServletResponse.SC_UNAUTHORIZED, detail);
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
        return (request, response, exception) -> {
            audit.refused(request, HttpServletResponse.SC_FORBIDDEN, "Access denied.");
            write(response, HttpServletResponse.SC_FORBIDDEN, OperationOutcome.IssueType.FORBIDDEN, "Access denied.");
        };
    }

    /**
     * 400 for a request the firewall refuses (a {@code ..} or an encoded slash in the path, a control
     * character in a parameter's name or value, say).
     */
    RequestRejectedHandler rejected() {
        return (request, response, exception) -> write(
                response,
                HttpServletResponse.SC_BAD_REQUEST,
                OperationOutcome.IssueType.INVALID,
                "The request could not be read: its URL, a parameter or a header is not allowed here (for"
                        + " example an encoded slash or '..' in the path, or a NUL or other control character).");
    }

    /**
     * 503 when a token could not be checked at all (the realm's signing keys could not be fetched):
     * not the caller's fault, and not a reason to say more than that.
     */
    void tokenCheckUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String message = "Access tokens cannot be checked at the moment (the identity provider could not be"
                + " reached). Try again shortly.";
        audit.refused(request, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
        response.setHeader("Retry-After", "10");
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, OperationOutcome.IssueType.TRANSIENT, message);
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
