package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import ca.uhn.fhir.jpa.bulk.export.svc.BulkDataExportJobSchedulingHelperImpl;
import ca.uhn.fhir.jpa.model.sched.ISchedulerService;
import ca.uhn.fhir.jpa.model.sched.ScheduledJobDefinition;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * HAPI's housekeeping that need not (or must not) run on every server sharing a database runs on
 * one at a time: the export files' clean-up among them; batch job maintenance still runs everywhere.
 */
class HapiJobsOnceAcrossServersTest extends FhirServerTestBase {

    /** A job standing in for one of HAPI's: counts its runs. */
    public static class Counting implements Job {
        static final AtomicInteger runs = new AtomicInteger();

        @Override
        public void execute(JobExecutionContext context) {
            runs.incrementAndGet();
        }
    }

    @Autowired
    ISchedulerService scheduler;

    @Autowired
    AutowireCapableBeanFactory beans;

    @Autowired
    DataSource dataSource;

    @Test
    void theServersSchedulerIsTheOneThatLocksHapisHousekeeping() {
        assertThat(scheduler).isInstanceOf(HapiJobsOnceAcrossServers.class);

        ScheduledJobDefinition purge = new ScheduledJobDefinition()
                .setId("purge")
                .setJobClass(BulkDataExportJobSchedulingHelperImpl.PurgeExpiredFilesJob.class);
        ScheduledJobDefinition locked = HapiJobsOnceAcrossServers.onceAcrossServers(3_600_000, purge);
        assertThat(locked.getJobClass()).isEqualTo(OnceAcrossServersJob.class);
        assertThat(locked.getId()).isEqualTo("purge");
        assertThat(locked.getJobData())
                .containsEntry(
                        OnceAcrossServersJob.JOB_CLASS, purge.getJobClass().getName())
                .containsEntry(OnceAcrossServersJob.INTERVAL_MILLIS, "3600000");

        ScheduledJobDefinition maintenance = new ScheduledJobDefinition()
                .setId("maintenance")
                .setJobClass(JobMaintenanceServiceImpl.JobMaintenanceScheduledJob.class);
        assertThat(HapiJobsOnceAcrossServers.onceAcrossServers(60_000, maintenance))
                .as("batch job maintenance runs on every server, as HAPI built it to")
                .isSameAs(maintenance);
    }

    @Test
    void aLockedJobRunsOnlyWhenNoOtherServerHasRunItInItsInterval() throws Exception {
        Duration interval = Duration.ofMinutes(10);
        String lock = OnceAcrossServersJob.lockFor(Counting.class.getName(), interval, Instant.now())
                .getName();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        hold(jdbc, lock, "another-server", Instant.now().plus(Duration.ofMinutes(5)));
        OnceAcrossServersJob job = beans.createBean(OnceAcrossServersJob.class);
        int before = Counting.runs.get();

        job.execute(contextFor(interval));
        assertThat(Counting.runs.get())
                .as("skipped while another server holds it")
                .isEqualTo(before);

        hold(jdbc, lock, "another-server", Instant.now().minusSeconds(1));
        job.execute(contextFor(interval));
        assertThat(Counting.runs.get())
                .as("run once the other server's hold is over")
                .isEqualTo(before + 1);
        Timestamp until = jdbc.queryForObject(
                "select lock_until from " + OneServerAtATime.TABLE + " where name = ?", Timestamp.class, lock);
        assertThat(until.toInstant())
                .as("held for most of the interval")
                .isAfter(Instant.now().plus(Duration.ofMinutes(8)));

        job.execute(contextFor(interval));
        assertThat(Counting.runs.get()).as("not again within the interval").isEqualTo(before + 1);
    }

    private static JobExecutionContext contextFor(Duration interval) {
        JobDataMap data = new JobDataMap();
        data.put(OnceAcrossServersJob.JOB_CLASS, Counting.class.getName());
        data.put(OnceAcrossServersJob.INTERVAL_MILLIS, Long.toString(interval.toMillis()));
        JobExecutionContext context = mock(JobExecutionContext.class);
        when(context.getMergedJobDataMap()).thenReturn(data);
        return context;
    }

    /** The lock's row as another server would leave it (rows are kept: the lock library remembers them). */
    private static void hold(JdbcTemplate jdbc, String name, String server, Instant until) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update(
                        "update " + OneServerAtATime.TABLE
                                + " set lock_until = ?, locked_at = ?, locked_by = ? where name = ?",
                        Timestamp.from(until),
                        now,
                        server,
                        name)
                == 0) {
            jdbc.update(
                    "insert into " + OneServerAtATime.TABLE
                            + " (name, lock_until, locked_at, locked_by) values (?,?,?,?)",
                    name,
                    Timestamp.from(until),
                    now,
                    server);
        }
    }
}
