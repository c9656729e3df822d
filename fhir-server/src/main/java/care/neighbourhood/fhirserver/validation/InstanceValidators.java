package care.neighbourhood.fhirserver.validation;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lends the validation library's {@code InstanceValidator}s to the threads that validate, one
 * validator per thread at a time. Building one is far dearer than using one (the library reads its
 * OID registry from the classpath for each new validator: on this server that was three quarters of
 * the cost of validating a write), and a validator resets what it keeps about a resource at the start
 * of each validation, so one is reused for many resources, by one thread at a time.
 *
 * <p>At most {@code idle} validators wait between uses (more are built when more threads validate at
 * once, and dropped when they come back to a full queue), and each is retired after {@code uses}
 * validations, so what a validator caches across resources (the canonical URLs it has looked up,
 * including profiles a client merely declares) never grows without bound.
 */
final class InstanceValidators<V> {

    private final Supplier<V> builder;
    private final BlockingQueue<Lent<V>> idle;
    private final int uses;

    InstanceValidators(Supplier<V> builder, int idle, int uses) {
        if (idle < 1 || uses < 1) {
            throw new IllegalArgumentException("idle and uses must be at least 1");
        }
        this.builder = builder;
        this.idle = new ArrayBlockingQueue<>(idle);
        this.uses = uses;
    }

    /** Runs {@code work} with a validator no other thread uses meanwhile. */
    <T> T withValidator(Function<V, T> work) {
        Lent<V> lent = idle.poll();
        if (lent == null) {
            lent = new Lent<>(builder.get());
        }
        boolean completed = false;
        try {
            T result = work.apply(lent.validator);
            completed = true;
            return result;
        } finally {
            lent.used++;
            // A validator that failed part-way may hold half a validation: it is not lent again.
            if (completed && lent.used < uses) {
                idle.offer(lent);
            }
        }
    }

    /** How many validators wait to be lent (for tests). */
    int idleCount() {
        return idle.size();
    }

    private static final class Lent<V> {
        private final V validator;
        private int used;

        private Lent(V validator) {
            this.validator = validator;
        }
    }
}
