package care.neighbourhood.bench.portal;

import care.neighbourhood.bench.drive.Arm;
import care.neighbourhood.bench.drive.ServerProcess;
import care.neighbourhood.bench.synthetic.Loader;
import care.neighbourhood.bench.synthetic.Statistics;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import care.neighbourhood.testkit.KeycloakTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server time and FHIR calls of the team portal's caseload ({@code /}), triage board ({@code /tasks})
 * and person's page ({@code /people/{id}}) with the synthetic neighbourhood loaded (size M: 10,000
 * people, 50,000 Tasks), for a member of staff with {@value PortalCaseload#TARGET} of them on their
 * caseload ({@link PortalCaseload}).
 *
 * <p>fhir-server runs on a PostgreSQL database of its own that is loaded once, through the FHIR API,
 * and reused by later runs (marked as loaded by a comment on the database); the portal runs beside it
 * and the user signs in through the portal's real OIDC flow at the shared Keycloak. After a warm-up,
 * every page variant is requested in turn, one request at a time; a page's time is from sending the
 * request to the last byte of the answer, on this machine (so the portal's and fhir-server's time
 * together); its FHIR calls are the lines fhir-server's access log gained meanwhile ({@link FhirCallLog}).
 * Writes {@code docs/benchmarks/portal-pages-<size>-<date>.md}. Not a test: it asserts nothing.
 *
 * <p>Settings (system properties): {@code bench.size} (M), {@code bench.portal.database}
 * ({@code pages_portal_<size>}), {@code bench.portal.requests} per variant (20), {@code
 * bench.portal.warm-up} rounds of every variant (3), {@code bench.portal.people} different people's pages
 * (8), {@code bench.portal.variants} URLs each of the caseload and the board (5, the first that many of
 * a fixed list), {@code bench.portal.fhir-port} (18280), {@code bench.portal.port} (8081: the realm lets the
 * portal's client return only to 8081 and 18081), {@code bench.portal.jvm} (JVM flags of the portal,
 * space-separated), {@code bench.portal.fhir-server-jar} and {@code bench.portal.team-portal-jar} (the
 * built jars), {@code bench.portal.output} (the report's path), {@code bench.portal.note} (a line for
 * the report, e.g. what was measured), {@code bench.root}.
 */
public final class PortalPageTimes {

    private static final Path ROOT = root();
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Pattern PERSON_LINK = Pattern.compile("href=\"/people/([A-Za-z0-9\\-.]+)\"");
    private static final Pattern PAGES = Pattern.compile("page 1 of (\\d+)");
    private static final Pattern BOARD_COUNT = Pattern.compile("(\\d+) tasks?: ");

    /** One URL of a page, and what was measured for it. */
    private record Variant(
            String page,
            String path,
            List<Long> nanos,
            List<Integer> calls,
            List<Long> fhirMillis,
            Map<String, Integer> kinds) {
        Variant(String page, String path) {
            this(page, path, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new TreeMap<>());
        }
    }

    private PortalPageTimes() {}

    public static void main(String[] args) throws Exception {
        SyntheticNeighbourhood.Size size = SyntheticNeighbourhood.Size.valueOf(System.getProperty("bench.size", "M"));
        String database = System.getProperty(
                "bench.portal.database", "pages_portal_" + size.name().toLowerCase());
        int requests = Integer.getInteger("bench.portal.requests", 20);
        int warmUp = Integer.getInteger("bench.portal.warm-up", 3);
        int peoplePages = Integer.getInteger("bench.portal.people", 8);
        int variantsPerPage = Integer.getInteger("bench.portal.variants", 5);
        int fhirPort = Integer.getInteger("bench.portal.fhir-port", 18280);
        int portalPort = Integer.getInteger("bench.portal.port", 8081);

        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path run = ROOT.resolve("bench/target/portal-pages-" + stamp);
        Files.createDirectories(run);
        // Both run from copies: a build that replaces a jar mid-run would take its classes away.
        Path fhirJar = copy(
                Path.of(System.getProperty(
                        "bench.portal.fhir-server-jar",
                        ROOT.resolve("fhir-server/target/fhir-server-0.1.0-SNAPSHOT.jar")
                                .toString())),
                run);
        Path portalJar = copy(
                Path.of(System.getProperty(
                        "bench.portal.team-portal-jar",
                        ROOT.resolve("team-portal/target/team-portal-0.1.0-SNAPSHOT.jar")
                                .toString())),
                run);

        System.out.println("Keycloak …");
        KeycloakTestServer keycloak = KeycloakTestServer.shared();
        SyntheticNeighbourhood neighbourhood = new SyntheticNeighbourhood(size);
        List<Person> people = neighbourhood.people();
        String loadedMark = "portal-pages " + size + " loaded";
        boolean loaded = prepareDatabase(database, loadedMark);
        Path accessLog = run.resolve("fhir-access.log");

        System.out.printf("fhir-server on database %s%s …%n", database, loaded ? " (loaded before)" : "");
        try (ServerProcess fhir = ServerProcess.start(
                "fhir-server",
                List.of("-jar", fhirJar.toString()),
                fhirArguments(database, keycloak, run, accessLog, !loaded),
                fhirPort,
                run.resolve("fhir-server.log"))) {
            if (!loaded) {
                Arm arm = new Arm("ours", fhir.base(), fhir, keycloak::userToken);
                System.out.printf("Loading %,d synthetic people …%n", people.size());
                Map<Integer, String> ids =
                        new Loader(System.out).load(arm, people, new Statistics(POSTGRES + database));
                System.out.printf(
                        "Giving %s a caseload of %,d …%n", PortalCaseload.USER, PortalCaseload.caseloadSize(people));
                PortalCaseload.topUp(arm, people, ids);
                analyzeAndMark(database, loadedMark);
            }
            try (PortalProcess portal = PortalProcess.start(
                    portalJar, portalPort, fhir.base(), keycloak.issuer(), run.resolve("team-portal.log"))) {
                String markdown = measure(
                        portal.base(),
                        accessLog,
                        size,
                        people,
                        requests,
                        warmUp,
                        peoplePages,
                        variantsPerPage,
                        database,
                        stamp);
                Path output = Path.of(System.getProperty(
                        "bench.portal.output",
                        ROOT.resolve("docs/benchmarks/portal-pages-" + size + "-" + LocalDate.now() + ".md")
                                .toString()));
                Files.createDirectories(output.getParent());
                Files.writeString(output, markdown);
                System.out.println();
                System.out.println(markdown);
                System.out.println("Written to " + output + "; logs in " + run);
            }
        }
        System.exit(0);
    }

    private static String measure(
            String portal,
            Path accessLog,
            SyntheticNeighbourhood.Size size,
            List<Person> people,
            int requests,
            int warmUp,
            int peoplePages,
            int variantsPerPage,
            String database,
            String stamp)
            throws Exception {
        System.out.println("Signing in as " + PortalCaseload.USER + " …");
        PortalSession session = PortalSession.signIn(portal, PortalCaseload.USER, KeycloakTestServer.PASSWORD);
        FhirCallLog calls = new FhirCallLog(accessLog);

        String caseloadPage = session.get("/").body();
        String caseloadPages = first(PAGES, caseloadPage, "?");
        String boardPage = session.get("/tasks?scope=team").body();
        String boardTasks = first(BOARD_COUNT, boardPage, "?");
        // Different people: a few from each of several orders and pages of the caseload.
        Set<String> personIds = new LinkedHashSet<>();
        List<String> listings = List.of("/", "/?sort=open", "/?page=40", "/?sort=age&page=7");
        int each = (peoplePages + listings.size() - 1) / listings.size();
        for (String path : listings) {
            Matcher link = PERSON_LINK.matcher(session.get(path).body());
            int taken = 0;
            while (taken < each && personIds.size() < peoplePages && link.find()) {
                if (personIds.add(link.group(1))) {
                    taken++;
                }
            }
        }

        List<Variant> variants = new ArrayList<>();
        for (String path : List.of(
                        "/", "/?sort=open", "/?page=2", "/?tasks=unclaimed&sort=unclaimed&page=3", "/?q=Bench12")
                .subList(0, variantsPerPage)) {
            variants.add(new Variant("caseload", path));
        }
        for (String path : List.of(
                        "/tasks",
                        "/tasks?scope=team&page=5",
                        "/tasks?scope=team",
                        "/tasks?scope=unassigned&priority=urgent",
                        "/tasks?scope=organisation&status=in-progress&page=2")
                .subList(0, variantsPerPage)) {
            variants.add(new Variant("board", path));
        }
        for (String id : personIds) {
            variants.add(new Variant("person", "/people/" + id));
        }
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));
        variants.add(new Variant("dashboard", "/dashboard"));
        variants.add(new Variant("dashboard", "/dashboard?from=" + today.minusDays(365) + "&to=" + today));
        String meeting = TeamMeeting.schedule(session, today.plusDays(1));
        variants.add(new Variant("meetings", "/meetings"));
        variants.add(new Variant("meeting", meeting));
        variants.add(new Variant("meeting", meeting + "/summary"));

        System.out.printf("Warming up: %d rounds of %d pages …%n", warmUp, variants.size());
        for (int round = 0; round < warmUp; round++) {
            for (Variant variant : variants) {
                check(session.get(variant.path()), variant.path());
            }
        }
        calls.skip();
        System.out.printf("Measuring: %d rounds of %d pages …%n", requests, variants.size());
        for (int round = 0; round < requests; round++) {
            for (Variant variant : variants) {
                long started = System.nanoTime();
                HttpResponse<String> response = session.get(variant.path());
                long took = System.nanoTime() - started;
                check(response, variant.path());
                List<FhirCallLog.Call> made = calls.since();
                variant.nanos().add(took);
                variant.calls().add(made.size());
                variant.fhirMillis()
                        .add(made.stream().mapToLong(FhirCallLog.Call::millis).sum());
                if (round == 0) {
                    made.forEach(call -> variant.kinds().merge(call.kind(), 1, Integer::sum));
                }
            }
            System.out.printf("\r  round %d/%d   ", round + 1, requests);
            System.out.flush();
        }
        System.out.println();
        return report(variants, size, people, requests, warmUp, caseloadPages, boardTasks, database, stamp);
    }

    private static String report(
            List<Variant> variants,
            SyntheticNeighbourhood.Size size,
            List<Person> people,
            int requests,
            int warmUp,
            String caseloadPages,
            String boardTasks,
            String database,
            String stamp) {
        StringBuilder text = new StringBuilder("# Team portal pages, size " + size + "\n\n");
        long tasks = people.stream().mapToLong(person -> person.tasks().size()).sum();
        text.append(String.format(
                Locale.UK,
                "Synthetic neighbourhood %s (%,d people, %,d Tasks) plus the sample neighbourhood, in fhir-server"
                        + " on PostgreSQL (database `%s`), loaded through the FHIR API. Signed in to the portal as"
                        + " `%s` (%s) through the portal's OIDC flow at Keycloak; %,d synthetic people on the"
                        + " caseload (`PortalCaseload`): the caseload page shows %s pages of 25 people, the board"
                        + " (whole team) %s open tasks. %d warm-up rounds, then %d rounds of every variant below, one"
                        + " request at a time, variants interleaved; started %s on this machine (%d cores), portal and"
                        + " fhir-server on it too.%n%n",
                size,
                people.size(),
                tasks,
                database,
                PortalCaseload.USER,
                PortalCaseload.ORGANISATION.id(),
                PortalCaseload.caseloadSize(people),
                caseloadPages,
                boardTasks,
                warmUp,
                requests,
                stamp,
                Runtime.getRuntime().availableProcessors()));
        String note = System.getProperty("bench.portal.note", "");
        if (!note.isBlank()) {
            text.append(note).append("\n\n");
        }
        text.append("Time: from sending the request to the last byte of the page, at the client on the same"
                + " machine (portal and fhir-server together). FHIR calls: requests fhir-server's access log"
                + " recorded while the page was served; fhir-server ms: the time fhir-server's access log gives"
                + " those calls, summed (p50).\n\n");
        text.append("## By page\n\n| page | requests | p50 ms | p95 ms | max ms | FHIR calls per page |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        Map<String, List<Variant>> byPage = new LinkedHashMap<>();
        variants.forEach(variant ->
                byPage.computeIfAbsent(variant.page(), k -> new ArrayList<>()).add(variant));
        for (Map.Entry<String, List<Variant>> page : byPage.entrySet()) {
            List<Long> nanos = new ArrayList<>();
            List<Integer> calls = new ArrayList<>();
            page.getValue().forEach(variant -> {
                nanos.addAll(variant.nanos());
                calls.addAll(variant.calls());
            });
            text.append(String.format(
                    Locale.UK,
                    "| %s | %d | %.0f | %.0f | %.0f | %s |%n",
                    label(page.getKey()),
                    nanos.size(),
                    millis(nanos, 50),
                    millis(nanos, 95),
                    millis(nanos, 100),
                    range(calls)));
        }
        text.append("\n## By variant\n\n| page | URL | p50 ms | p95 ms | FHIR calls | fhir-server ms (p50) |"
                + " calls (first measured request) |\n|---|---|---:|---:|---|---:|---|\n");
        for (Variant variant : variants) {
            text.append(String.format(
                    Locale.UK,
                    "| %s | `%s` | %.0f | %.0f | %s | %d | %s |%n",
                    label(variant.page()),
                    variant.path(),
                    millis(variant.nanos(), 50),
                    millis(variant.nanos(), 95),
                    range(variant.calls()),
                    percentile(variant.fhirMillis(), 50),
                    variant.kinds().entrySet().stream()
                            .map(kind -> kind.getValue() + " × `" + kind.getKey() + "`")
                            .reduce((a, b) -> a + "; " + b)
                            .orElse("none")));
        }
        text.append("\nReproduce: `./mvnw -q -ntp -Pbench -pl fhir-server,team-portal,bench -am install -DskipTests`"
                + " then `./mvnw -q -ntp -Pbench -pl bench exec:java"
                + " -Dexec.mainClass=care.neighbourhood.bench.portal.PortalPageTimes` (the first run loads the"
                + " database, several minutes; later runs reuse it).\n");
        return text.toString();
    }

    private static String label(String page) {
        return switch (page) {
            case "caseload" -> "caseload `/`";
            case "board" -> "triage board `/tasks`";
            case "dashboard" -> "team dashboard `/dashboard` (4 weeks, a year)";
            case "meetings" -> "team meetings `/meetings`";
            case "meeting" -> "a meeting of " + TeamMeeting.PEOPLE + " people `/meetings/{id}`, its summary";
            default -> "person's page `/people/{id}`";
        };
    }

    private static String range(List<Integer> calls) {
        int min = calls.stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = calls.stream().mapToInt(Integer::intValue).max().orElse(0);
        return min == max ? Integer.toString(min) : min + "–" + max;
    }

    private static double millis(List<Long> nanos, int percentile) {
        return percentile(nanos, percentile) / 1e6;
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static void check(HttpResponse<String> response, String path) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
    }

    private static String first(Pattern pattern, String text, String otherwise) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : otherwise;
    }

    private static List<String> fhirArguments(
            String database, KeycloakTestServer keycloak, Path run, Path accessLog, boolean sampleData) {
        return List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + POSTGRES + database,
                "--workspace.security.token.issuer=" + keycloak.issuer(),
                "--workspace.sample-data.enabled=" + sampleData,
                "--workspace.sample-data.directory=" + ROOT.resolve("config/sample-data"),
                "--workspace.access.sharing-agreement="
                        + ROOT.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"),
                "--workspace.data-dir=" + run.resolve("data"),
                "--workspace.fhir.max-request-size=50MB",
                "--logging.level.root=warn",
                "--server.tomcat.accesslog.enabled=true",
                "--server.tomcat.accesslog.directory=" + accessLog.getParent(),
                "--server.tomcat.accesslog.prefix="
                        + accessLog.getFileName().toString().replace(".log", ""),
                "--server.tomcat.accesslog.suffix=.log",
                "--server.tomcat.accesslog.rotate=false",
                "--server.tomcat.accesslog.buffered=false",
                "--server.tomcat.accesslog.pattern=" + FhirCallLog.PATTERN);
    }

    /**
     * Creates the database if it does not exist; says whether it holds a finished load. A database
     * that exists without the mark is a load that did not finish: it is left alone.
     */
    private static boolean prepareDatabase(String database, String mark) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
            try (PreparedStatement query = connection.prepareStatement(
                    "select shobj_description(oid, 'pg_database') from pg_database where datname = ?")) {
                query.setString(1, database);
                try (ResultSet found = query.executeQuery()) {
                    if (found.next()) {
                        if (mark.equals(found.getString(1))) {
                            return true;
                        }
                        throw new IllegalStateException("Database " + database + " exists but holds no finished load"
                                + " (\"" + mark + "\"): drop it, or choose another with -Dbench.portal.database");
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("create database " + database);
            }
            return false;
        }
    }

    private static void analyzeAndMark(String database, String mark) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("analyze");
            statement.execute("comment on database " + database + " is '" + mark + "'");
        }
    }

    private static Path copy(Path built, Path run) throws IOException {
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("Build it first: " + built + " is missing");
        }
        return Files.copy(built, run.resolve(built.getFileName()));
    }

    /** {@code bench.root}, else the nearest folder above the working directory that holds {@code mvnw}. */
    private static Path root() {
        String configured = System.getProperty("bench.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the workspace root; set -Dbench.root");
        }
        return dir;
    }

    /** The team portal as a process of its own, pointed at the measured fhir-server and Keycloak. */
    private static final class PortalProcess implements AutoCloseable {

        private final Process process;
        private final int port;

        private PortalProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static PortalProcess start(Path jar, int port, String fhirBase, String issuer, Path log)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String flag : System.getProperty("bench.portal.jvm", "-Xms512m -Xmx1g -XX:+UseG1GC")
                    .trim()
                    .split("\\s+")) {
                if (!flag.isEmpty()) {
                    command.add(flag);
                }
            }
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--workspace.fhir.base-url=" + fhirBase,
                    "--workspace.keycloak.issuer=" + issuer));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PortalProcess portal = new PortalProcess(process, port);
            portal.awaitHealthy(Duration.ofMinutes(2), log);
            return portal;
        }

        String base() {
            return "http://localhost:" + port;
        }

        private void awaitHealthy(Duration limit, Path log) throws InterruptedException {
            HttpClient http = HttpClient.newHttpClient();
            long until = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < until) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the portal stopped while starting; see " + log);
                }
                try {
                    if (http.send(
                                            HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("the portal did not start within " + limit + "; see " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
