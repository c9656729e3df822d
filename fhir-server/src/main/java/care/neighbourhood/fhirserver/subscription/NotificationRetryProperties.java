package care.neighbourhood.fhirserver.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a notification whose endpoint did not take it is tried again ({@code
 * workspace.subscriptions.retry.*}).
 *
 * @param firstPause the pause before the second attempt; each later pause is twice the one before
 * @param longestPause the longest pause between two attempts
 * @param giveUpAfter how long after the first failure the server stops trying: the notification is
 *     then recorded as failed, and the Subscription is set to {@code error} with the reason, which its
 *     owner reads (and sets back to {@code requested} once the endpoint works again)
 * @param checkEvery how often the server looks for notifications due to be tried again
 * @param holdWhileSending how long a notification being sent stays with the server sending it: held in
 *     the database from the moment its change is matched, it is sent by any server once this has
 *     passed without the endpoint taking it (the server sending it stopped); longer than a send takes
 */
@ConfigurationProperties("workspace.subscriptions.retry")
public record NotificationRetryProperties(
        @DefaultValue("PT10S") Duration firstPause,
        @DefaultValue("PT10M") Duration longestPause,
        @DefaultValue("PT24H") Duration giveUpAfter,
        @DefaultValue("PT5S") Duration checkEvery,
        @DefaultValue("PT2M") Duration holdWhileSending) {

    /** The pause after the given number of failed attempts (at least one). */
    Duration pauseAfter(int attempts) {
        Duration pause = firstPause;
        for (int i = 1; i < attempts && pause.compareTo(longestPause) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(longestPause) > 0 ? longestPause : pause;
    }
}
