package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Audit ids are time-ordered UUIDs: unique, of version 7, and each later one sorts after the one before. */
class AuditIdsTest {

    @Test
    void eachIdSortsAfterTheOneMadeBeforeIt() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            made.add(AuditIds.next());
            if (i % 1_000 == 0) {
                Thread.sleep(2);
            }
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made)
                .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
    }

    @Test
    void idsMadeAtOnceOnManyThreadsAreUnique() {
        Set<String> made = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 20_000).parallel().forEach(i -> made.add(AuditIds.next()));
        assertThat(made).hasSize(20_000);
    }

    @Test
    void anIdBeginsWithTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(AuditIds.next());
        long after = System.currentTimeMillis();
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }
}
