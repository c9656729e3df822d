package care.neighbourhood.fhirserver.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit for the audit records of requests that write nothing themselves (reads, searches,
 * denials). A request hands its record over and waits until it is committed; a writer thread
 * commits whatever has gathered meanwhile in a single transaction, so concurrent requests share a
 * commit. Several writer threads ({@code workspace.audit.writers}) take turns, so a record that arrives
 * while one of them commits is taken by another at once rather than after that commit. A record is
 * only ever held in memory while its request waits unanswered: if the server dies then, that request
 * was never acknowledged.
 *
 * <p>One writer gathers at a time: it takes the records waiting and, while reads of one record that had
 * started by then are still on their way to hand theirs over ({@link RecordsOnTheWay}), waits up to
 * {@code workspace.audit.gather} for them, then commits them all while the next writer gathers. Reads
 * that start meanwhile are left to the next writer: waiting for them too would, under steady load, hold
 * every commit for the whole gather time. Each
 * commit waits for the database to make its log durable; sharing it among more requests costs the
 * database less for each, which under load is worth more than the moment waited.
 */
@Component
public class AuditWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    private record Pending(AuditRecord record, CompletableFuture<Void> committed) {}

    private final AuditStore store;
    private final AuditProperties properties;
    private final BlockingQueue<Pending> waiting;
    private final RecordsOnTheWay onTheWay;
    private final ReentrantLock gathering = new ReentrantLock();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public AuditWriter(AuditStore store, AuditProperties properties, RecordsOnTheWay onTheWay) {
        this.store = store;
        this.properties = properties;
        this.onTheWay = onTheWay;
        this.waiting = new ArrayBlockingQueue<>(Math.max(1000, properties.batchSize() * 20));
    }

    /**
     * Returns once the record is committed.
     *
     * @throws AuditUnavailableException if it could not be committed in time
     */
    public void commit(AuditRecord record) {
        Pending pending = new Pending(record, new CompletableFuture<>());
        long timeout = properties.commitTimeout().toMillis();
        try {
            if (!running || !waiting.offer(pending, timeout, TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException("the audit writer is not accepting records");
            }
            pending.committed().get(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while the audit record was committed");
        } catch (ExecutionException e) {
            throw new AuditUnavailableException(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit record was not committed within " + timeout + " ms");
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(properties.batchSize());
        while (running || !waiting.isEmpty()) {
            try {
                if (!gather(batch)) {
                    continue;
                }
                store.appendCommitted(batch.stream().map(Pending::record).toList());
                batch.forEach(p -> p.committed().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.committed().completeExceptionally(e));
                return;
            } catch (Exception e) {
                log.error("Could not commit {} audit records; their requests fail", batch.size(), e);
                batch.forEach(p -> p.committed().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Takes the next batch, if a record arrives soon; false if none did. */
    private boolean gather(List<Pending> batch) throws InterruptedException {
        if (!gathering.tryLock(200, TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return false;
            }
            batch.add(first);
            int most = properties.batchSize();
            waiting.drainTo(batch, most - batch.size());
            long until = System.nanoTime() + properties.gather().toNanos();
            long lastOnTheWay = onTheWay.lastPlace();
            while (batch.size() < most && onTheWay.anyUpTo(lastOnTheWay)) {
                Pending next = waiting.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                batch.add(next);
                waiting.drainTo(batch, most - batch.size());
            }
            return true;
        } finally {
            gathering.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 1; i <= Math.max(1, properties.writers()); i++) {
            Thread thread = new Thread(this::writeLoop, "audit-writer-" + i);
            thread.setDaemon(false);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + properties.commitTimeout().toNanos();
        for (Thread writer : threads) {
            try {
                writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at a higher phase) has finished its requests. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }
}
