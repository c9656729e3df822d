package care.neighbourhood.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchmarkRunTest {

    private final List<Person> people = new SyntheticNeighbourhood(SyntheticNeighbourhood.Size.S).people();

    @Test
    void withoutBenchPeopleEveryoneIsLoaded() {
        assertThat(BenchmarkRun.slice(people, null)).isSameAs(people);
        assertThat(BenchmarkRun.slice(people, " ")).isSameAs(people);
    }

    @Test
    void benchPeopleLoadsTheFirstSoMany() {
        assertThat(BenchmarkRun.slice(people, "250")).isEqualTo(people.subList(0, 250));
        assertThat(BenchmarkRun.slice(people, " 1000 ")).isEqualTo(people);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1001", "30k", "2.5"})
    void aNumberThatIsNoSliceOfTheSizeIsRefusedByName(String wanted) {
        assertThatThrownBy(() -> BenchmarkRun.slice(people, wanted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench.people must be a whole number from 1 to 1000")
                .hasMessageContaining("'" + wanted + "'");
    }

    @Test
    void aSizeIsNamedInEitherCaseAndAnyOtherNameIsRefused() {
        assertThat(BenchmarkRun.size("m")).isEqualTo(SyntheticNeighbourhood.Size.M);
        assertThat(BenchmarkRun.size(" L")).isEqualTo(SyntheticNeighbourhood.Size.L);
        assertThatThrownBy(() -> BenchmarkRun.size("XL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench.size must be S, M or L, not 'XL'");
    }

    @Test
    void theReportNamesEachOrganisationsCaseload() {
        assertThat(BenchmarkRun.caseload(people.subList(0, 0)))
                .isEqualTo("caseloads northbank-community 0, city-council-asc 0, riverside-practice 0, age-well 0,"
                        + " northbank-mental-health 0");
        assertThat(BenchmarkRun.caseload(people)).startsWith("caseloads northbank-community ");
    }

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
