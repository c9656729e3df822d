package care.neighbourhood.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Splits a CPU profile of fhir-server (async-profiler's collapsed stacks: one stack per line, frames
 * separated by {@code ;}, then the number of samples) into what the time was spent on, as the benchmark
 * notes report it. Threads come first: the JIT compilers, the audit writer, HAPI's subscription
 * matching, the rest. A request thread's sample goes to the outermost of fhir-server's own parts it
 * passed through (validation, Provenance, the care access upkeep, the access rules, the audit), else to
 * the innermost of HAPI's or the web server's steps it was in. Filters and wrappers every request passes
 * through (the transaction's failure translation, the statement planner, the response buffer) are
 * not counted as parts of their own. Shares are given of all samples and of those outside the JIT
 * compilers, which are still busy in the first minutes of a run.
 *
 * <pre>java -cp bench/target/classes care.neighbourhood.bench.profile.ProfileSplit /tmp/ap/collapsed.txt</pre>
 */
public final class ProfileSplit {

    private static final String OURS = "care/neighbourhood/fhirserver/";
    private static final String COMPILERS = "JIT compilers";

    /** fhir-server's own parts, by a frame of each; the outermost found in a stack decides. */
    private static final Map<String, String> OUR_PARTS = parts(
            "validation/", "validation against the profiles",
            "provenance/", "Provenance of the write",
            "access/index/", "care access upkeep (its flush also writes the Provenance's rows)",
            "access/", "access rules",
            "audit/", "audit: noting the request's people",
            "worklist/", "worklist row",
            "subscription/", "subscription notes",
            "security/", "request, header and token checks",
            "server/RequestInputChecks", "request, header and token checks");

    /** fhir-server's frames that every request passes through: wrappers, not parts. */
    private static final List<String> WRAPPERS = List.of(
            "server/WriteFailures",
            "server/SearchPagePlans",
            "server/BufferedResponses",
            "server/RequestTargetChecks",
            "server/RequestSizeLimit",
            "security/TokenCheckUnavailableFilter",
            "doFilter");

    /** HAPI's and the web server's steps, by a frame of each; the innermost found decides. */
    private static final Map<String, String> STEPS = parts(
            "RestfulServer.handleRequest", "HAPI's request handling",
            "BaseHapiFhirResourceDao.read", "HAPI's read (transaction, SQL, parsing)",
            "BaseTransactionProcessor.transaction", "HAPI's transaction (storage, SQL)",
            "ca/uhn/fhir/jpa/subscription", "subscription notes",
            "RestfulServerUtils.streamResponseAsResource", "serialising the answer",
            "BufferedResponses$Writer.close", "Tomcat and HTTP");

    private ProfileSplit() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ProfileSplit <collapsed stacks file>");
            System.exit(2);
        }
        Map<String, Long> split = new LinkedHashMap<>();
        long total = 0;
        try (Stream<String> lines = Files.lines(Path.of(args[0]))) {
            for (String line : (Iterable<String>) lines::iterator) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long samples = Long.parseLong(line.substring(space + 1).trim());
                split.merge(categoryOf(line.substring(0, space)), samples, Long::sum);
                total += samples;
            }
        }
        long compiling = split.getOrDefault(COMPILERS, 0L);
        System.out.printf("| part | samples | share | share outside the compilers |%n|---|---|---|---|%n");
        long all = total;
        split.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(part -> System.out.printf(
                        "| %s | %d | %.1f%% | %s |%n",
                        part.getKey(),
                        part.getValue(),
                        100.0 * part.getValue() / all,
                        part.getKey().equals(COMPILERS)
                                ? ""
                                : String.format("%.1f%%", 100.0 * part.getValue() / Math.max(1, all - compiling))));
        System.out.printf("%d samples%n", total);
    }

    static String categoryOf(String stack) {
        if (stack.contains("CompileBroker") || stack.contains("NMethodSweeper")) {
            return COMPILERS;
        }
        boolean request = stack.contains("org/apache/coyote");
        if (!request && stack.contains("audit/AuditWriter")) {
            return "audit: the writer's group commits";
        }
        if (!request && stack.contains("AsyncResourceModifiedSubmitterSvc")) {
            return "subscription matching (HAPI's scheduler)";
        }
        if (!request) {
            return "GC and other threads";
        }
        String[] frames = stack.split(";");
        for (String frame : frames) {
            int ours = frame.indexOf(OURS);
            if (ours < 0 || WRAPPERS.stream().anyMatch(frame::contains)) {
                continue;
            }
            String rest = frame.substring(ours + OURS.length());
            for (Map.Entry<String, String> part : OUR_PARTS.entrySet()) {
                if (rest.startsWith(part.getKey())) {
                    return part.getValue();
                }
            }
        }
        for (int i = frames.length - 1; i >= 0; i--) {
            for (Map.Entry<String, String> step : STEPS.entrySet()) {
                if (frames[i].contains(step.getKey())) {
                    return step.getValue();
                }
            }
        }
        return "Tomcat and HTTP";
    }

    private static Map<String, String> parts(String... markerThenName) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (int i = 0; i < markerThenName.length; i += 2) {
            parts.put(markerThenName[i], markerThenName[i + 1]);
        }
        return parts;
    }
}
