package care.neighbourhood.fhirserver.subscription;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When a server reloads its Subscriptions: at first, then only when the database holds a change it has
 * not loaded, and only once that change is a moment old (the server it was written through activates
 * a new Subscription first); each such load is confirmed by one more at the next look, as HAPI drops a
 * Subscription only when two loads in a row miss it.
 */
class SubscriptionsInStepTest {

    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    private JdbcTemplate jdbc;
    private SubscriptionLoader loader;
    private MovableClock clock;
    private SubscriptionsInStep inStep;

    @BeforeEach
    void aDatabaseWithOneSubscription() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:in-step-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(h2);
        jdbc.execute(
                "create table hfj_resource (res_id bigint primary key, res_type varchar(40), res_updated timestamp)");
        jdbc.update("insert into hfj_resource values (1, 'Patient', ?)", at(START));
        jdbc.update("insert into hfj_resource values (2, 'Subscription', ?)", at(START.minusSeconds(60)));
        loader = mock(SubscriptionLoader.class);
        clock = new MovableClock(START);
        inStep = new SubscriptionsInStep(jdbc, loader, Duration.ofSeconds(1), clock);
    }

    @Test
    void loadsAtFirstConfirmsOnceAndNotAgainWhileNothingChanges() {
        inStep.keepInStep();
        inStep.keepInStep(); // the confirming load: HAPI drops a Subscription two loads missed
        clock.move(Duration.ofSeconds(30));
        inStep.keepInStep();
        inStep.keepInStep();
        verify(loader, times(2)).forceRefresh();
    }

    @Test
    void aChangeMadeElsewhereIsLoadedOnceItIsAMomentOldAndConfirmedAtTheNextLook() {
        inStep.keepInStep();
        inStep.keepInStep();
        jdbc.update("insert into hfj_resource values (3, 'Subscription', ?)", at(START));
        inStep.keepInStep();
        verify(loader, times(2)).forceRefresh(); // written just now: its own server activates it first

        clock.move(Duration.ofMillis(1500));
        inStep.keepInStep();
        verify(loader, times(3)).forceRefresh();
        inStep.keepInStep();
        inStep.keepInStep();
        verify(loader, times(4)).forceRefresh();
    }

    @Test
    void anUpdateOrDeletionElsewhereIsLoadedTwice() {
        inStep.keepInStep();
        inStep.keepInStep();
        jdbc.update("update hfj_resource set res_updated = ? where res_id = 2", at(START.minusSeconds(5)));
        inStep.keepInStep();
        inStep.keepInStep();
        verify(loader, times(4)).forceRefresh();

        jdbc.update("delete from hfj_resource where res_id = 2");
        inStep.keepInStep();
        inStep.keepInStep();
        inStep.keepInStep();
        verify(loader, times(6)).forceRefresh();
    }

    @Test
    void otherRecordsChangingLoadsNothing() {
        inStep.keepInStep();
        inStep.keepInStep();
        jdbc.update("insert into hfj_resource values (4, 'Task', ?)", at(START.minusSeconds(5)));
        jdbc.update("update hfj_resource set res_updated = ? where res_id = 1", at(START.minusSeconds(5)));
        inStep.keepInStep();
        verify(loader, times(2)).forceRefresh();
    }

    private static Timestamp at(Instant instant) {
        return Timestamp.from(instant);
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
