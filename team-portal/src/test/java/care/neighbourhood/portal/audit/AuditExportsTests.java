package care.neighbourhood.portal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exports read every page by the offsets the server gives and stop, saying so, at the row limit. */
class AuditExportsTests {

    static final AuditTimes TIMES =
            new AuditTimes(Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneId.of("Europe/London")));

    /** An audit trail of {@code size} denied accesses, served in pages of at most {@code served}. */
    record PagedTrail(int size, int served, List<Integer> offsetsAsked) implements AuditTrail {

        PagedTrail(int size, int served) {
            this(size, served, new ArrayList<>());
        }

        @Override
        public AccessPage accessesToPerson(String nhsNumber, int offset, int pageSize) {
            return deniedAccesses(LocalDate.of(2026, 11, 1), offset, pageSize);
        }

        @Override
        public AccessPage deniedAccesses(LocalDate from, int offset, int pageSize) {
            offsetsAsked.add(offset);
            int end = Math.min(size, offset + Math.min(pageSize, served));
            List<RecordedAccess> accesses = IntStream.range(offset, end)
                    .mapToObj(i -> new RecordedAccess(
                            Instant.parse("2026-11-03T10:00:00Z"),
                            "user-" + i,
                            null,
                            null,
                            null,
                            "read",
                            "Patient/" + i,
                            null,
                            null,
                            null,
                            "Refused",
                            "403 Access denied"))
                    .toList();
            return new AccessPage(accesses, size, offset, pageSize, end < size ? end : null);
        }

        @Override
        public List<CrossBoundaryCount> crossBoundaryAccesses(LocalDate from, LocalDate to, ReportingPeriod period) {
            return List.of();
        }
    }

    static final BreakGlassReviews NO_REVIEWS = new BreakGlassReviews() {
        @Override
        public List<BreakGlassAccess> awaitingReview() {
            return List.of();
        }

        @Override
        public void recordReview(String reviewTaskId, ReviewDecision decision, String note) {}
    };

    @ParameterizedTest(name = "{0} accesses served {1} at a time, limit {2}: {3} rows, stopped {4}")
    @CsvSource({
        "0, 100, 10, 0, false",
        "7, 100, 10, 7, false",
        "10, 100, 10, 10, false",
        "25, 100, 10, 10, true",
        "250, 100, 1000, 250, false",
        "250, 30, 1000, 250, false",
        "11, 5, 10, 10, true"
    })
    void readsEveryPageUpToTheLimit(int size, int served, int limit, int rows, boolean stopped) {
        var trail = new PagedTrail(size, served);
        var exports = new AuditExports(trail, NO_REVIEWS, TIMES, limit);

        List<String> lines =
                List.of(exports.deniedAccesses(LocalDate.of(2026, 11, 1)).split("\r\n"));

        assertThat(lines.get(0)).startsWith("When,Who,Practitioner,Organisation");
        List<String> data = lines.subList(1, lines.size());
        assertThat(data.stream().filter(line -> line.contains(",read,Patient/")))
                .hasSize(rows);
        assertThat(data.stream().anyMatch(line -> line.startsWith("Export stopped at " + limit + " rows")))
                .isEqualTo(stopped);
        if (rows > 0) {
            assertThat(data.get(rows - 1)).contains("user-" + (rows - 1));
        }
    }

    @Test
    void followsTheOffsetsTheServerGivesWhenItServesSmallerPages() {
        var trail = new PagedTrail(70, 30);

        new AuditExports(trail, NO_REVIEWS, TIMES, 1000).accessesToPerson("9991042113");

        assertThat(trail.offsetsAsked()).containsExactly(0, 30, 60);
    }

    @Test
    void timesAreWrittenInTheNeighbourhoodsZoneWithTheirOffset() {
        String csv = new AuditExports(new PagedTrail(1, 10), NO_REVIEWS, TIMES, 10)
                .deniedAccesses(LocalDate.of(2026, 11, 1));

        assertThat(csv).contains("2026-11-03T10:00:00Z,user-0,");
    }
}
