package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import care.neighbourhood.fhirserver.access.SubscriptionProperties;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Only changes a subscription can be about are noted for matching: those to the types subscriptions
 * are offered on ({@code workspace.subscriptions.resource-types}) and to Subscriptions themselves
 * (which HAPI's matching brings into force). HAPI would note every change, read each back and match
 * it against every subscription: an Observation, a Patient or the Provenance of every write can match
 * none, yet cost as much as a Task, and under a steady load of writes the queue of changes grew faster
 * than it was matched. Which types are offered is configuration, the same on every replica, so no
 * change a subscription could match is left out.
 */
@Component
public class SubscribableChanges {

    private final FhirContext fhirContext;
    private final Set<String> types;

    public SubscribableChanges(FhirContext fhirContext, SubscriptionProperties properties) {
        this.fhirContext = fhirContext;
        this.types = Set.copyOf(properties.resourceTypes());
    }

    @Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
    public boolean worthMatching(ResourceModifiedMessage change) {
        String type = change.getResourceType(fhirContext);
        return type == null || "Subscription".equals(type) || types.contains(type);
    }
}
