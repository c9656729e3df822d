package care.neighbourhood.fhirserver.access.index;

import care.neighbourhood.fhirserver.access.CareRelationship;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whole caseloads kept between requests, so that a search by someone with thousands of people on
 * their caseload does not look all of them up every time. A kept caseload is used only while the
 * {@link CareAccessVersion} is the one it was looked up at (any change to any care relationship moves
 * it, so a change is still seen by the next request) and until its first break-glass grant runs out.
 * Checking costs one small query; {@code workspace.access.caseload-cache-size} callers are kept (0
 * turns keeping off).
 */
@Component
public class CaseloadCache {

    private record Kept(long version, CareAccessIndex.Relationships relationships) {}

    private final CareAccessIndex index;
    private final CareAccessVersion versions;
    private final Clock clock;
    private final int size;
    private final Map<List<String>, Kept> kept;
    private final AtomicLong reused = new AtomicLong();

    @Autowired
    public CaseloadCache(
            CareAccessIndex index,
            CareAccessVersion versions,
            @Value("${workspace.access.caseload-cache-size:500}") int size) {
        this(index, versions, Clock.systemUTC(), size);
    }

    CaseloadCache(CareAccessIndex index, CareAccessVersion versions, Clock clock, int size) {
        this.index = index;
        this.versions = versions;
        this.clock = clock;
        this.size = size;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, Kept> eldest) {
                return size() > CaseloadCache.this.size;
            }
        };
    }

    /** The relationships of whoever holds {@code references}: kept ones if still true, else looked up. */
    public Map<String, CareRelationship> relationshipsOf(List<String> references) {
        return relationshipsOf(references, versions::current);
    }

    /** The same, with the care access version as the caller has read it (once per request). */
    public Map<String, CareRelationship> relationshipsOf(
            List<String> references, java.util.function.LongSupplier currentVersion) {
        if (size <= 0) {
            return index.caseloadOf(references).byPerson();
        }
        List<String> key = List.copyOf(references);
        long version = currentVersion.getAsLong();
        Kept found;
        synchronized (kept) {
            found = kept.get(key);
        }
        if (found != null && found.version() == version && stillTrue(found.relationships())) {
            reused.incrementAndGet();
            return found.relationships().byPerson();
        }
        // Looked up after the version was read: if it changes meanwhile, the next request looks again.
        CareAccessIndex.Relationships fresh = index.caseloadOf(references);
        synchronized (kept) {
            kept.put(key, new Kept(version, fresh));
        }
        return fresh.byPerson();
    }

    private boolean stillTrue(CareAccessIndex.Relationships relationships) {
        Instant ends = relationships.firstGrantEnds();
        return ends == null || clock.instant().isBefore(ends);
    }

    /** How many lookups a kept caseload has answered. */
    public long reused() {
        return reused.get();
    }
}
