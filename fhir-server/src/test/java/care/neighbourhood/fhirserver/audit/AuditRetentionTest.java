package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Records past retention are reported and kept, unless purging is switched on; a purge is itself recorded. */
class AuditRetentionTest extends FhirServerTestBase {

    @Autowired
    AuditStore store;

    @Autowired
    AuditQueries queries;

    @Test
    void expiredRecordsAreKeptUntilPurgingIsSwitchedOnAndThePurgeIsRecorded() throws Exception {
        Instant nineYearsAgo = Instant.now().minus(Duration.ofDays(9 * 366));
        String oldOne = UUID.randomUUID().toString();
        String oldTwo = UUID.randomUUID().toString();
        store.appendCommitted(List.of(old(oldOne, nineYearsAgo), old(oldTwo, nineYearsAgo.plusSeconds(60))));
        String recent = UUID.randomUUID().toString();
        store.appendCommitted(List.of(old(recent, Instant.now().minus(Duration.ofDays(365)))));

        AuditRetention reportOnly = new AuditRetention(store, queries, properties(false));
        assertThat(reportOnly.apply()).isZero();
        assertThat(queries.find(oldOne)).isPresent();

        AuditRetention purging = new AuditRetention(store, queries, properties(true));
        assertThat(purging.apply()).isEqualTo(2);
        assertThat(queries.find(oldOne)).isEmpty();
        assertThat(queries.find(oldTwo)).isEmpty();
        assertThat(queries.find(recent)).isPresent();

        List<AuditRecord> purges = queries.search(
                new AuditQuery(null, null, "fhir-server", null, null, null, Set.of(), null, false, null), 0, 50);
        assertThat(purges).isEmpty(); // the purge names no organisation...
        List<AuditRecord> byName = queries.search(
                new AuditQuery(
                        null,
                        null,
                        null,
                        "fhir-server",
                        Instant.now().minusSeconds(60),
                        null,
                        Set.of(),
                        null,
                        false,
                        null),
                0,
                10);
        assertThat(byName).anySatisfy(purge -> {
            assertThat(purge.interaction()).isEqualTo("purge");
            assertThat(purge.outcomeDescription()).contains("Purged 2 audit records");
        });
    }

    private static AuditProperties properties(boolean purge) {
        return new AuditProperties(true, Period.ofYears(8), purge, 500, Duration.ofSeconds(10), 2, Duration.ZERO);
    }

    private static AuditRecord old(String id, Instant recorded) {
        return new AuditRecord(
                id,
                recorded,
                null,
                "read",
                "R",
                0,
                200,
                "200 OK",
                "TREAT",
                "iss|sub",
                "Practitioner/nina-patel",
                "nina.patel",
                "community-nurse",
                "northbank-community",
                "health",
                "team-portal",
                "127.0.0.1",
                "Patient/x",
                null,
                List.of(new AuditRecord.AuditPerson(
                        "x", null, "relationship CareTeam/1", "riverside-practice", "health")));
    }
}
