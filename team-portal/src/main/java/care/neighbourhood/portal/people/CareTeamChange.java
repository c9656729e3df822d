package care.neighbourhood.portal.people;

import java.util.List;

/**
 * What a saved change to a care team did to who may see the person's record.
 *
 * @param saved what was saved, e.g. {@code Ben Carter was added to the care team from 28 November 2026.}
 * @param gained who may now see the record, e.g. {@code Ben Carter (Age Well Northbank)}
 * @param lost who may no longer see it
 * @param userStillSeesPerson false when the user's own access ended with the change
 */
public record CareTeamChange(String saved, List<String> gained, List<String> lost, boolean userStillSeesPerson) {

    public CareTeamChange {
        gained = List.copyOf(gained);
        lost = List.copyOf(lost);
    }
}
