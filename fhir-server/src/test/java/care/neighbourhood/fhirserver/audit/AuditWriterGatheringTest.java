package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group-commit writer waits for records still on their way, and only for those. */
class AuditWriterGatheringTest {

    /** Keeps each committed batch instead of writing it. */
    static final class KeptBatches extends AuditStore {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        KeptBatches() {
            super(inMemory());
        }

        private static javax.sql.DataSource inMemory() {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL("jdbc:h2:mem:audit-writer-gathering;DB_CLOSE_DELAY=-1");
            return h2;
        }

        @Override
        public void appendCommitted(Collection<AuditRecord> records) {
            batches.add(records.stream().map(AuditRecord::id).toList());
        }
    }

    private final KeptBatches store = new KeptBatches();
    private final RecordsOnTheWay onTheWay = new RecordsOnTheWay();
    private AuditWriter writer;

    private AuditWriter writer(Duration gather) {
        writer = new AuditWriter(
                store,
                new AuditProperties(true, Period.ofYears(8), false, 500, Duration.ofSeconds(10), 2, gather),
                onTheWay);
        writer.start();
        return writer;
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.stop();
        }
    }

    @Test
    void aRecordOnItsWayJoinsTheCommitOfOneHandedOverBeforeIt() throws Exception {
        writer(Duration.ofSeconds(5));
        ServletRequestDetails first = read();
        ServletRequestDetails second = read();
        onTheWay.expect(first);
        onTheWay.expect(second);

        AuditRecord firstRecord = record();
        AuditRecord secondRecord = record();
        onTheWay.arrived(first);
        CompletableFuture<Void> firstCommitted = CompletableFuture.runAsync(() -> writer.commit(firstRecord));
        Thread.sleep(100);
        assertThat(firstCommitted).as("waits for the record still on its way").isNotDone();

        onTheWay.arrived(second);
        writer.commit(secondRecord);
        firstCommitted.get(5, TimeUnit.SECONDS);

        assertThat(store.batches).containsExactly(List.of(firstRecord.id(), secondRecord.id()));
    }

    @Test
    void aReadThatStartsWhileTheWriterGathersIsLeftToTheNextCommit() throws Exception {
        writer(Duration.ofSeconds(30));
        ServletRequestDetails first = read();
        ServletRequestDetails second = read();
        onTheWay.expect(first);
        onTheWay.expect(second);
        AuditRecord firstRecord = record();
        AuditRecord secondRecord = record();
        onTheWay.arrived(first);
        CompletableFuture<Void> firstCommitted = CompletableFuture.runAsync(() -> writer.commit(firstRecord));
        Thread.sleep(100);
        assertThat(firstCommitted)
                .as("waits for the read on its way before it began")
                .isNotDone();

        onTheWay.expect(read()); // started while the writer gathers, and is still under way
        onTheWay.arrived(second);
        CompletableFuture.runAsync(() -> writer.commit(secondRecord)).get(5, TimeUnit.SECONDS);
        firstCommitted.get(5, TimeUnit.SECONDS);

        assertThat(store.batches).containsExactly(List.of(firstRecord.id(), secondRecord.id()));
    }

    @Test
    void withNothingOnItsWayARecordIsCommittedAtOnce() throws Exception {
        writer(Duration.ofSeconds(30));
        ServletRequestDetails only = read();
        onTheWay.expect(only);
        onTheWay.arrived(only);

        AuditRecord record = record();
        CompletableFuture.runAsync(() -> writer.commit(record)).get(5, TimeUnit.SECONDS);

        assertThat(store.batches).containsExactly(List.of(record.id()));
    }

    @Test
    void aRecordOnItsWayThatNeverComesHoldsTheCommitNoLongerThanTheGatherTime() throws Exception {
        writer(Duration.ofMillis(50));
        onTheWay.expect(read()); // a request that takes another way, say

        AuditRecord record = record();
        CompletableFuture.runAsync(() -> writer.commit(record)).get(5, TimeUnit.SECONDS);

        assertThat(store.batches).containsExactly(List.of(record.id()));
    }

    @Test
    void aRequestIsCountedOnceHoweverOftenItIsExpectedOrArrives() {
        ServletRequestDetails request = read();
        onTheWay.expect(request);
        onTheWay.expect(request);
        assertThat(onTheWay.count()).isEqualTo(1);
        onTheWay.arrived(request);
        onTheWay.arrived(request);
        assertThat(onTheWay.count()).isZero();
        assertThat(onTheWay.any()).isFalse();
    }

    @Test
    void aSearchOrAWriteOnItsWayDoesNotHoldTheCommit() throws Exception {
        writer(Duration.ofSeconds(30));
        for (RestOperationTypeEnum slow : List.of(
                RestOperationTypeEnum.SEARCH_TYPE,
                RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
                RestOperationTypeEnum.TRANSACTION,
                RestOperationTypeEnum.UPDATE)) {
            ServletRequestDetails request = new ServletRequestDetails();
            request.setRestOperationType(slow);
            onTheWay.expect(request);
        }
        assertThat(onTheWay.any()).isFalse();

        AuditRecord record = record();
        CompletableFuture.runAsync(() -> writer.commit(record)).get(5, TimeUnit.SECONDS);

        assertThat(store.batches).containsExactly(List.of(record.id()));
    }

    /** A read of one record under way. */
    private static ServletRequestDetails read() {
        ServletRequestDetails request = new ServletRequestDetails();
        request.setRestOperationType(RestOperationTypeEnum.READ);
        return request;
    }

    private static AuditRecord record() {
        return AuditRecordSamples.sample(Instant.now(), "read", 200, List.of());
    }
}
