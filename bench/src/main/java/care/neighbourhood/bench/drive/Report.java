package care.neighbourhood.bench.drive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The comparison as Markdown: for each workload and number of clients, both arms' throughput and
 * latency percentiles (all rounds together), the ratio ours/vanilla, the server CPU each spent per
 * thousand requests and the database's CPU for them, the SQL statements each executed per request (its background work included), and its resident memory afterwards.
 */
public final class Report {

    private record Key(String workload, int clients, String arm) {}

    private final Map<Key, List<LoadDriver.Result>> results = new LinkedHashMap<>();
    private final List<String> preamble = new ArrayList<>();

    public void note(String line) {
        preamble.add(line);
    }

    public void add(String workload, int clients, String arm, LoadDriver.Result result) {
        results.computeIfAbsent(new Key(workload, clients, arm), k -> new ArrayList<>())
                .add(result);
    }

    public String markdown(String vanilla, String ours) {
        StringBuilder text = new StringBuilder("# fhir-server against vanilla HAPI\n\n");
        preamble.forEach(line -> text.append(line).append('\n'));
        text.append('\n');
        List<String> workloads =
                results.keySet().stream().map(Key::workload).distinct().toList();
        for (String workload : workloads) {
            text.append("## ").append(workload).append("\n\n");
            text.append("| clients | vanilla req/s | ours req/s | ratio | vanilla p50 / p95 / p99 ms"
                    + " | ours p50 / p95 / p99 ms | p95 ratio | CPU s per 1,000 req (vanilla / ours)"
                    + " | database CPU s per 1,000 req (vanilla / ours)"
                    + " | SQL statements per request (vanilla / ours) | RSS MiB (vanilla / ours)"
                    + " | unexpected answers (vanilla / ours) |\n");
            text.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            results.keySet().stream()
                    .filter(key -> key.workload().equals(workload))
                    .map(Key::clients)
                    .distinct()
                    .forEach(clients -> text.append(row(workload, clients, vanilla, ours)));
            text.append('\n');
        }
        return text.toString();
    }

    private String row(String workload, int clients, String vanilla, String ours) {
        Figures a = figures(results.get(new Key(workload, clients, vanilla)));
        Figures b = figures(results.get(new Key(workload, clients, ours)));
        return String.format(
                Locale.ROOT,
                "| %d | %s | %s | %.2f | %s | %s | %.2f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f | %.0f / %.0f | %d / %d |%n",
                clients,
                a.throughputs,
                b.throughputs,
                b.throughput / a.throughput,
                a.percentiles(),
                b.percentiles(),
                b.p95() / a.p95(),
                a.cpuPerThousand,
                b.cpuPerThousand,
                a.databaseCpuPerThousand,
                b.databaseCpuPerThousand,
                a.statementsPerRequest,
                b.statementsPerRequest,
                a.rss,
                b.rss,
                a.unexpected,
                b.unexpected);
    }

    private record Figures(
            double throughput,
            String throughputs,
            Histogram latencies,
            double cpuPerThousand,
            double databaseCpuPerThousand,
            double statementsPerRequest,
            double rss,
            long unexpected) {

        String percentiles() {
            return String.format(
                    Locale.ROOT,
                    "%.1f / %.1f / %.1f",
                    latencies.getValueAtPercentile(50) / 1000.0,
                    p95(),
                    latencies.getValueAtPercentile(99) / 1000.0);
        }

        double p95() {
            return latencies.getValueAtPercentile(95) / 1000.0;
        }
    }

    /** The rounds of one arm together: mean throughput (each round shown), merged latencies. */
    private static Figures figures(List<LoadDriver.Result> rounds) {
        Histogram merged = new Histogram(60_000_000L, 3);
        double throughput = 0;
        double cpu = 0;
        double databaseCpu = 0;
        long requests = 0;
        long unexpected = 0;
        long statements = 0;
        List<String> each = new ArrayList<>();
        for (LoadDriver.Result round : rounds) {
            merged.add(round.latencies());
            throughput += round.throughput();
            cpu += round.cpuSeconds();
            databaseCpu += round.databaseCpuSeconds();
            requests += round.requests();
            unexpected += round.unexpected();
            statements = statements < 0 || round.statements() < 0 ? -1 : statements + round.statements();
            each.add(String.format(Locale.ROOT, "%.0f", round.throughput()));
        }
        return new Figures(
                throughput / rounds.size(),
                String.join(" / ", each),
                merged,
                1000 * cpu / Math.max(requests, 1),
                1000 * databaseCpu / Math.max(requests, 1),
                statements < 0 ? Double.NaN : (double) statements / Math.max(requests, 1),
                rounds.get(rounds.size() - 1).residentMiB(),
                unexpected);
    }
}
