package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.springframework.stereotype.Component;

/**
 * Writes are retried a few times when they collide with a concurrent write: two members of the team
 * adding Tasks for the same person at the same moment both touch that person's care access index
 * entry, and the second would otherwise get a 409 for something it did not cause.
 */
@Component
public class WriteConflictRetry {

    static final int RETRIES = 4;

    @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
    public ResourceVersionConflictResolutionStrategy retryCollidingWrites(RequestDetails request) {
        ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
        strategy.setRetry(true);
        strategy.setMaxRetries(RETRIES);
        return strategy;
    }
}
