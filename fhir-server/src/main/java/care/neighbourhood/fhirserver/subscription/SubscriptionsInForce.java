package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the subscriptions in force on this replica in step with the database. HAPI reloads them at
 * once on the replica where a Subscription is written, but on any other replica only once a minute:
 * with several replicas on one database, a new Subscription would miss the changes another replica
 * matches in that minute. Each replica asks for a reload every {@code
 * workspace.subscriptions.refresh-interval} (default five seconds; one small query). Which replica
 * hands a change to matching is settled by HAPI in the database (the change's row is deleted by
 * exactly one), so each change is matched, and each notification sent, once.
 */
@Component
public class SubscriptionsInForce {

    private final ObjectProvider<SubscriptionLoader> loader;

    public SubscriptionsInForce(ObjectProvider<SubscriptionLoader> loader) {
        this.loader = loader;
    }

    @Scheduled(
            initialDelayString = "${workspace.subscriptions.refresh-interval:PT5S}",
            fixedDelayString = "${workspace.subscriptions.refresh-interval:PT5S}")
    public void reload() {
        loader.ifAvailable(SubscriptionLoader::requestRefresh);
    }
}
