package care.neighbourhood.bench.drive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server of one arm as a process of its own, with the same JVM flags for both arms: started, waited
 * for until its CapabilityStatement answers, and measured (CPU time and resident memory, from
 * {@code /proc}).
 */
public final class ServerProcess implements AutoCloseable {

    /** The same for both arms. */
    public static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx2g", "-XX:+UseG1GC");

    /** More flags for both, from {@code bench.jvm-extra} (space-separated), to profile a run, say. */
    private static final List<String> EXTRA_FLAGS = java.util.Arrays.stream(
                    System.getProperty("bench.jvm-extra", "").trim().split("\\s+"))
            .filter(flag -> !flag.isEmpty())
            .toList();

    private static final int SQL_COUNT_PORT_OFFSET = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final Process process;
    private final int port;
    private volatile DatabaseCpu database;

    private ServerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code java <flags> <launch...> <arguments...>}, logging to {@code log}. */
    public static ServerProcess start(String name, List<String> launch, List<String> arguments, int port, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(EXTRA_FLAGS);
        command.add("-Dbench.sql-count-port=" + (port + SQL_COUNT_PORT_OFFSET));
        command.addAll(launch);
        command.addAll(arguments);
        command.add("--server.port=" + port);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Stopped with the benchmark, however it ends: an interrupted run leaves no server holding its port.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, name + "-stop"));
        ServerProcess server = new ServerProcess(name, process, port);
        try {
            server.awaitReady(Duration.ofMinutes(4), log);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String base() {
        return "http://localhost:" + port + "/fhir";
    }

    private void awaitReady(Duration limit, Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/metadata")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(name + " did not start within " + limit + "; see " + log);
    }

    /**
     * SQL statements the process has executed so far, as its counting JDBC driver tells (see {@code
     * CountingDriver}); -1 when it cannot be asked.
     */
    public long statementsExecuted() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + SQL_COUNT_PORT_OFFSET) + "/"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Long.parseLong(response.body().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** CPU seconds the process has used so far (user and system). */
    public double cpuSeconds() {
        try {
            String[] fields = Files.readString(Path.of("/proc/" + process.pid() + "/stat"))
                    .replaceAll("^.*\\) ", "")
                    .split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds the process's JIT compiler threads have used so far. A large server keeps its
     * compilers busy for minutes under a new load, taking a core from the requests; a run measured
     * before they settle measures the compiling as much as the server.
     */
    public double compilerCpuSeconds() {
        double seconds = 0;
        try (java.util.stream.Stream<Path> threads = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return seconds;
    }

    /** Measures, from now on, what the server's statements cost PostgreSQL too. */
    public void measureDatabase(DatabaseCpu database) {
        this.database = database;
    }

    /** A reading of the database's CPU per backend (see {@link DatabaseCpu}); empty when not measured. */
    public java.util.Map<Long, Long> databaseTicks() {
        DatabaseCpu measured = database;
        return measured == null ? java.util.Map.of() : measured.read();
    }

    /** Resident memory, in MiB. */
    public double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
