package care.neighbourhood.bench.drive;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Sends one workload to one arm from a number of clients at once, each sending its next request as
 * soon as the last is answered, for a fixed time after a warm-up; records every latency.
 */
public final class LoadDriver {

    /** What one run measured. */
    public record Result(
            long requests,
            long unexpected,
            double seconds,
            Histogram latencies,
            double cpuSeconds,
            double databaseCpuSeconds,
            double residentMiB,
            long statements) {

        public double throughput() {
            return requests / seconds;
        }

        /** A latency percentile, in milliseconds. */
        public double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * How an arm was warmed up before the first round: for how long, how much of that its JIT
     * compilers worked, and whether they had gone quiet by the end.
     */
    public record WarmedUp(Duration took, double compilerSeconds, boolean settled) {}

    /** A warm-up cycle in which the compilers used less than this share of one core counts as settled. */
    private static final double SETTLED_COMPILER_SHARE = 0.02;

    private final Duration warmUp;
    private final Duration measured;

    public LoadDriver(Duration warmUp, Duration measured) {
        this.warmUp = warmUp;
        this.measured = measured;
    }

    public Result run(Arm arm, Workload workload, Workload.Targets targets, int clients) throws Exception {
        drive(arm, workload, targets, clients, warmUp, new Histogram(60_000_000L, 3), new AtomicLong());
        Histogram latencies = new Histogram(60_000_000L, 3);
        AtomicLong unexpected = new AtomicLong();
        double cpuBefore = arm.process().cpuSeconds();
        java.util.Map<Long, Long> databaseBefore = arm.process().databaseTicks();
        long statementsBefore = arm.process().statementsExecuted();
        long started = System.nanoTime();
        long requests = drive(arm, workload, targets, clients, measured, latencies, unexpected);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(
                requests,
                unexpected.get(),
                seconds,
                latencies,
                arm.process().cpuSeconds() - cpuBefore,
                DatabaseCpu.secondsBetween(databaseBefore, arm.process().databaseTicks()),
                arm.process().residentMiB(),
                arm.process().statementsExecuted() - statementsBefore);
    }

    /**
     * Runs every workload in turn on the arm, cycle after cycle, until a whole cycle passes in which
     * its JIT compilers were nearly idle, or the limit is reached. Both arms are warmed alike, one at a
     * time, so each is measured at its steady state rather than while compiling.
     */
    public WarmedUp warmUntilSettled(
            Arm arm, List<Workload> workloads, Workload.Targets targets, int clients, Duration limit) throws Exception {
        long started = System.nanoTime();
        double compilerAtStart = arm.process().compilerCpuSeconds();
        Duration each = warmUp.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : warmUp;
        boolean settled = false;
        while (!settled && System.nanoTime() - started < limit.toNanos()) {
            long cycleStarted = System.nanoTime();
            double compilerBefore = arm.process().compilerCpuSeconds();
            for (Workload workload : workloads) {
                drive(arm, workload, targets, clients, each, new Histogram(60_000_000L, 3), new AtomicLong());
            }
            double cycleSeconds = (System.nanoTime() - cycleStarted) / 1e9;
            double compiling = arm.process().compilerCpuSeconds() - compilerBefore;
            settled = compiling < SETTLED_COMPILER_SHARE * cycleSeconds;
        }
        return new WarmedUp(
                Duration.ofNanos(System.nanoTime() - started),
                arm.process().compilerCpuSeconds() - compilerAtStart,
                settled);
    }

    private static long drive(
            Arm arm,
            Workload workload,
            Workload.Targets targets,
            int clients,
            Duration duration,
            Histogram latencies,
            AtomicLong unexpected)
            throws Exception {
        long until = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Histogram>> done = new ArrayList<>();
        AtomicLong requests = new AtomicLong();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(31L * c + 7);
            done.add(pool.submit(() -> {
                Histogram mine = new Histogram(60_000_000L, 3);
                while (System.nanoTime() < until) {
                    HttpRequest request = workload.next().on(arm, targets, random);
                    long start = System.nanoTime();
                    HttpResponse<String> response = arm.send(request);
                    mine.recordValue(Math.min((System.nanoTime() - start) / 1000, 60_000_000L));
                    requests.incrementAndGet();
                    workload.answered().answered(arm, request, response);
                    if (!workload.expectedStatuses().contains(response.statusCode())) {
                        unexpected.incrementAndGet();
                    }
                }
                return mine;
            }));
        }
        for (Future<Histogram> each : done) {
            latencies.add(each.get());
        }
        pool.shutdown();
        return requests.get();
    }
}
