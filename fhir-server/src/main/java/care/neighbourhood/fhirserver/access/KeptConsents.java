package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.access.index.ConsentsVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Consent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * People's active Consents kept between requests, each used only while the {@link ConsentsVersion} is
 * the one it was read at: every write of a Consent moves that number, so a consent given or withdrawn
 * is seen by the next request, on every server; referrals and other writes leave kept consents good.
 * {@code workspace.access.consent-cache-size} people are kept (0 turns keeping off).
 */
@Component
class KeptConsents {

    private record Kept(long version, List<Consent> consents) {}

    private final ConsentsVersion versions;
    private final int size;
    private final Map<String, Kept> kept;

    KeptConsents(ConsentsVersion versions, @Value("${workspace.access.consent-cache-size:5000}") int size) {
        this.versions = versions;
        this.size = size;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > KeptConsents.this.size;
            }
        };
    }

    /**
     * The consents of each of {@code people}: kept ones while still current; the others looked up
     * together, with {@code lookUpAll} (one search), and kept.
     */
    Map<String, List<Consent>> ofAll(
            AccessContext context,
            Collection<String> people,
            Function<Collection<String>, Map<String, List<Consent>>> lookUpAll) {
        Map<String, List<Consent>> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        long version = size <= 0 ? 0 : context.consentsVersion(versions::current);
        synchronized (kept) {
            for (String person : people) {
                Kept one = size <= 0 ? null : kept.get(person);
                if (one != null && one.version() == version) {
                    found.put(person, one.consents());
                } else {
                    missing.add(person);
                }
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        Map<String, List<Consent>> looked = lookUpAll.apply(missing);
        synchronized (kept) {
            for (String person : missing) {
                List<Consent> consents = looked.getOrDefault(person, List.of());
                found.put(person, consents);
                if (size > 0) {
                    kept.put(person, new Kept(version, consents));
                }
            }
        }
        return found;
    }

    /** The person's consents: kept ones while still current, else looked up (and kept). */
    List<Consent> of(AccessContext context, String personId, Function<String, List<Consent>> lookUp) {
        if (size <= 0) {
            return lookUp.apply(personId);
        }
        long version = context.consentsVersion(versions::current);
        Kept found;
        synchronized (kept) {
            found = kept.get(personId);
        }
        if (found != null && found.version() == version) {
            return found.consents();
        }
        // Looked up after the version was read: if it moves meanwhile, the next request looks again.
        List<Consent> consents = lookUp.apply(personId);
        synchronized (kept) {
            kept.put(personId, new Kept(version, consents));
        }
        return consents;
    }
}
