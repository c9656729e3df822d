package care.neighbourhood.fhirserver.subscription;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications being sent, and those an endpoint did not take, kept in {@code nw_notification_retry}
 * until they are sent or given up: in the database, so a notification outlives the replica that first
 * tried it (even one that stopped in the middle of sending it), and any replica may try it again (each
 * attempt is claimed by moving its time on, so only one replica makes it).
 */
@Component
class HeldNotifications {

    /** One notification waiting to be tried again: a version of a record, for one subscription. */
    record Held(
            String subscription,
            String record,
            String operation,
            Instant firstFailed,
            int attempts,
            Instant nextAttempt,
            String lastError) {}

    private static final String SCHEMA = "create table if not exists nw_notification_retry ("
            + " subscription_id varchar(100) not null, record_id varchar(200) not null,"
            + " operation varchar(20) not null, first_failed timestamp not null, attempts int not null,"
            + " next_attempt timestamp not null, last_error varchar(1000),"
            + " primary key (subscription_id, record_id))";

    /**
     * Inserts only what is not held already, rather than relying on the duplicate key (still caught,
     * for two replicas inserting at the same moment): on PostgreSQL a failed statement would spoil the
     * transaction it runs in.
     */
    private static final String HELD_VALUES =
            "cast(? as varchar(100)), cast(? as varchar(200)), cast(? as varchar(20)), cast(? as timestamp)";

    private static final String UNLESS_HELD =
            " where not exists (select 1 from nw_notification_retry where subscription_id = ? and record_id = ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate onItsOwn;

    HeldNotifications(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.onItsOwn = new TransactionTemplate(transactions);
        onItsOwn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        jdbc.execute(SCHEMA);
    }

    /**
     * Notes a notification this server is about to send, held until {@code until}: should the server
     * stop before the endpoint has taken it, another server sends it once that time has passed
     * (attempts 0 marks it as not yet failed). One already held for the same version is left as it is.
     */
    void sending(String subscription, String record, String operation, Instant now, Instant until) {
        // Committed at once, in a transaction of its own: it is noted within the claim of the change
        // (MatchedWithinTheClaim), whose transaction goes on, and the notification may be sent, and
        // this note removed by sent(), before that transaction ends.
        onItsOwn.executeWithoutResult(status -> insertSending(subscription, record, operation, now, until));
    }

    private void insertSending(String subscription, String record, String operation, Instant now, Instant until) {
        try {
            jdbc.update(
                    "insert into nw_notification_retry (subscription_id, record_id, operation, first_failed,"
                            + " attempts, next_attempt, last_error) select " + HELD_VALUES
                            + ", 0, cast(? as timestamp), null" + UNLESS_HELD,
                    subscription,
                    record,
                    operation,
                    Timestamp.from(now),
                    Timestamp.from(until),
                    subscription,
                    record);
        } catch (DuplicateKeyException alreadyHeld) {
            // being tried again already
        }
    }

    /** The endpoint took a notification noted by {@link #sending}. */
    void sent(String subscription, String record) {
        jdbc.update(
                "delete from nw_notification_retry where subscription_id = ? and record_id = ? and attempts = 0",
                subscription,
                record);
    }

    /**
     * Keeps a notification that just failed, to be tried again at {@code next}; one already kept for
     * the same version after a failure is left as it is.
     */
    void hold(String subscription, String record, String operation, Instant failed, Instant next, String error) {
        if (jdbc.update(
                        "update nw_notification_retry set attempts = 1, first_failed = ?, next_attempt = ?,"
                                + " last_error = ? where subscription_id = ? and record_id = ? and attempts = 0",
                        Timestamp.from(failed),
                        Timestamp.from(next),
                        shortened(error),
                        subscription,
                        record)
                == 1) {
            return; // it was noted as being sent
        }
        try {
            jdbc.update(
                    "insert into nw_notification_retry (subscription_id, record_id, operation, first_failed,"
                            + " attempts, next_attempt, last_error) select " + HELD_VALUES
                            + ", 1, cast(? as timestamp),"
                            + " cast(? as varchar(1000))" + UNLESS_HELD,
                    subscription,
                    record,
                    operation,
                    Timestamp.from(failed),
                    Timestamp.from(next),
                    shortened(error),
                    subscription,
                    record);
        } catch (DuplicateKeyException alreadyHeld) {
            // being tried again already
        }
    }

    /** The notifications due to be tried again at {@code now}, the longest waiting first. */
    List<Held> due(Instant now, int limit) {
        return jdbc
                .query(
                        "select subscription_id, record_id, operation, first_failed, attempts, next_attempt, last_error"
                                + " from nw_notification_retry where next_attempt <= ? order by next_attempt",
                        (row, i) -> new Held(
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getTimestamp(4).toInstant(),
                                row.getInt(5),
                                row.getTimestamp(6).toInstant(),
                                row.getString(7)),
                        Timestamp.from(now))
                .stream()
                .limit(limit)
                .toList();
    }

    /**
     * Takes a held notification for this replica's attempt, until {@code until}: false if another
     * replica took it first.
     */
    boolean claim(Held held, Instant until) {
        return jdbc.update(
                        "update nw_notification_retry set next_attempt = ? where subscription_id = ? and record_id = ?"
                                + " and next_attempt = ?",
                        Timestamp.from(until),
                        held.subscription(),
                        held.record(),
                        Timestamp.from(held.nextAttempt()))
                == 1;
    }

    /** Another failed attempt: tried again at {@code next}. */
    void failedAgain(Held held, Instant next, String error) {
        jdbc.update(
                "update nw_notification_retry set attempts = attempts + 1, next_attempt = ?, last_error = ?"
                        + " where subscription_id = ? and record_id = ?",
                Timestamp.from(next),
                shortened(error),
                held.subscription(),
                held.record());
    }

    /** Sent, given up, or no longer to be sent. */
    void release(Held held) {
        jdbc.update(
                "delete from nw_notification_retry where subscription_id = ? and record_id = ?",
                held.subscription(),
                held.record());
    }

    private static String shortened(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}
