package care.neighbourhood.portal.people;

import java.util.List;

/**
 * "Why can I see this?": the basis the shared care record named for showing this person to the user,
 * in words.
 *
 * @param reasons one sentence per thing the access rests on (a care team, a referral, emergency
 *     access, the agreement's clause, the person's consent)
 * @param emergency the access rests on emergency access (break glass)
 * @param emergencyEnds when that emergency access ends, in words (Europe/London), as the server named
 *     it; null when it named no end
 */
public record AccessExplanation(List<String> reasons, boolean emergency, String emergencyEnds) {

    public AccessExplanation {
        reasons = List.copyOf(reasons);
    }

    public AccessExplanation(List<String> reasons, boolean emergency) {
        this(reasons, emergency, null);
    }
}
