package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import care.neighbourhood.fhirserver.audit.AuditUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps server internals out of error responses. Client errors (4xx) keep HAPI's message, which
 * describes the request, and so does a failure to parse the request's data; anything unexpected becomes a 500 OperationOutcome that carries only a
 * reference, and the full error goes to the log under that reference. A database that cannot be
 * reached is a 503 asking the client to try again ({@link DatabaseUnavailable}), and so is a read or
 * search that collided with the server's own bookkeeping ({@link ReadInterrupted}).
 */
@Component
public class SafeErrorInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SafeErrorInterceptor.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException hideInternals(
            RequestDetails request, Throwable error, HttpServletRequest servletRequest) {
        if (ReadInterrupted.explains(error, request == null ? null : request.getRestOperationType())) {
            log.warn(
                    "A version conflict during {} {}, which writes nothing: answered 503 ({})",
                    servletRequest.getMethod(),
                    servletRequest.getRequestURI(),
                    error.toString());
            return new ReadInterrupted(error);
        }
        if (error instanceof BaseServerResponseException response
                && (response.getStatusCode() < 500 || error instanceof AuditUnavailableException)) {
            return response;
        }
        if (DatabaseUnavailable.explains(error)) {
            log.warn(
                    "The database could not be reached during {} {}: answered 503 ({})",
                    servletRequest.getMethod(),
                    servletRequest.getRequestURI(),
                    error.toString());
            return new DatabaseUnavailable(error);
        }
        if (RequestBindingFaults.explains(error)) {
            log.info(
                    "A request that could not be read, {} {}: answered 400 ({})",
                    servletRequest.getMethod(),
                    servletRequest.getRequestURI(),
                    error.toString());
            return RequestBindingFaults.answer();
        }
        if (error instanceof DataFormatException badInput) {
            // Raised while parsing what the client sent (a body, a date in a search): the client's error.
            return new InvalidRequestException(badInput.getMessage());
        }
        String reference = UUID.randomUUID().toString();
        log.error(
                "Internal error {} on {} {}",
                reference,
                servletRequest.getMethod(),
                servletRequest.getRequestURI(),
                error);
        return new InternalErrorException(
                "The server could not complete this request. Quote reference " + reference + " to support.");
    }
}
