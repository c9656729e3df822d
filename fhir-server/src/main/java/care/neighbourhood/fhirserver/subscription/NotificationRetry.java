package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.Disclosure;
import care.neighbourhood.fhirserver.access.SubscriptionPolicy;
import care.neighbourhood.fhirserver.audit.NotificationAudit;
import care.neighbourhood.fhirserver.subscription.HeldNotifications.Held;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A notification whose endpoint did not take it is kept ({@link HeldNotifications}) and tried again
 * with growing pauses, each attempt judged again by the access rules for the owner and audited. Once
 * {@code workspace.subscriptions.retry.give-up-after} has passed since the first failure, the server
 * gives up: the notification is audited as failed for good, and the Subscription is set to {@code
 * error} with the reason, for its owner to read. Nothing is dropped without a record.
 */
@Component
public class NotificationRetry {

    private static final Logger log = LoggerFactory.getLogger(NotificationRetry.class);

    private final HeldNotifications held;
    private final NotificationRetryProperties properties;
    private final RestHookSender sender;
    private final DaoRegistry daos;
    private final AccessPolicy policy;
    private final NotificationAudit audit;
    private final FhirContext fhirContext;
    private final Clock clock = Clock.systemUTC();

    NotificationRetry(
            HeldNotifications held,
            NotificationRetryProperties properties,
            RestHookSender sender,
            DaoRegistry daos,
            AccessPolicy policy,
            NotificationAudit audit,
            FhirContext fhirContext) {
        this.held = held;
        this.properties = properties;
        this.sender = sender;
        this.daos = daos;
        this.policy = policy;
        this.audit = audit;
        this.fhirContext = fhirContext;
    }

    /**
     * A change matched a subscription, and HAPI will send the notification: it is held in the database
     * first (within the claim of the change, {@link MatchedWithinTheClaim}), so that if this server stops
     * before the endpoint has taken it, another server sends it once {@code
     * workspace.subscriptions.retry.hold-while-sending} has passed (at least once; the endpoint can tell
     * a repeat by the record's id and version). Held already, it is left as it is.
     */
    void sending(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        IBaseResource record = message.getPayload(fhirContext);
        if (subscription != null && record != null) {
            Instant now = clock.instant();
            held.sending(
                    idOf(subscription),
                    versionOf(record),
                    operationOf(message),
                    now,
                    now.plus(properties.holdWhileSending()));
        }
    }

    /** The endpoint took it, or it is not to be sent after all: nothing more to keep. */
    void sent(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        IBaseResource record = message.getPayload(fhirContext);
        if (subscription != null && record != null) {
            held.sent(idOf(subscription), versionOf(record));
        }
    }

    /** HAPI's delivery failed: the notification is kept to be tried again after the first pause. */
    void keep(CanonicalSubscription subscription, ResourceDeliveryMessage message, Exception failure) {
        IBaseResource record = message.getPayload(fhirContext);
        if (subscription == null || record == null) {
            return;
        }
        Instant now = clock.instant();
        held.hold(
                idOf(subscription),
                versionOf(record),
                operationOf(message),
                now,
                now.plus(properties.pauseAfter(1)),
                failure.getMessage());
    }

    private String idOf(CanonicalSubscription subscription) {
        return subscription.getIdElement(fhirContext).toUnqualifiedVersionless().getValue();
    }

    private static String versionOf(IBaseResource record) {
        return record.getIdElement().toUnqualified().getValue();
    }

    private static String operationOf(ResourceDeliveryMessage message) {
        return message.getOperationType() == null
                ? "UPDATE"
                : message.getOperationType().name();
    }

    @Scheduled(
            initialDelayString = "${workspace.subscriptions.retry.check-every:PT5S}",
            fixedDelayString = "${workspace.subscriptions.retry.check-every:PT5S}")
    public void tryAgainWhatIsDue() {
        Instant now = clock.instant();
        for (Held notification : held.due(now, 100)) {
            if (held.claim(notification, now.plus(properties.holdWhileSending()))) {
                try {
                    tryAgain(notification, now);
                } catch (RuntimeException e) {
                    log.warn("Could not try notification {} again: {}", notification, e.getMessage());
                }
            }
        }
    }

    private void tryAgain(Held notification, Instant now) {
        Optional<Subscription> subscription = read(notification.subscription(), Subscription.class);
        Optional<IBaseResource> record = read(notification.record(), IBaseResource.class);
        if (subscription.isEmpty()
                || subscription.get().getStatus() != Subscription.SubscriptionStatus.ACTIVE
                || record.isEmpty()) {
            held.release(notification); // stopped or removed by its owner, or the record is gone
            return;
        }
        Optional<Caller> owner = SubscriptionPolicy.ownerOf(
                tagsOf(subscription.get()), subscription.get().getCriteria());
        if (owner.isEmpty()) {
            held.release(notification);
            return;
        }
        String endpoint = subscription.get().getChannel().getEndpoint();
        Disclosure disclosure = policy.disclose(policy.contextFor(owner.get()), record.get());
        if (!disclosure.isShown()) {
            audit.record(
                    owner.get(),
                    notification.subscription(),
                    endpoint,
                    record.get(),
                    null,
                    NotificationAudit.WITHHELD,
                    "notification withheld: " + disclosure.reason());
            held.release(notification);
            return;
        }
        int attempt = notification.attempts() + 1;
        try {
            sender.send(subscription.get(), record.get(), notification.operation());
            audit.record(
                    owner.get(),
                    notification.subscription(),
                    endpoint,
                    record.get(),
                    policy.basisOf(policy.contextFor(owner.get()), record.get()),
                    NotificationAudit.SENT,
                    "notification sent (attempt " + attempt + ")");
            held.release(notification);
        } catch (java.io.IOException | RuntimeException e) {
            failed(notification, subscription.get(), owner.get(), record.get(), attempt, describe(e), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(
            Held notification,
            Subscription subscription,
            Caller owner,
            IBaseResource record,
            int attempt,
            String error,
            Instant now) {
        String endpoint = subscription.getChannel().getEndpoint();
        boolean givingUp = Duration.between(notification.firstFailed(), now).compareTo(properties.giveUpAfter()) >= 0;
        audit.record(
                owner,
                notification.subscription(),
                endpoint,
                record,
                null,
                NotificationAudit.FAILED,
                "notification failed (attempt " + attempt + (givingUp ? ", given up" : "") + "): " + error);
        if (!givingUp) {
            held.failedAgain(notification, now.plus(properties.pauseAfter(attempt)), error);
            return;
        }
        held.release(notification);
        subscription.setStatus(Subscription.SubscriptionStatus.ERROR);
        subscription.setError("Notifications to " + endpoint + " have failed since " + notification.firstFailed()
                + " (" + attempt + " attempts; the last: " + error + "); the server stopped trying. Set the status"
                + " back to requested once the endpoint takes notifications again.");
        daos.getResourceDao(Subscription.class).update(subscription, new SystemRequestDetails());
        log.warn("Gave up notifying {} at {}: {}", notification.subscription(), endpoint, error);
    }

    private <T extends IBaseResource> Optional<T> read(String id, Class<T> type) {
        try {
            IdType idType = new IdType(id);
            @SuppressWarnings("unchecked")
            T found = (T) daos.getResourceDao(idType.getResourceType()).read(idType, new SystemRequestDetails());
            return Optional.of(found);
        } catch (RuntimeException goneOrUnknown) {
            return Optional.empty();
        }
    }

    private static Map<String, String> tagsOf(Subscription subscription) {
        Map<String, String> tags = new HashMap<>();
        subscription.getMeta().getTag().forEach(tag -> tags.put(tag.getSystem(), tag.getCode()));
        return tags;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
