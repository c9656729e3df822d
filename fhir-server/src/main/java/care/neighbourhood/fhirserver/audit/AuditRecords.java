package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.CallerResolver;
import care.neighbourhood.fhirserver.access.SharingAgreement;
import java.time.Clock;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Makes the AuditEvent of one request, shaped after IHE BALP: who (user, practitioner, organisation,
 * roles, client), what (interaction, resource, query, the people concerned with their basis), when,
 * the outcome and the purpose of use.
 */
@Component
class AuditRecords {

    private final CallerResolver callers;
    private final SharingAgreement agreement;
    private final Clock clock = Clock.systemUTC();

    AuditRecords(CallerResolver callers, SharingAgreement agreement) {
        this.callers = callers;
        this.agreement = agreement;
    }

    AuditRecord recordOf(RequestDetails request, int status, String reason) {
        Optional<Caller> caller = callerOf(request);
        RestOperationTypeEnum operation = request.getRestOperationType();
        ConcernedPeople.Concerned concerned = ConcernedPeople.of(request);
        String description = status + " " + (reason == null ? statusText(status) : reason);
        return new AuditRecord(
                AuditIds.next(),
                clock.instant(),
                request.getRequestId(),
                Interactions.codeOf(operation),
                Interactions.actionOf(operation),
                AuditRecord.outcomeOf(status),
                status,
                description,
                caller.map(c -> purposeOf(c, request, concerned)).orElse(null),
                caller.map(Caller::subject).orElse(null),
                caller.map(Caller::fhirUser).orElse(null),
                caller.map(Caller::username).orElse(null),
                caller.map(c -> String.join(",", new TreeSet<>(c.roles()))).orElse(null),
                caller.map(Caller::organisation).orElse(null),
                caller.map(Caller::sector).orElse(null),
                caller.map(Caller::clientId).orElse(null),
                clientAddressOf(request),
                resourceOf(request),
                queryOf(request),
                concerned.people());
    }

    private Optional<Caller> callerOf(RequestDetails request) {
        try {
            return callers.callerOf(request);
        } catch (RuntimeException noVerifiedToken) {
            return Optional.empty();
        }
    }

    private String purposeOf(Caller caller, RequestDetails request, ConcernedPeople.Concerned concerned) {
        if (agreement.isGovernanceOnly(caller) || caller.mayReadAuditTrail() && caller.isSystem()) {
            return "HCOMPL";
        }
        if (caller.kind() == Caller.Kind.PERSON) {
            return "PATRQT"; // the person, about themself
        }
        if (caller.kind() == Caller.Kind.CARER) {
            return "FAMRQT"; // a carer, for the person
        }
        boolean breakGlass = "$break-glass".equals(request.getOperation()) || concerned.underBreakGlass();
        if (breakGlass) {
            return "BTG";
        }
        return "health".equals(caller.sector()) ? "TREAT" : "CAREMGT";
    }

    private static String resourceOf(RequestDetails request) {
        String resource = request.getId() != null && request.getId().hasIdPart()
                ? request.getId().getValue()
                : request.getResourceName();
        if (request.getOperation() != null && !request.getOperation().isBlank()) {
            return (resource == null ? "" : resource + "/") + request.getOperation();
        }
        return resource;
    }

    private static String queryOf(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
            String query = servlet.getServletRequest().getQueryString();
            if (query != null) {
                return java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String clientAddressOf(RequestDetails request) {
        return request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
                ? servlet.getServletRequest().getRemoteAddr()
                : null;
    }

    static String statusText(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Entity";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
