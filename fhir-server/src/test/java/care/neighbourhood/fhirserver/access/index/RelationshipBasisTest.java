package care.neighbourhood.fhirserver.access.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A relationship's basis stays within its column however many Tasks are behind it. */
class RelationshipBasisTest {

    @Test
    void aShortBasisIsStoredWholeAndSorted() {
        assertThat(RelationshipBasis.storable(List.of("Task/2", "CareTeam/9", "Task/10")))
                .isEqualTo("CareTeam/9,Task/10,Task/2");
        assertThat(RelationshipBasis.storable(List.of())).isEmpty();
    }

    @Test
    void hundredsOfTasksAreCutWithAMarkAndTheCareTeamsKept() {
        List<String> entries = new ArrayList<>(List.of("CareTeam/1022"));
        for (int i = 0; i < 900; i++) {
            entries.add("Task/" + (1000 + i));
        }
        String stored = RelationshipBasis.storable(entries);
        assertThat(stored.length()).isLessThanOrEqualTo(RelationshipBasis.LIMIT);
        assertThat(stored).startsWith("CareTeam/1022,Task/1000,").endsWith("," + RelationshipBasis.MORE);
        assertThat(RelationshipBasis.entriesOf(stored)).contains("CareTeam/1022", RelationshipBasis.MORE);
    }

    @Test
    void extendingACutBasisKeepsItsMarkAndItsBound() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            entries.add("Task/" + (1000 + i));
        }
        String stored = RelationshipBasis.storable(entries);
        List<String> extended = new ArrayList<>(RelationshipBasis.entriesOf(stored));
        extended.add("CareTeam/7");
        String again = RelationshipBasis.storable(extended);
        assertThat(again.length()).isLessThanOrEqualTo(RelationshipBasis.LIMIT);
        assertThat(again).startsWith("CareTeam/7,").endsWith("," + RelationshipBasis.MORE);
        assertThat(RelationshipBasis.storable(RelationshipBasis.entriesOf(again)))
                .isEqualTo(again);
    }
}
