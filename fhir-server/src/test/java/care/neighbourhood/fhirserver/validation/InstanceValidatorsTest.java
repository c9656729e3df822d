package care.neighbourhood.fhirserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How validators are lent: reused, never to two threads at once, retired after use or failure. */
class InstanceValidatorsTest {

    private final AtomicInteger built = new AtomicInteger();

    private InstanceValidators<Object> pool(int idle, int uses) {
        return new InstanceValidators<>(
                () -> {
                    built.incrementAndGet();
                    return new Object();
                },
                idle,
                uses);
    }

    @Test
    void oneThreadReusesOneValidatorUntilItIsRetired() {
        InstanceValidators<Object> pool = pool(2, 3);
        List<Object> lent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            lent.add(pool.withValidator(validator -> validator));
        }
        assertThat(built).hasValue(3);
        assertThat(lent.subList(0, 3)).allMatch(validator -> validator == lent.get(0));
        assertThat(lent.get(3)).isNotSameAs(lent.get(0));
        assertThat(lent.subList(3, 6)).allMatch(validator -> validator == lent.get(3));
    }

    @Test
    void aValidatorThatFailedIsNotLentAgain() {
        InstanceValidators<Object> pool = pool(2, 100);
        Object first = pool.withValidator(validator -> validator);
        assertThatThrownBy(() -> pool.withValidator(validator -> {
                    throw new IllegalStateException("half a validation");
                }))
                .hasMessage("half a validation");
        assertThat(pool.idleCount()).isZero();
        Object next = pool.withValidator(validator -> validator);
        assertThat(next).isNotSameAs(first);
    }

    @Test
    void noTwoThreadsHoldOneValidatorAndNoMoreThanTheLimitWait() throws Exception {
        InstanceValidators<Object> pool = pool(2, 1_000);
        Set<Object> inUse = ConcurrentHashMap.newKeySet();
        List<String> clashes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allStarted = new CountDownLatch(4);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(threads.submit(() -> {
                    allStarted.countDown();
                    for (int i = 0; i < 500; i++) {
                        pool.withValidator(validator -> {
                            if (!inUse.add(validator)) {
                                clashes.add("lent twice at once");
                            }
                            Thread.onSpinWait();
                            inUse.remove(validator);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get(1, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(clashes).isEmpty();
        assertThat(pool.idleCount()).isLessThanOrEqualTo(2);
        assertThat(built.get()).isLessThan(100);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> pool(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
