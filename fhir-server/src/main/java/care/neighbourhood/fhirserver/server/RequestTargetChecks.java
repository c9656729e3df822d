package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The URL of a request to the FHIR endpoint must be one the server can read, checked before anything
 * else reads it: its path has no {@code ;} (a path parameter, which no FHIR URL has), every {@code %} begins a percent-encoded byte ({@code %} and two hexadecimal digits),
 * and every parameter in the query has a name. Otherwise the answer is 400 with an OperationOutcome
 * that says which rule the URL broke; without this, the first part of the server to decode the query
 * would fail on it, and with it every part that looks at the request afterwards, the audit included.
 */
class RequestTargetChecks extends OncePerRequestFilter {

    private final FhirContext fhirContext;

    RequestTargetChecks(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> problem = problemWith(request.getRequestURI(), request.getQueryString());
        if (problem.isPresent()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/fhir+json;charset=UTF-8");
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.INVALID)
                    .setDiagnostics(problem.get());
            response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with a request's path and query as sent (still percent-encoded), if anything. */
    static Optional<String> problemWith(String path, String query) {
        if (path != null && path.indexOf(';') >= 0) {
            return Optional.of("The request could not be read: its path contains a ';', which no FHIR URL has.");
        }
        if (hasBrokenEscape(path)) {
            return Optional.of("The request could not be read: its path has a '%' that is not followed by two"
                    + " hexadecimal digits. Percent-encode a '%' in a value as %25.");
        }
        if (query == null) {
            return Optional.empty();
        }
        if (hasBrokenEscape(query)) {
            return Optional.of("The request could not be read: its query has a '%' that is not followed by two"
                    + " hexadecimal digits. Percent-encode a '%' in a value as %25.");
        }
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name =
                    URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals), StandardCharsets.UTF_8);
            if (name.isBlank()) {
                return Optional.of("The request could not be read: a parameter in its query has no name.");
            }
        }
        return Optional.empty();
    }

    private static boolean hasBrokenEscape(String text) {
        if (text == null) {
            return false;
        }
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
