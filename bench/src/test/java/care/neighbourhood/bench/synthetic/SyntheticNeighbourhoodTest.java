package care.neighbourhood.bench.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Size;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticNeighbourhoodTest {

    @Test
    void aPersonIsTheSameAtEverySizeAndInEveryRun() {
        List<Person> small = new SyntheticNeighbourhood(Size.S).people();
        List<Person> city = new SyntheticNeighbourhood(Size.L).people();

        assertThat(small).hasSize(1_000);
        assertThat(city).hasSize(100_000);
        assertThat(city.subList(0, small.size())).isEqualTo(small);
        assertThat(new SyntheticNeighbourhood(Size.S).people()).isEqualTo(small);
    }

    @Test
    void theFirstThirtyThousandOfTheCityGiveTheTrustACaseloadOfMoreThanTwentyThousand() {
        List<Person> slice = new SyntheticNeighbourhood(Size.L).people().subList(0, 30_000);
        SyntheticNeighbourhood.Organisation trust = SyntheticNeighbourhood.ORGANISATIONS.get(0);

        long caseload =
                slice.stream().filter(person -> person.isRelatedTo(trust)).count();

        assertThat(trust.id()).isEqualTo("northbank-community");
        assertThat(caseload).isEqualTo(22_285);
    }

    private final SyntheticNeighbourhood small = new SyntheticNeighbourhood(Size.S);

    @Test
    void withoutBenchPeopleEveryoneIsLoaded() {
        assertThat(small.firstPeople(null)).isEqualTo(small.people());
        assertThat(small.firstPeople(" ")).isEqualTo(small.people());
    }

    @Test
    void benchPeopleLoadsTheFirstSoMany() {
        assertThat(small.firstPeople("250")).isEqualTo(small.people().subList(0, 250));
        assertThat(small.firstPeople(" 1000 ")).isEqualTo(small.people());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1001", "30k", "2.5"})
    void aNumberThatIsNoSliceOfTheSizeIsRefusedByName(String wanted) {
        assertThatThrownBy(() -> small.firstPeople(wanted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench.people must be a whole number from 1 to 1000 for this size, not '" + wanted + "'");
    }

    @Test
    void aSizeIsNamedInEitherCaseAndAnyOtherNameIsRefused() {
        assertThat(Size.named("m")).isEqualTo(Size.M);
        assertThat(Size.named(" L")).isEqualTo(Size.L);
        assertThatThrownBy(() -> Size.named("XL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bench.size must be S, M or L, not 'XL'");
    }

    @Test
    void theReportNamesEachOrganisationsCaseload() {
        assertThat(SyntheticNeighbourhood.caseloads(List.of()))
                .isEqualTo("caseloads northbank-community 0, city-council-asc 0, riverside-practice 0, age-well 0,"
                        + " northbank-mental-health 0");
        assertThat(SyntheticNeighbourhood.caseloads(small.people())).startsWith("caseloads northbank-community ");
    }
}
