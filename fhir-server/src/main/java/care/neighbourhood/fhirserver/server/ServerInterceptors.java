package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.rest.server.RestfulServer;
import care.neighbourhood.fhirserver.access.CareAccessIndexMaintainer;
import care.neighbourhood.fhirserver.access.RecordAccessRules;
import care.neighbourhood.fhirserver.access.RecordChangeRules;
import care.neighbourhood.fhirserver.access.TransactionPlaceholders;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one ordered list of interceptors. Two places take them:
 *
 * <ul>
 *   <li>the storage interceptor service, for what must happen on every write whoever makes it (the
 *       API, a transaction, the server's own loaders): keeping the care access index in step;
 *   <li>the FHIR endpoint, for what applies to API callers: access rules first (their storage hooks
 *       run for every storage operation a request causes, transactions included), errors made safe
 *       last.
 * </ul>
 */
@Component
public class ServerInterceptors {

    private final List<Object> storage;
    private final List<Object> endpoint;

    public ServerInterceptors(
            CareAccessIndexMaintainer careAccessIndex,
            TransactionPlaceholders transactionPlaceholders,
            RecordAccessRules readRules,
            RecordChangeRules changeRules,
            SafeErrorInterceptor safeErrors) {
        this.storage = List.of(careAccessIndex);
        this.endpoint = List.of(transactionPlaceholders, readRules, changeRules, safeErrors);
    }

    void registerOn(IInterceptorService storageInterceptors) {
        storage.forEach(storageInterceptors::registerInterceptor);
    }

    void registerOn(RestfulServer server) {
        endpoint.forEach(server::registerInterceptor);
    }
}
