package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.SubscriptionPolicy;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * Records on every Subscription an API caller stores who owns it (the caller's client id,
 * organisation and sector, as tags), replacing whatever the request said: the owner is never taken
 * from the request body.
 */
@Component
public class SubscriptionOwnerStamp {

    private static final Set<String> OWNER_TAGS = Set.of(
            SubscriptionPolicy.OWNER_CLIENT, SubscriptionPolicy.OWNER_ORGANISATION, SubscriptionPolicy.OWNER_SECTOR);

    private final AccessContexts contexts;

    public SubscriptionOwnerStamp(AccessContexts contexts) {
        this.contexts = contexts;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        stamp(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        stamp(resource, request);
    }

    private void stamp(IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Subscription subscription)) {
            return;
        }
        contexts.of(request).ifPresent(context -> {
            Caller caller = context.caller();
            subscription.getMeta().getTag().removeIf(tag -> OWNER_TAGS.contains(tag.getSystem()));
            tag(subscription, SubscriptionPolicy.OWNER_CLIENT, caller.clientId());
            tag(subscription, SubscriptionPolicy.OWNER_ORGANISATION, caller.organisation());
            tag(subscription, SubscriptionPolicy.OWNER_SECTOR, caller.sector());
        });
    }

    private static void tag(Subscription subscription, String system, String code) {
        if (code != null) {
            subscription.getMeta().addTag(system, code, null);
        }
    }
}
