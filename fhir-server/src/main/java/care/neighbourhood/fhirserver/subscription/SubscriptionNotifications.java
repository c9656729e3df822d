package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.Disclosure;
import care.neighbourhood.fhirserver.access.SubscriptionPolicy;
import care.neighbourhood.fhirserver.audit.NotificationAudit;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * HAPI sends notifications with the server's rights; this judges each one for the subscription's
 * owner just before it is sent: only if the owner may read the record (their care relationship with
 * the person, the agreement, the person's consent, labels) does it go, and the record sent (if the
 * subscription asks for it) is one the owner could read. Sent, withheld and failed notifications are
 * all audited; a failed one is kept and tried again ({@link NotificationRetry}). Registered on the
 * storage interceptor service, where HAPI's delivery calls its hooks.
 */
@Component
public class SubscriptionNotifications {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionNotifications.class);

    private final AccessPolicy policy;
    private final NotificationAudit audit;
    private final FhirContext fhirContext;
    private final NotificationRetry retry;

    public SubscriptionNotifications(
            AccessPolicy policy, NotificationAudit audit, FhirContext fhirContext, NotificationRetry retry) {
        this.policy = policy;
        this.audit = audit;
        this.fhirContext = fhirContext;
        this.retry = retry;
    }

    /** A change matched: the notification is held in the database before the change's claim commits. */
    @Hook(Pointcut.SUBSCRIPTION_RESOURCE_MATCHED)
    public boolean matched(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        retry.sending(subscription, message);
        return true;
    }

    @Hook(Pointcut.SUBSCRIPTION_BEFORE_REST_HOOK_DELIVERY)
    public boolean beforeSending(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        Optional<Caller> owner = SubscriptionPolicy.ownerOf(subscription.getTags(), subscription.getCriteriaString());
        IBaseResource resource = message.getPayload(fhirContext);
        if (owner.isEmpty() || resource == null) {
            log.warn("Not notifying {}: it has no recorded owner or the change has no record", idOf(subscription));
            retry.sent(subscription, message);
            return false;
        }
        Disclosure disclosure = policy.disclose(policy.contextFor(owner.get()), resource);
        if (!disclosure.isShown()) {
            retry.sent(subscription, message);
            audit.record(
                    owner.get(),
                    idOf(subscription),
                    subscription.getEndpointUrl(),
                    resource,
                    null,
                    NotificationAudit.WITHHELD,
                    "notification withheld: " + disclosure.reason());
            return false;
        }
        retry.sending(subscription, message);
        return true;
    }

    @Hook(Pointcut.SUBSCRIPTION_AFTER_REST_HOOK_DELIVERY)
    public void sent(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        retry.sent(subscription, message);
        record(subscription, message, NotificationAudit.SENT, "notification sent");
    }

    @Hook(Pointcut.SUBSCRIPTION_AFTER_DELIVERY_FAILED)
    public boolean failed(ResourceDeliveryMessage message, Exception failure) {
        record(
                message.getSubscription(),
                message,
                NotificationAudit.FAILED,
                "notification failed (attempt 1): " + failure.getMessage());
        retry.keep(message.getSubscription(), message, failure);
        return false; // tried again by NotificationRetry, from the database, not by HAPI from memory
    }

    private void record(CanonicalSubscription subscription, ResourceDeliveryMessage message, int status, String what) {
        if (subscription == null) {
            return;
        }
        Optional<Caller> owner = SubscriptionPolicy.ownerOf(subscription.getTags(), subscription.getCriteriaString());
        IBaseResource resource = message.getPayload(fhirContext);
        if (owner.isEmpty() || resource == null) {
            return;
        }
        audit.record(
                owner.get(),
                idOf(subscription),
                subscription.getEndpointUrl(),
                resource,
                policy.basisOf(policy.contextFor(owner.get()), resource),
                status,
                what);
    }

    private String idOf(CanonicalSubscription subscription) {
        return subscription.getIdElement(fhirContext).toUnqualifiedVersionless().getValue();
    }
}
