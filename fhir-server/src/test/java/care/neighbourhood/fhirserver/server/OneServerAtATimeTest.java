package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.access.index.CareAccessSweep;
import care.neighbourhood.fhirserver.audit.AuditRetention;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The care access sweep on its schedule and the nightly audit retention check run on one server at a
 * time: each takes its lock in the database and keeps it for a while (half a minute, an hour), and
 * while another server holds the lock this server's turn is skipped.
 */
class OneServerAtATimeTest extends FhirServerTestBase {

    private static final String SWEEP = "care-access-sweep";
    private static final String RETENTION = "audit-retention";

    @Autowired
    CareAccessSweep sweep;

    @Autowired
    AuditRetention retention;

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;

    /**
     * The lock's row is kept once written, as the lock library expects (it remembers which rows exist),
     * so each test starts with the row there and run out, whoever held it last.
     */
    @BeforeEach
    void noLockHeld() {
        jdbc = new JdbcTemplate(dataSource);
        hold("someone-before", Instant.now().minusSeconds(1));
        hold(RETENTION, "someone-before", Instant.now().minusSeconds(1));
    }

    private void hold(String server, Instant until) {
        hold(SWEEP, server, until);
    }

    private void hold(String job, String server, Instant until) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.update(
                "update " + OneServerAtATime.TABLE + " set lock_until = ?, locked_at = ?, locked_by = ? where name = ?",
                Timestamp.from(until),
                now,
                server,
                job);
        if (updated == 0) {
            jdbc.update(
                    "insert into " + OneServerAtATime.TABLE
                            + " (name, lock_until, locked_at, locked_by) values (?,?,?,?)",
                    job,
                    Timestamp.from(until),
                    now,
                    server);
        }
    }

    @Test
    void theScheduledSweepTakesItsLockAndKeepsItForHalfAMinute() {
        Instant before = Instant.now();
        sweep.sweepOnSchedule();

        Map<String, Object> lock = jdbc.queryForMap(
                "select lock_until, locked_at, locked_by from " + OneServerAtATime.TABLE + " where name = ?", SWEEP);
        Instant until = ((Timestamp) lock.get("lock_until")).toInstant();
        Instant at = ((Timestamp) lock.get("locked_at")).toInstant();
        assertThat(lock.get("locked_by")).as("taken by this server").isNotEqualTo("someone-before");
        assertThat(Duration.between(at, until)).isGreaterThanOrEqualTo(Duration.ofSeconds(29));
        assertThat(sweep.lastRun()).hasValueSatisfying(run -> assertThat(run).isAfterOrEqualTo(before));
    }

    @Test
    void whileAnotherServerHoldsTheLockThisServersTurnIsSkipped() {
        sweep.sweep(); // the work itself, unlocked, as a test or the start-up build calls it
        hold("another-server", Instant.now().plus(Duration.ofMinutes(5)));
        Instant lastRun = sweep.lastRun().orElseThrow(); // no scheduled sweep runs here from now on

        sweep.sweepOnSchedule();

        assertThat(sweep.lastRun()).as("the sweep did not run here").contains(lastRun);
        assertThat(jdbc.queryForObject(
                        "select locked_by from " + OneServerAtATime.TABLE + " where name = ?", String.class, SWEEP))
                .isEqualTo("another-server");

        hold("another-server", Instant.now().minusSeconds(1));
        sweep.sweepOnSchedule();
        assertThat(sweep.lastRun())
                .as("the lock ran out: this server's turn runs")
                .isNotEqualTo(java.util.Optional.of(lastRun));
    }

    @Test
    void theNightlyAuditRetentionCheckRunsOnOneServerAndHoldsItsTurnForAnHour() {
        hold(RETENTION, "another-server", Instant.now().plus(Duration.ofMinutes(5)));
        retention.nightly();
        assertThat(lockOf(RETENTION).get("locked_by"))
                .as("another server holds it: this server's check is skipped, the lock untouched")
                .isEqualTo("another-server");

        hold(RETENTION, "another-server", Instant.now().minusSeconds(1));
        retention.nightly();
        Map<String, Object> lock = lockOf(RETENTION);
        assertThat(lock.get("locked_by")).as("taken by this server").isNotEqualTo("another-server");
        assertThat(Duration.between(
                        ((Timestamp) lock.get("locked_at")).toInstant(),
                        ((Timestamp) lock.get("lock_until")).toInstant()))
                .as("held for at least an hour, so no other server checks the same night")
                .isGreaterThanOrEqualTo(Duration.ofMinutes(59));
    }

    private Map<String, Object> lockOf(String job) {
        return jdbc.queryForMap(
                "select lock_until, locked_at, locked_by from " + OneServerAtATime.TABLE + " where name = ?", job);
    }
}
