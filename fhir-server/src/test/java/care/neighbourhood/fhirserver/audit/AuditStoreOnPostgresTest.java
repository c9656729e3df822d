package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import care.neighbourhood.fhirserver.support.PostgresFhirServerTestBase;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group commit's single-statement append on PostgreSQL: every field of every record and person
 * lands as written, over-long values are cut to their columns, and a batch that cannot be written
 * leaves nothing of itself behind; a write's own record, in the same statement, commits or rolls back
 * with the write.
 */
class AuditStoreOnPostgresTest extends PostgresFhirServerTestBase {

    @Autowired
    AuditStore store;

    @Autowired
    AuditQueries queries;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aBatchLandsWholeWithItsPeople() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditRecord twoPeople = record(
                now,
                "search",
                200,
                List.of(
                        new AuditPerson("p-1", "9991042113", "relationship CareTeam/1", "riverside-practice", "health"),
                        new AuditPerson("p-2", null, "referral Task/7", null, null)));
        AuditRecord nobody = record(now.minusSeconds(1), "read", 404, List.of());
        AuditRecord denied = new AuditRecord(
                UUID.randomUUID().toString(),
                now.truncatedTo(ChronoUnit.SECONDS),
                null,
                "read",
                "R",
                AuditRecord.REFUSED,
                403,
                "x".repeat(600),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "Patient/p-3",
                null,
                List.of(new AuditPerson("p-3", null, null, null, null)));

        store.appendCommitted(List.of(twoPeople, nobody, denied));

        assertThat(queries.find(twoPeople.id())).contains(twoPeople);
        assertThat(queries.find(nobody.id())).contains(nobody);
        AuditRecord found = queries.find(denied.id()).orElseThrow();
        assertThat(found.outcomeDescription()).hasSize(500);
        assertThat(found)
                .usingRecursiveComparison()
                .ignoringFields("outcomeDescription")
                .isEqualTo(denied);
    }

    @Test
    void aBatchThatCannotBeWrittenLeavesNothingBehind() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditRecord first = record(now, "read", 200, List.of());
        store.appendCommitted(List.of(first));
        AuditRecord innocent = record(now, "read", 200, List.of(new AuditPerson("p-9", null, "b", null, null)));

        assertThatThrownBy(() -> store.appendCommitted(List.of(innocent, first)))
                .isInstanceOf(SQLException.class);

        assertThat(queries.find(innocent.id())).isEmpty();
        assertThat(queries.find(first.id())).contains(first);
    }

    @Test
    void aRecordOfARequestThatCarriedANulIsStoredWithItsGroup() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditRecord innocent = record(now, "read", 200, List.of());
        AuditRecord refused = new AuditRecord(
                UUID.randomUUID().toString(),
                now,
                "nul\u0000id",
                "search-type",
                "E",
                AuditRecord.REFUSED,
                400,
                "bad \u0000 text and half a pair \ud800.",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "Patient",
                "name=a\u0000b&family=\udc00\ud83d\ude42",
                List.of());

        store.appendCommitted(List.of(innocent, refused));

        assertThat(queries.find(innocent.id())).contains(innocent);
        AuditRecord found = queries.find(refused.id()).orElseThrow();
        assertThat(found.requestId()).isEqualTo("nul\ufffdid");
        assertThat(found.outcomeDescription()).isEqualTo("bad \ufffd text and half a pair \ufffd.");
        assertThat(found.query()).isEqualTo("name=a\ufffdb&family=\ufffd\ud83d\ude42");
    }

    @Test
    void aWritesRecordCommitsOrRollsBackWithTheWrite() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditRecord committed = record(
                now,
                "create",
                201,
                List.of(new AuditPerson("p-5", "9991042113", "relationship CareTeam/5", null, null)));
        AuditRecord rolledBack = record(now, "update", 200, List.of(new AuditPerson("p-6", null, "b", null, null)));
        TransactionTemplate write = new TransactionTemplate(transactions);

        write.executeWithoutResult(status -> appendInTransaction(committed));
        write.executeWithoutResult(status -> {
            appendInTransaction(rolledBack);
            status.setRollbackOnly();
        });

        assertThat(queries.find(committed.id())).contains(committed);
        assertThat(queries.find(rolledBack.id())).isEmpty();
    }

    private void appendInTransaction(AuditRecord record) {
        try {
            store.appendInCurrentTransaction(record);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditRecord record(Instant recorded, String interaction, int status, List<AuditPerson> people) {
        return AuditRecordSamples.sample(recorded, interaction, status, people);
    }
}
