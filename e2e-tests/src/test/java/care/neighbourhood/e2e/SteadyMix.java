package care.neighbourhood.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's mixed workload (80% point reads, 15% worklist searches, 5% writes) as a team's
 * clients send it: at a steady rate, each request sent again after a refused connection, a 502, 503
 * or 504 (after the {@code Retry-After} it was given), until it is answered or a minute has passed.
 * Writes are conditional creates of Tasks with an identifier of their own, so sending one again never
 * makes a second Task. Every answer is kept for the checks afterwards.
 */
final class SteadyMix {

    /** One answer from the server: what was asked, when, and what came back. */
    record Answer(long atNanos, String kind, int status, String retryAfter, String requestId, String body) {}

    static final String TASK_IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986";
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;
    private final String token;
    private final String person;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicLong connectionsRefused = new AtomicLong();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients = Executors.newFixedThreadPool(24);

    final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** Request ids of the answers with a 2xx: each must have its audit record. */
    final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    /** Identifiers of the Tasks whose create was answered with a 2xx: each must exist exactly once. */
    final Queue<String> writtenTasks = new ConcurrentLinkedQueue<>();
    /** Identifiers of every Task a create was sent for, answered or not: none may exist twice. */
    final Queue<String> triedTasks = new ConcurrentLinkedQueue<>();
    /** Requests still unanswered after a minute of trying. */
    final Queue<String> gaveUp = new ConcurrentLinkedQueue<>();

    SteadyMix(String base, String token, String person) {
        this.base = base;
        this.token = token;
        this.person = person;
    }

    /** Starts sending {@code perSecond} requests a second. */
    SteadyMix start(int perSecond) {
        clock.scheduleAtFixedRate(
                () -> {
                    if (!stopped.get()) {
                        int n = sequence.getAndIncrement();
                        clients.submit(() -> send(n % 20 == 0 ? "write" : n % 20 <= 3 ? "search" : "read"));
                    }
                },
                0,
                1000 / perSecond,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops sending and waits for the requests under way (including their retries). */
    void stop() throws InterruptedException {
        stopped.set(true);
        clock.shutdown();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        clients.shutdown();
        if (!clients.awaitTermination(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("requests of the mixed workload were still under way after 2 minutes");
        }
    }

    long connectionsRefused() {
        return connectionsRefused.get();
    }

    private void send(String kind) {
        String task = "write".equals(kind) ? UUID.randomUUID().toString() : null;
        if (task != null) {
            triedTasks.add(task);
        }
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            String requestId = "mix-" + UUID.randomUUID().toString().replace("-", "");
            try {
                HttpResponse<String> response =
                        HTTP.send(request(kind, task, requestId), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                answers.add(new Answer(System.nanoTime(), kind, status, retryAfter, requestId, response.body()));
                if (status / 100 == 2) {
                    acknowledged.add(requestId);
                    if (task != null) {
                        writtenTasks.add(task);
                    }
                    return;
                }
                if (status != 502 && status != 503 && status != 504) {
                    return; // a 4xx: wrong, and checked afterwards; not worth sending again
                }
                Thread.sleep(retryAfter == null ? 1000 : Math.min(5000, Long.parseLong(retryAfter) * 1000));
            } catch (IOException notTaken) {
                connectionsRefused.incrementAndGet();
                sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        gaveUp.add(kind + (task == null ? "" : " " + task));
    }

    private HttpRequest request(String kind, String task, String requestId) {
        String path = switch (kind) {
            case "read" -> "/Patient/" + person;
            case "search" ->
                "/Task?owner=Practitioner/nina-patel&status=requested,in-progress" + "&_sort=-_lastUpdated&_count=20";
            default -> "/Task";
        };
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token)
                .header("X-Request-ID", requestId);
        if (task == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=" + TASK_IDENTIFIER_SYSTEM + "|urn:uuid:" + task)
                .POST(HttpRequest.BodyPublishers.ofString(task(task)))
                .build();
    }

    private String task(String identifier) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"identifier\":[{\"system\":\"" + TASK_IDENTIFIER_SYSTEM + "\",\"value\":\"urn:uuid:" + identifier
                + "\"}],\"for\":{\"reference\":\"Patient/" + person + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"description\":\"Written under the mixed workload\"}";
    }

    /**
     * Requests of the same mix answered 2xx in {@code duration} by {@code clients} clients that each
     * send the next request as soon as the last is answered: the throughput of {@code base}.
     */
    static double throughput(String base, String token, String person, int clients, Duration duration)
            throws InterruptedException {
        SteadyMix mix = new SteadyMix(base, token, person);
        AtomicLong answered = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int n = mix.sequence.getAndIncrement();
                    String kind = n % 20 == 0 ? "write" : n % 20 <= 3 ? "search" : "read";
                    String task = "write".equals(kind) ? UUID.randomUUID().toString() : null;
                    try {
                        HttpResponse<Void> response = HTTP.send(
                                mix.request(kind, task, "throughput-" + n), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() / 100 == 2) {
                            answered.incrementAndGet();
                        }
                    } catch (IOException e) {
                        sleep(100);
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
        return answered.get() / (double) duration.toSeconds();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
