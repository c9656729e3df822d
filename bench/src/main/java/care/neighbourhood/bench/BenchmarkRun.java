package care.neighbourhood.bench;

import care.neighbourhood.bench.drive.Arm;
import care.neighbourhood.bench.drive.DatabaseCpu;
import care.neighbourhood.bench.drive.LoadDriver;
import care.neighbourhood.bench.drive.Report;
import care.neighbourhood.bench.drive.ServerProcess;
import care.neighbourhood.bench.drive.Workload;
import care.neighbourhood.bench.sql.CountingDriver;
import care.neighbourhood.bench.synthetic.Loader;
import care.neighbourhood.bench.synthetic.Statistics;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Organisation;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import care.neighbourhood.testkit.KeycloakTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark: fhir-server (access, consent and audit on) against a plain HAPI FHIR JPA server of
 * the same version, on the same PostgreSQL, each on a database of its own holding the same data, with
 * the same JVM flags. Loads the sample neighbourhood and a synthetic one of the chosen size into both
 * through their FHIR APIs, then runs every workload at each number of clients, the arms interleaved
 * (vanilla, ours, vanilla, ours), and writes the comparison as Markdown. Both databases are analysed
 * after loading, as autovacuum would soon do. Both connect through {@link CountingDriver}, so that
 * the report can say how many SQL statements each needed per request.
 *
 * <p>Settings (system properties): {@code bench.size} S, M or L (default S); {@code bench.people}, the first so many of that size (all); {@code bench.clients}
 * (1,4,16); {@code bench.rounds} (2); {@code bench.workloads} (their keys, comma-separated; all when
 * unset); {@code bench.jvm-extra} (more JVM flags for both arms, to profile, say); {@code bench.warm-up} and {@code bench.duration} per run
 * (PT1S, PT3S); {@code bench.settle-limit} (PT2M), the longest each arm is warmed before the first round; {@code bench.fhir-server-jar}; {@code bench.database} (the PostgreSQL server,
 * {@code jdbc:postgresql://127.0.0.1:5432/}). Not a test: it asserts nothing.
 */
public final class BenchmarkRun {

    private static final Path ROOT =
            Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
    private static final String POSTGRES = System.getProperty("bench.database", "jdbc:postgresql://127.0.0.1:5432/");

    private BenchmarkRun() {}

    public static void main(String[] args) throws Exception {
        try {
            run();
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            System.err.println("The benchmark cannot run: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run() throws Exception {
        SyntheticNeighbourhood.Size size = SyntheticNeighbourhood.Size.named(System.getProperty("bench.size", "S"));
        List<Integer> clients = Arrays.stream(
                        System.getProperty("bench.clients", "1,4,16").split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
        int rounds = Integer.getInteger("bench.rounds", 2);
        List<Person> people = new SyntheticNeighbourhood(size).firstPeople(System.getProperty("bench.people"));
        List<Workload> workloads = Workload.chosen(System.getProperty("bench.workloads", ""));
        LoadDriver driver = new LoadDriver(
                Duration.parse(System.getProperty("bench.warm-up", "PT1S")),
                Duration.parse(System.getProperty("bench.duration", "PT3S")));
        Path built = Path.of(System.getProperty(
                "bench.fhir-server-jar",
                ROOT.resolve("fhir-server/target/fhir-server-0.1.0-SNAPSHOT.jar")
                        .toString()));
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("Build fhir-server first: " + built + " is missing");
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path logs = ROOT.resolve("bench/target/logs-" + stamp);
        // The server runs from a copy: a build that replaces the jar mid-run would take its classes away.
        Files.createDirectories(logs);
        Path jar = Files.copy(built, logs.resolve(built.getFileName()));

        System.out.println("Keycloak …");
        KeycloakTestServer keycloak = KeycloakTestServer.shared();
        System.out.println("Two databases and two servers …");
        String vanillaDb = createDatabase("bench_vanilla_" + stamp.replace('-', '_'));
        String oursDb = createDatabase("bench_workspace_" + stamp.replace('-', '_'));
        try (ServerProcess vanillaServer = ServerProcess.start(
                        "vanilla",
                        List.of(
                                "-cp",
                                System.getProperty("java.class.path"),
                                "care.neighbourhood.bench.vanilla.VanillaHapiServer"),
                        List.of(
                                "--spring.datasource.url=" + counted(vanillaDb),
                                "--spring.datasource.driver-class-name=" + CountingDriver.class.getName()),
                        18091,
                        logs.resolve("vanilla.log"));
                ServerProcess oursServer = ServerProcess.start(
                        "ours",
                        List.of(
                                "-Dloader.path=" + benchClasses(),
                                "-cp",
                                jar.toString(),
                                "org.springframework.boot.loader.launch.PropertiesLauncher"),
                        ourArguments(oursDb, keycloak, logs),
                        18090,
                        logs.resolve("fhir-server.log"))) {
            vanillaServer.measureDatabase(new DatabaseCpu(POSTGRES + "postgres", nameOf(vanillaDb)));
            oursServer.measureDatabase(new DatabaseCpu(POSTGRES + "postgres", nameOf(oursDb)));
            Arm vanilla = new Arm("vanilla", vanillaServer.base(), vanillaServer, null);
            Arm ours = new Arm("ours", oursServer.base(), oursServer, keycloak::userToken);
            loadSampleNeighbourhood(vanilla);

            System.out.printf("Loading %,d synthetic people into each arm …%n", people.size());
            Loader loader = new Loader(System.out);
            Map<Integer, String> vanillaIds = loader.load(vanilla, people, new Statistics(vanillaDb));
            Map<Integer, String> ourIds = loader.load(ours, people, new Statistics(oursDb));
            // What autovacuum does soon after a bulk load: without fresh statistics PostgreSQL plans
            // the first searches on a just-loaded database badly, whichever server sent them.
            Statistics.analyze(vanillaDb);
            Statistics.analyze(oursDb);

            Report report = new Report();
            report.note("Size " + size + (people.size() < size.people ? " sliced" : "") + " (" + people.size()
                    + " synthetic people plus the sample neighbourhood; " + SyntheticNeighbourhood.caseloads(people)
                    + "),"
                    + " PostgreSQL, " + rounds + " rounds, arms interleaved (vanilla, ours), " + clients
                    + " clients, each run " + System.getProperty("bench.duration", "PT3S")
                    + " after a warm-up; JVM flags "
                    + ServerProcess.JVM_FLAGS + " for both; ours as nina.patel (community nurse, the largest"
                    + " organisation) with a real token; started " + stamp + ".");
            report.note("");
            report.note("Throughput is in requests per second, each round shown; latencies are all rounds together.");
            Organisation caller = SyntheticNeighbourhood.ORGANISATIONS.get(0);
            System.out.println("Warming each arm up on every workload until its JIT compilers settle …");
            Duration settleLimit = Duration.parse(System.getProperty("bench.settle-limit", "PT2M"));
            for (Arm arm : List.of(vanilla, ours)) {
                Map<Integer, String> ids = arm == vanilla ? vanillaIds : ourIds;
                LoadDriver.WarmedUp warmed =
                        driver.warmUntilSettled(arm, workloads, targets(people, ids, caller), 4, settleLimit);
                String line = String.format(
                        "Warm-up of %s, all workloads in turn at 4 clients: %d s, %.0f s of it compiling, %s.",
                        arm.name(),
                        warmed.took().toSeconds(),
                        warmed.compilerSeconds(),
                        warmed.settled()
                                ? "its compilers quiet (under 2% of a core) over the last cycle"
                                : "still compiling when the limit of " + settleLimit + " was reached");
                System.out.println(line);
                report.note(line);
            }
            for (int round = 1; round <= rounds; round++) {
                for (Workload workload : workloads) {
                    for (int each : clients) {
                        for (Arm arm : List.of(vanilla, ours)) {
                            Map<Integer, String> ids = arm == vanilla ? vanillaIds : ourIds;
                            LoadDriver.Result result = driver.run(arm, workload, targets(people, ids, caller), each);
                            report.add(workload.name(), each, arm.name(), result);
                            System.out.printf(
                                    "round %d %-10s %2d clients %-8s %8.1f req/s p95 %7.1f ms%n",
                                    round, workload.key(), each, arm.name(), result.throughput(), result.millis(95));
                        }
                    }
                }
            }
            String markdown = report.markdown("vanilla", "ours");
            Path output = ROOT.resolve("bench/target/bench-" + size + "-" + stamp + ".md");
            Files.writeString(output, markdown);
            System.out.println();
            System.out.println(markdown);
            System.out.println("Written to " + output);
        }
        System.exit(0);
    }

    private static List<String> ourArguments(String database, KeycloakTestServer keycloak, Path logs) {
        return List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + counted(database),
                "--spring.datasource.driver-class-name=" + CountingDriver.class.getName(),
                "--workspace.security.token.issuer=" + keycloak.issuer(),
                "--workspace.sample-data.enabled=true",
                "--workspace.sample-data.directory=" + ROOT.resolve("config/sample-data"),
                "--workspace.access.sharing-agreement="
                        + ROOT.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"),
                "--workspace.data-dir=" + logs.resolve("data"),
                "--workspace.fhir.max-request-size=50MB",
                "--logging.level.root=warn");
    }

    /** The database's URL through the counting driver, so that both arms' statements are counted alike. */
    private static String counted(String database) {
        return CountingDriver.PREFIX + database.substring("jdbc:".length());
    }

    /** Where the counting driver's class is, for fhir-server's launcher to load it beside its own. */
    private static String benchClasses() throws Exception {
        return Path.of(CountingDriver.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }

    private static Workload.Targets targets(List<Person> people, Map<Integer, String> ids, Organisation caller) {
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (Person person : people) {
            (person.isRelatedTo(caller) ? on : off).add(ids.get(person.number()));
        }
        return new Workload.Targets(on, off);
    }

    /** fhir-server loads the sample neighbourhood itself at start; the vanilla arm is sent the same bundles. */
    private static void loadSampleNeighbourhood(Arm vanilla) throws Exception {
        List<Path> bundles;
        try (Stream<Path> files = Files.list(ROOT.resolve("config/sample-data"))) {
            bundles = files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        for (Path bundle : bundles) {
            var response = vanilla.post("", datesFromToday(Files.readString(bundle)), null);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "vanilla HAPI refused " + bundle.getFileName() + ": " + response.body());
            }
        }
    }

    /** The sample bundles' {@code {{today±N}}} placeholders as dates, as fhir-server's loader reads them. */
    static String datesFromToday(String bundle) {
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{\\{today(?:([+-])(\\d{1,5}))?}}")
                .matcher(bundle);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            long days = placeholder.group(2) == null ? 0 : Long.parseLong(placeholder.group(2));
            placeholder.appendReplacement(
                    text, ("-".equals(placeholder.group(1)) ? today.minusDays(days) : today.plusDays(days)).toString());
        }
        placeholder.appendTail(text);
        return text.toString();
    }

    private static String nameOf(String databaseUrl) {
        return databaseUrl.substring(POSTGRES.length());
    }

    private static String createDatabase(String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return POSTGRES + name;
    }
}
