package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.jpa.bulk.export.svc.BulkDataExportJobSchedulingHelperImpl;
import ca.uhn.fhir.jpa.model.sched.ScheduledJobDefinition;
import ca.uhn.fhir.jpa.sched.HapiSchedulerServiceImpl;
import ca.uhn.fhir.jpa.search.SearchUrlJobMaintenanceSvcImpl;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.search.reindex.ResourceReindexingSvcImpl;
import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import java.util.Set;
import org.quartz.Job;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * HAPI's scheduler, with its housekeeping run once across the servers that share a database. HAPI
 * calls these jobs "clustered", but without a cluster add-on each server runs them all. The ones
 * that need not run everywhere, and one that must not (expanding stored ValueSets, which two servers
 * would both start), run under a lock in {@code nw_shedlock} ({@link OnceAcrossServersJob}): the
 * export files' clean-up, removing stale searches and search URLs, and the older reindexing pass.
 * The jobs HAPI built to run side by side on every server (batch job maintenance, which hands work
 * to the server that runs it; handing changes to subscription matching) are left as they are.
 *
 * <p>It is put in place of HAPI's own {@code schedulerService} bean by {@link #replacingHapis()}.
 */
public class HapiJobsOnceAcrossServers extends HapiSchedulerServiceImpl {

    static final Set<Class<? extends Job>> ONCE_ACROSS_SERVERS = Set.of(
            BulkDataExportJobSchedulingHelperImpl.PurgeExpiredFilesJob.class,
            StaleSearchDeletingSvcImpl.Job.class,
            SearchUrlJobMaintenanceSvcImpl.SearchUrlMaintenanceJob.class,
            ResourceReindexingSvcImpl.Job.class,
            TermReadSvcImpl.Job.class);

    public HapiJobsOnceAcrossServers() {
        setDefaultGroup("HAPI");
    }

    @Override
    public void scheduleClusteredJob(long intervalMillis, ScheduledJobDefinition job) {
        super.scheduleClusteredJob(intervalMillis, onceAcrossServers(intervalMillis, job));
    }

    /** The job as scheduled: wrapped in its lock if it is one to run once across servers. */
    static ScheduledJobDefinition onceAcrossServers(long intervalMillis, ScheduledJobDefinition job) {
        if (!ONCE_ACROSS_SERVERS.contains(job.getJobClass())) {
            return job;
        }
        ScheduledJobDefinition wrapped = new ScheduledJobDefinition()
                .setId(job.getId())
                .setGroup(job.getGroup())
                .setJobClass(OnceAcrossServersJob.class);
        job.getJobData().forEach(wrapped::addJobData);
        wrapped.addJobData(OnceAcrossServersJob.JOB_CLASS, job.getJobClass().getName());
        wrapped.addJobData(OnceAcrossServersJob.INTERVAL_MILLIS, Long.toString(intervalMillis));
        return wrapped;
    }

    /** Puts this scheduler in place of HAPI's, under the name HAPI's configuration gives it. */
    public static BeanDefinitionRegistryPostProcessor replacingHapis() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                String name = "schedulerService";
                if (!registry.containsBeanDefinition(name)) {
                    throw new IllegalStateException("HAPI's " + name + " bean was not found: cannot replace it");
                }
                registry.removeBeanDefinition(name);
                registry.registerBeanDefinition(name, new RootBeanDefinition(HapiJobsOnceAcrossServers.class));
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
                // nothing more
            }
        };
    }
}
