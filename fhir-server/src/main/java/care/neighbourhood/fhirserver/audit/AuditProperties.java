package care.neighbourhood.fhirserver.audit;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code workspace.audit.*}.
 *
 * @param enabled record AuditEvents; switched off only to measure what auditing costs (the benchmark)
 * @param retention how long audit records are kept (default eight years)
 * @param purgeExpired delete records past retention (off by default: the server only reports them)
 * @param batchSize most records committed together by the group-commit writer
 * @param commitTimeout how long a request waits for its audit record to be committed before it fails
 * @param writers how many group commits may be under way at once: a record that arrives while one
 *     commits goes out with the next writer instead of waiting for it
 * @param gather how long, at most, a writer holding records waits for those of reads still under
 *     way before it commits: one commit for several requests costs the database less than one each
 *     (zero: commit at once)
 */
@ConfigurationProperties("workspace.audit")
public record AuditProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("P8Y") Period retention,
        @DefaultValue("false") boolean purgeExpired,
        @DefaultValue("500") int batchSize,
        @DefaultValue("PT10S") Duration commitTimeout,
        @DefaultValue("2") int writers,
        @DefaultValue("PT0.004S") Duration gather) {}
