package care.neighbourhood.portal.emergency;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

/**
 * What this user's session knows of emergency access: the people their last look-ups found (so the
 * request page names the person the server found, not what a link says) and the emergency accesses
 * they were granted here, with when each ends.
 */
@Component(EmergencyAccessSession.BEAN)
@SessionScope
public class EmergencyAccessSession implements Serializable {

    /** The bean's name; the session keeps it under {@code scopedTarget.} and this name. */
    public static final String BEAN = "emergencyAccessSession";

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mma", java.util.Locale.UK);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.UK);

    private final Map<String, FoundPerson> found = new ConcurrentHashMap<>();
    private final Map<String, Instant> grants = new ConcurrentHashMap<>();

    void rememberFound(Iterable<FoundPerson> people) {
        people.forEach(person -> found.put(person.id(), person));
    }

    Optional<FoundPerson> found(String personId) {
        return Optional.ofNullable(found.get(personId));
    }

    /** The user was granted emergency access to the person until {@code ends}. */
    public void rememberGrant(String personId, Instant ends) {
        grants.put(personId, ends);
    }

    /** When the user's emergency access to this person ends, while it has not. */
    public Optional<Instant> grantEnds(String personId, Instant now) {
        Instant ends = grants.get(personId);
        if (ends != null && !ends.isAfter(now)) {
            grants.remove(personId);
            return Optional.empty();
        }
        return Optional.ofNullable(ends);
    }

    Map<String, Instant> grants() {
        return new HashMap<>(grants);
    }

    /** {@code 6:30pm on Saturday 28 November 2026}, in Europe/London time. */
    public static String inWords(Instant instant) {
        var local = instant.atZone(LONDON);
        return TIME.format(local).toLowerCase(java.util.Locale.UK) + " on " + DAY.format(local);
    }
}
