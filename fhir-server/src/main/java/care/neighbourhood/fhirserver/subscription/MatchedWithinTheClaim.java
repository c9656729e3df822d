package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.broker.api.IChannelNamer;
import ca.uhn.fhir.jpa.subscription.channel.impl.LinkedBlockingChannel;
import ca.uhn.fhir.jpa.subscription.channel.impl.LinkedBlockingChannelFactory;
import ca.uhn.fhir.jpa.subscription.channel.impl.RetryPolicyProvider;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.policy.NeverRetryPolicy;

/**
 * HAPI notes each change in the database with the write, and a job on every replica claims the notes
 * one by one by deleting them, in a transaction, and hands each to subscription matching. Out of the
 * box matching runs on a thread pool in memory: the note's deletion is committed while the change is
 * still on its way, and a replica that dies then takes the change with it. Here the matching channel
 * runs in the claiming thread instead, and each notification a change matches is held in the database
 * ({@link NotificationRetry#sending}) before the claim commits. A replica killed before that leaves the
 * note, which the next job run, on any replica, claims again; killed after, it leaves the held
 * notification, which another replica sends once its hold has run out. At least once, never lost. The
 * other replicas' jobs skip a note while it is claimed (their delete waits for the claim and then finds
 * nothing).
 *
 * <p>Sending keeps HAPI's thread pools, one per subscription, so a slow endpoint holds up only its own
 * notifications. Nothing is retried within a claim: a failure rolls the claim back and the note is
 * claimed again at the next run ({@code workspace.subscriptions.submission-interval}). Other channels
 * (HAPI's batch jobs) keep their thread pools.
 */
public final class MatchedWithinTheClaim extends LinkedBlockingChannelFactory {

    static final String MATCHING = "subscription-matching";

    private static final RetryPolicyProvider ONE_ATTEMPT = new RetryPolicyProvider() {
        @Override
        protected RetryPolicy retryPolicy() {
            return new NeverRetryPolicy();
        }
    };

    public MatchedWithinTheClaim(IChannelNamer namer, RetryPolicyProvider retryPolicyProvider) {
        super(namer, retryPolicyProvider);
    }

    @Override
    protected LinkedBlockingChannel buildLinkedBlockingChannel(int concurrentConsumers, String channelName) {
        if (MATCHING.equals(channelName)) {
            return LinkedBlockingChannel.newSynchronous(channelName, ONE_ATTEMPT);
        }
        return super.buildLinkedBlockingChannel(concurrentConsumers, channelName);
    }
}
