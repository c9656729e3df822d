package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.jpa.model.sched.HapiJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

/**
 * Runs one of HAPI's scheduled jobs only if this server takes its lock in {@code nw_shedlock}: the
 * lock is held for most of the job's interval (so the other servers skip their turns in it) and at
 * most for a little longer than the interval (a server that dies holding it does not stop the job).
 */
public class OnceAcrossServersJob implements HapiJob {

    static final String JOB_CLASS = "workspace.once-across-servers.job";
    static final String INTERVAL_MILLIS = "workspace.once-across-servers.interval";

    private static final Logger log = LoggerFactory.getLogger(OnceAcrossServersJob.class);

    @Autowired
    private LockProvider locks;

    @Autowired
    private AutowireCapableBeanFactory beans;

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String jobClass = context.getMergedJobDataMap().getString(JOB_CLASS);
        Duration interval =
                Duration.ofMillis(Long.parseLong(context.getMergedJobDataMap().getString(INTERVAL_MILLIS)));
        Optional<SimpleLock> lock = locks.lock(lockFor(jobClass, interval, Instant.now()));
        if (lock.isEmpty()) {
            log.debug("{} ran on another server in this interval: skipped here", jobClass);
            return;
        }
        try {
            Job job = beans.createBean(Class.forName(jobClass).asSubclass(Job.class));
            job.execute(context);
        } catch (ClassNotFoundException e) {
            throw new JobExecutionException("no such job: " + jobClass, e);
        } finally {
            lock.get().unlock();
        }
    }

    /** Named after the job; held at least nine tenths of its interval, at most the interval and a minute. */
    static LockConfiguration lockFor(String jobClass, Duration interval, Instant now) {
        String name = "hapi:" + jobClass.substring(jobClass.lastIndexOf('.') + 1);
        return new LockConfiguration(
                now,
                name.length() <= 64 ? name : name.substring(0, 64),
                interval.plusMinutes(1),
                interval.multipliedBy(9).dividedBy(10));
    }
}
