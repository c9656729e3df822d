package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.rest.server.RestfulServer;
import care.neighbourhood.fhirserver.access.CareAccessIndexMaintainer;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one ordered list of interceptors. Two places take them:
 *
 * <ul>
 *   <li>the storage interceptor service, for what must happen on every write whoever makes it (the
 *       API, a transaction, the server's own loaders): keeping the care access index in step;
 *   <li>the FHIR endpoint, for what applies to API callers: errors made safe last.
 * </ul>
 */
@Component
public class ServerInterceptors {

    private final List<Object> storage;
    private final List<Object> endpoint;

    public ServerInterceptors(CareAccessIndexMaintainer careAccessIndex, SafeErrorInterceptor safeErrors) {
        this.storage = List.of(careAccessIndex);
        // The record access rules (care.neighbourhood.fhirserver.access) join this list, first, once
        // searches of every person-linked type can be narrowed inside the query; see that package.
        this.endpoint = List.of(safeErrors);
    }

    void registerOn(IInterceptorService storageInterceptors) {
        storage.forEach(storageInterceptors::registerInterceptor);
    }

    void registerOn(RestfulServer server) {
        endpoint.forEach(server::registerInterceptor);
    }
}
