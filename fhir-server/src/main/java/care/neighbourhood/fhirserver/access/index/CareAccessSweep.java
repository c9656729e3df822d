package care.neighbourhood.fhirserver.access.index;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks again at the people whose care relationships change with time (a participant's period starts
 * or ends) without anyone writing, and marks emergency access grants whose time has run out. Also builds the index once for a database that has care records
 * but no index yet. Safe to run on several servers at once: recomputing is idempotent.
 */
@Component
@Order(10)
public class CareAccessSweep implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CareAccessSweep.class);

    private final CareAccessEntries index;
    private final CareAccessTable table;
    private final BreakGlassGrants grants;
    private final TransactionTemplate transactions;
    private volatile Instant lastRun;

    public CareAccessSweep(
            CareAccessEntries index,
            CareAccessTable table,
            BreakGlassGrants grants,
            PlatformTransactionManager transactionManager) {
        this.index = index;
        this.table = table;
        this.grants = grants;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void run(ApplicationArguments args) {
        int completed = table.fillMissingPersonPids();
        if (completed > 0) {
            log.info("Recorded the person's row id in {} care access entries", completed);
        }
        if (!index.isEmpty() && table.isEmpty()) {
            // An index kept before the care access table existed: fill the table from the care records.
            var people = index.peopleWithCareRecords();
            log.info("Filling the care access table for {} people", people.size());
            people.forEach(this::recompute);
            transactions.executeWithoutResult(status -> grants.copyGrantsInForceToTheTable());
            return;
        }
        if (index.isEmpty()) {
            var people = index.peopleWithCareRecords();
            if (!people.isEmpty()) {
                log.info("Building the care access index for {} people", people.size());
                people.forEach(this::recompute);
            }
        }
    }

    /**
     * The sweep on its schedule: on one server at a time, and once per half minute at most across
     * all of them ({@code OneServerAtATime}).
     */
    @Scheduled(
            initialDelayString = "${workspace.access.sweep-interval:PT1M}",
            fixedDelayString = "${workspace.access.sweep-interval:PT1M}")
    @SchedulerLock(name = "care-access-sweep", lockAtMostFor = "PT10M", lockAtLeastFor = "PT30S")
    public void sweepOnSchedule() {
        sweep();
    }

    /** When this server last finished a sweep (empty if it never has). */
    public Optional<Instant> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** Ends emergency grants that have run out and re-evaluates people whose periods started or ended. */
    public void sweep() {
        Integer ended = transactions.execute(status -> grants.expireEnded());
        if (ended != null && ended > 0) {
            log.info("Marked {} emergency access grants as ended", ended);
        }
        var due = index.peopleDueForReview();
        if (!due.isEmpty()) {
            log.info("Re-evaluating care relationships of {} people whose periods started or ended", due.size());
            due.forEach(this::recompute);
        }
        lastRun = Instant.now();
    }

    private void recompute(String person) {
        transactions.executeWithoutResult(status -> index.recompute(person, Map.of(), Set.of()));
    }
}
