package care.neighbourhood.fhirserver.subscription;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Each replica asks HAPI to reload the subscriptions in force at every tick, not once a minute. */
class SubscriptionsInForceTest {

    @Test
    void everyTickAsksForAReload() {
        SubscriptionLoader loader = mock(SubscriptionLoader.class);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("subscriptionLoader", loader);
        SubscriptionsInForce inForce = new SubscriptionsInForce(beans.getBeanProvider(SubscriptionLoader.class));

        inForce.reload();
        inForce.reload();

        verify(loader, times(2)).requestRefresh();
    }
}
