package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@link AccessContext} of an HTTP request to the FHIR endpoint: made once, from the request's
 * verified token, and kept with the request (and its sub-requests, such as the entries of a
 * transaction) until it ends. The server's own internal work has none.
 */
@Component
public class AccessContexts {

    private static final String KEY = AccessContexts.class.getName() + ".context";

    private final CallerResolver callers;

    public AccessContexts(CallerResolver callers) {
        this.callers = callers;
    }

    /** The context of an API request; empty for the server's own internal work. */
    public Optional<AccessContext> of(RequestDetails request) {
        if (request == null) {
            return Optional.empty();
        }
        if (request.getUserData().get(KEY) instanceof AccessContext context) {
            return Optional.of(context);
        }
        return callers.callerOf(request).map(caller -> {
            AccessContext context = new AccessContext(caller);
            request.getUserData().put(KEY, context);
            return context;
        });
    }
}
