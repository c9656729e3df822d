package care.neighbourhood.fhirserver.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Audits FHIR requests refused before they reach the FHIR endpoint, because no valid access token
 * came with them (401). There is no trusted user to name: the record holds the client address, the
 * request line and why the token was refused.
 */
@Component
public class UnauthenticatedRequestAudit {

    private static final Logger log = LoggerFactory.getLogger(UnauthenticatedRequestAudit.class);

    private final ObjectProvider<AuditWriter> writer;
    private final AuditProperties properties;
    private final Clock clock = Clock.systemUTC();

    public UnauthenticatedRequestAudit(ObjectProvider<AuditWriter> writer, AuditProperties properties) {
        this.writer = writer;
        this.properties = properties;
    }

    public void refused(HttpServletRequest request, int status, String reason) {
        if (!properties.enabled() || !request.getRequestURI().contains("/fhir")) {
            return;
        }
        String path = request.getRequestURI().replaceFirst("^.*?/fhir/?", "");
        String query = request.getQueryString() == null
                ? null
                : URLDecoder.decode(request.getQueryString(), StandardCharsets.UTF_8);
        String requestId = request.getHeader("X-Request-ID");
        AuditRecord record = new AuditRecord(
                AuditIds.next(),
                clock.instant(),
                requestId == null ? null : requestId.replaceAll("[^A-Za-z0-9._-]", ""),
                interactionOf(request.getMethod(), path),
                actionOf(request.getMethod()),
                AuditRecord.outcomeOf(status),
                status,
                status + " " + reason,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                request.getRemoteAddr(),
                path.isBlank() ? null : path,
                query,
                List.of());
        try {
            writer.getObject().commit(record);
        } catch (RuntimeException e) {
            log.error("A refused request from {} could not be audited: {}", request.getRemoteAddr(), e.getMessage());
        }
    }

    private static String interactionOf(String method, String path) {
        long segments = path.isBlank() ? 0 : path.split("/").length;
        return switch (method) {
            case "GET" -> segments >= 2 ? "read" : segments == 1 ? "search-type" : "search-system";
            case "POST" -> segments == 0 ? "transaction" : path.contains("$") ? "operation" : "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "unknown";
        };
    }

    private static String actionOf(String method) {
        return switch (method) {
            case "GET", "HEAD" -> "R";
            case "POST" -> "C";
            case "PUT", "PATCH" -> "U";
            case "DELETE" -> "D";
            default -> "E";
        };
    }
}
