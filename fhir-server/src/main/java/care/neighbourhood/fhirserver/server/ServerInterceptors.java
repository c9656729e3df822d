package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one ordered list of interceptors on the FHIR endpoint. Order matters (errors are made safe
 * last, after every other interceptor has had its say); keep every registration here.
 */
@Component
public class ServerInterceptors {

    private final SafeErrorInterceptor safeErrors;

    public ServerInterceptors(SafeErrorInterceptor safeErrors) {
        this.safeErrors = safeErrors;
    }

    List<Object> inOrder() {
        return List.of(safeErrors);
    }

    void registerOn(RestfulServer server) {
        inOrder().forEach(server::registerInterceptor);
    }
}
