package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings the Subscriptions in force on this server into step with the database within seconds of a
 * change made through another server on the same database. HAPI's own loader looks only once a
 * minute, and a server learns at once only of Subscriptions written through itself.
 *
 * <p>Every {@code workspace.subscriptions.sync-every} (default 2 s) one small
 * query reads how many Subscriptions there are and when the newest change to one was made. When that
 * differs from what this server last loaded, and the newest change is at least {@code
 * workspace.subscriptions.sync-settle} old (default 2 s), HAPI's loader reloads them. The pause leaves
 * a new Subscription to be activated by the server it was written through (which does it within
 * milliseconds): two servers activating the same Subscription would each write it.
 *
 * <p>HAPI drops a Subscription from those in force only when two loads in a row no longer find it
 * (deleted, or no longer active): one load marks it, the next removes it. So each load for a change
 * is followed by one more at the next look, and a Subscription deleted through another server stops
 * here within seconds rather than at HAPI's own next load.
 *
 * <p>Each change to a record is matched by the server that wrote it (or, if that server stopped
 * before matching it, by whichever server first takes it from HAPI's table of changes), so a change
 * is delivered once, not once per server.
 */
@Component
public class SubscriptionsInStep {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionsInStep.class);

    /** What the database held when last looked at: how many Subscriptions, and the newest change. */
    record Seen(long count, Instant newest) {}

    private final JdbcTemplate jdbc;
    private final SubscriptionLoader loader;
    private final Duration settle;
    private final Clock clock;
    private Seen loaded;
    private boolean confirmDue;

    @Autowired
    SubscriptionsInStep(
            DataSource dataSource,
            SubscriptionLoader loader,
            @Value("${workspace.subscriptions.sync-settle:PT2S}") Duration settle) {
        this(new JdbcTemplate(dataSource), loader, settle, Clock.systemUTC());
    }

    SubscriptionsInStep(JdbcTemplate jdbc, SubscriptionLoader loader, Duration settle, Clock clock) {
        this.jdbc = jdbc;
        this.loader = loader;
        this.settle = settle;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${workspace.subscriptions.sync-every:PT2S}",
            fixedDelayString = "${workspace.subscriptions.sync-every:PT2S}")
    public void keepInStep() {
        try {
            Seen now = look();
            if (Objects.equals(now, loaded)) {
                if (confirmDue) {
                    loader.forceRefresh(); // the second load that drops what the first no longer found
                    confirmDue = false;
                }
                return;
            }
            if (now.newest() != null && now.newest().plus(settle).isAfter(clock.instant())) {
                return; // just written: its own server activates it first
            }
            loader.forceRefresh();
            if (loaded != null) {
                log.info("Subscriptions changed in the database ({} now): reloaded", now.count());
            }
            loaded = now;
            confirmDue = true;
        } catch (RuntimeException e) {
            log.warn("Could not bring subscriptions into step with the database: {}", e.getMessage());
        }
    }

    private Seen look() {
        return jdbc.queryForObject(
                "select count(*), max(res_updated) from hfj_resource where res_type = 'Subscription'", (row, i) -> {
                    Timestamp newest = row.getTimestamp(2);
                    return new Seen(row.getLong(1), newest == null ? null : newest.toInstant());
                });
    }
}
