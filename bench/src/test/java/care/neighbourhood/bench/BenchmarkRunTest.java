package care.neighbourhood.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BenchmarkRunTest {

    @Test
    void samplePlaceholdersBecomeDatesCountedFromToday() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        String dated =
                BenchmarkRun.datesFromToday("{\"a\":\"{{today}}\",\"b\":\"{{today-3}}\",\"c\":\"{{today+10}}\"}");

        assertThat(dated)
                .isEqualTo("{\"a\":\"" + today + "\",\"b\":\"" + today.minusDays(3) + "\",\"c\":\"" + today.plusDays(10)
                        + "\"}");
    }
}
