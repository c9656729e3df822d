package care.neighbourhood.fhirserver.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Retention of the audit trail ({@code workspace.audit.retention}, eight years by default). Nothing
 * is deleted silently: every night the server logs how many records are past retention; only with
 * {@code workspace.audit.purge-expired=true} does it delete them, and it records each purge as an
 * AuditEvent of its own naming the cut-off and the number removed.
 */
@Component
public class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditStore store;
    private final AuditQueries queries;
    private final AuditProperties properties;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public AuditRetention(AuditStore store, AuditQueries queries, AuditProperties properties) {
        this(store, queries, properties, Clock.systemUTC());
    }

    AuditRetention(AuditStore store, AuditQueries queries, AuditProperties properties, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.properties = properties;
        this.clock = clock;
    }

    /** Nightly, on one server of several (a lock in the database, {@code OneServerAtATime}). */
    @Scheduled(cron = "${workspace.audit.retention-check-cron:0 30 2 * * *}", zone = "UTC")
    @SchedulerLock(name = "audit-retention", lockAtMostFor = "PT6H", lockAtLeastFor = "PT1H")
    public void nightly() {
        try {
            apply();
        } catch (SQLException | RuntimeException e) {
            log.error("Audit retention check failed", e);
        }
    }

    /** Returns the number of events deleted (0 unless purging is switched on). */
    int apply() throws SQLException {
        Instant cutOff = clock.instant()
                .atOffset(ZoneOffset.UTC)
                .minus(properties.retention())
                .toInstant();
        long expired = queries.countRecordedBefore(cutOff);
        if (expired == 0) {
            return 0;
        }
        if (!properties.purgeExpired()) {
            log.warn(
                    "{} audit records are older than the retention of {} (before {}); they are kept until "
                            + "workspace.audit.purge-expired=true",
                    expired,
                    properties.retention(),
                    cutOff);
            return 0;
        }
        int removed = store.deleteRecordedBefore(cutOff);
        store.appendCommitted(List.of(new AuditRecord(
                AuditIds.next(),
                clock.instant(),
                null,
                "purge",
                "D",
                AuditRecord.SUCCESS,
                200,
                "Purged " + removed + " audit records recorded before " + cutOff + " (retention "
                        + properties.retention() + ")",
                "HCOMPL",
                null,
                null,
                "fhir-server",
                null,
                null,
                null,
                null,
                null,
                "AuditEvent",
                "recorded<" + cutOff,
                List.of())));
        log.warn("Purged {} audit records recorded before {}", removed, cutOff);
        return removed;
    }
}
