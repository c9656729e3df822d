package care.neighbourhood.bench.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
