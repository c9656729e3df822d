package care.neighbourhood.fhirserver.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.RawHttp;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Fuzzing of the FHIR API's parsing and search-parameter handling, for a bounded time: requests made
 * by {@link RequestFuzzer} from a seed are sent one after another, and every one must be answered
 * within {@link #ANSWER_WITHIN} with a status below 500 and no stack trace; afterwards the server is
 * ready and answers a member of the team normally.
 *
 * <p>{@code -Dfuzz.seed} (default a fixed seed, so CI runs the same cases each time), {@code
 * -Dfuzz.duration} (default {@link #defaultDuration()}), {@code -Dfuzz.case} (only that case, to
 * reproduce a failure). The fuzzer writes what it likes, so each database it runs on is its own.
 */
abstract class FhirApiFuzzing extends FhirServerTestBase {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final Pattern STACK_TRACE =
            Pattern.compile("(\\tat |\\n\\s*at [a-z]+\\.[a-z]|Caused by:|\\.java:\\d+\\))");
    private static final int FAILURES_SHOWN = 25;

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    @Autowired
    DaoRegistry daos;

    /** How long a run lasts unless {@code -Dfuzz.duration} says otherwise. */
    abstract Duration defaultDuration();

    @Test
    void noRequestIsAnswered5xxOrHangsAndTheServerIsHealthyAfterwards() {
        long seed = Long.getLong("fuzz.seed", 20261129L);
        Duration duration = Duration.parse(
                System.getProperty("fuzz.duration", defaultDuration().toString()));
        Long onlyCase = Long.getLong("fuzz.case");
        String margaret = new SampleRecords(daos).patientId("9991042113");
        RequestFuzzer fuzzer = new RequestFuzzer(seed, margaret, NURSE, FHIR);
        RawHttp http = new RawHttp(port, ANSWER_WITHIN);

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long deadline = System.nanoTime() + duration.toNanos();
        long sent = 0;
        for (long n = onlyCase == null ? 0 : onlyCase;
                onlyCase == null ? System.nanoTime() < deadline : n == onlyCase;
                n++) {
            FuzzedRequest request = fuzzer.request(n);
            sent++;
            String failure = failureOf(http, request, statuses);
            if (failure != null) {
                failures.add(failure + "\n  " + request.describe());
            }
        }
        System.out.printf(
                "Fuzzing (%s): seed %d, %d requests in %s, statuses %s, %d failed%n",
                getClass().getSimpleName(), seed, sent, duration, statuses, failures.size());

        assertThat(failures.size())
                .as(
                        "failed requests (reproduce one with -Dfuzz.seed=%d -Dfuzz.case=N), the first %d:%n%s",
                        seed,
                        FAILURES_SHOWN,
                        String.join("\n\n", failures.subList(0, Math.min(FAILURES_SHOWN, failures.size()))))
                .isZero();
        assertThat(get("/Patient/" + margaret, NURSE).statusCode()).isEqualTo(200);
        assertThat(get("/Task?owner=Practitioner/nina-patel&_count=5", NURSE).statusCode())
                .isEqualTo(200);
        assertThat(send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/actuator/health/readiness")))
                        .statusCode())
                .isEqualTo(200);
    }

    /** The stacks of the server's threads at work on a request (it runs in this JVM), to show a hang. */
    private static String busyServerThreads() {
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            boolean serving = java.util.Arrays.stream(frames)
                    .anyMatch(frame -> frame.getClassName().startsWith("ca.uhn.fhir.jpa")
                            || frame.getClassName().startsWith("care.neighbourhood.fhirserver.")
                                    && !frame.getClassName().contains(".fuzz."));
            if (serving) {
                stacks.append("  ").append(thread.getName()).append('\n');
                java.util.Arrays.stream(frames)
                        .limit(60)
                        .forEach(frame -> stacks.append("    at ").append(frame).append('\n'));
            }
        });
        return stacks.toString();
    }

    private static String failureOf(RawHttp http, FuzzedRequest request, Map<Integer, Integer> statuses) {
        RawHttp.Answer answer;
        try {
            answer = http.send(request.method(), request.target(), request.headers(), request.body());
        } catch (RawHttp.NoAnswer e) {
            return "no answer within " + ANSWER_WITHIN + "; the server's busy threads then:\n" + busyServerThreads();
        } catch (IOException e) {
            return "the connection failed: " + e.getMessage();
        }
        statuses.merge(answer.status(), 1, Integer::sum);
        if (answer.status() >= 500) {
            return "answered " + answer.status() + ": " + FuzzedRequest.abbreviated(answer.body(), 500);
        }
        if (STACK_TRACE.matcher(answer.body()).find()) {
            return "a stack trace in the answer (" + answer.status() + "): "
                    + FuzzedRequest.abbreviated(answer.body(), 800);
        }
        return null;
    }
}
