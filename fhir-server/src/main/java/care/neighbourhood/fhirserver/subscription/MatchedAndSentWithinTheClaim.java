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
 * box matching and delivery then run on thread pools in memory: the note's deletion is committed while
 * the change is still on its way, and a replica that dies then takes the change with it. Here the
 * subscription channels run in the claiming thread instead, so a change is matched, judged for each
 * owner and sent (or, if the endpoint fails, kept for {@link NotificationRetry}) before its note's
 * deletion commits. A replica killed at any moment before that leaves the note in the database, where
 * the next job run, on any replica, claims it again: at least once, never lost. The other replicas' jobs
 * skip a note while it is claimed (their delete waits for the claim and then finds nothing).
 *
 * <p>Nothing is retried within the claim: a failure rolls the claim back and the note is claimed again at
 * the next run ({@code workspace.subscriptions.submission-interval}). Other channels (HAPI's batch jobs)
 * keep their thread pools.
 */
public final class MatchedAndSentWithinTheClaim extends LinkedBlockingChannelFactory {

    static final String MATCHING = "subscription-matching";
    static final String DELIVERY = "subscription-delivery-";

    private static final RetryPolicyProvider ONE_ATTEMPT = new RetryPolicyProvider() {
        @Override
        protected RetryPolicy retryPolicy() {
            return new NeverRetryPolicy();
        }
    };

    public MatchedAndSentWithinTheClaim(IChannelNamer namer, RetryPolicyProvider retryPolicyProvider) {
        super(namer, retryPolicyProvider);
    }

    @Override
    protected LinkedBlockingChannel buildLinkedBlockingChannel(int concurrentConsumers, String channelName) {
        if (inTheClaimingThread(channelName)) {
            return LinkedBlockingChannel.newSynchronous(channelName, ONE_ATTEMPT);
        }
        return super.buildLinkedBlockingChannel(concurrentConsumers, channelName);
    }

    static boolean inTheClaimingThread(String channelName) {
        return channelName != null && (channelName.equals(MATCHING) || channelName.startsWith(DELIVERY));
    }
}
