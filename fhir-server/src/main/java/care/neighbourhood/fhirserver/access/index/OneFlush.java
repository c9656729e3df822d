package care.neighbourhood.fhirserver.access.index;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import org.springframework.stereotype.Component;

/**
 * Runs work in the current JPA transaction after flushing it once, rather than before each of its
 * queries. Bringing the care access entries of twenty people up to date at the end of a transaction
 * that loaded their records takes dozens of searches; with the session's default (flush before every
 * query) each one checked every entity the transaction had written for changes, which was a third of
 * the time spent loading. The work's own queries need nothing it wrote itself unflushed: each person's
 * searches are about that person alone, and what the work writes is flushed at commit.
 */
@Component
public class OneFlush {

    @PersistenceContext
    private EntityManager entityManager;

    /** Flushes, runs the work with flushing left to the commit, and restores the flush mode. */
    public void around(Runnable work) {
        entityManager.flush();
        FlushModeType previous = entityManager.getFlushMode();
        entityManager.setFlushMode(FlushModeType.COMMIT);
        try {
            work.run();
        } finally {
            entityManager.setFlushMode(previous);
        }
    }
}
