package care.neighbourhood.fhirserver.benchmark;

import care.neighbourhood.fhirserver.FhirServerApplication;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Audit queries at one million AuditEvents on PostgreSQL: the server on a new database, a year of
 * generated audit history (1,000,000 events over 200 staff, 5 organisations and 5,000 people), then
 * each question an information-governance officer asks, through the API, timed.
 *
 * <pre>
 * ./mvnw -q -pl fhir-server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=care.neighbourhood.fhirserver.benchmark.AuditQueryBenchmark
 * </pre>
 *
 * Not a test: it asserts nothing and is not run by the build.
 */
public final class AuditQueryBenchmark {

    private static final int EVENTS = Integer.getInteger("benchmark.events", 1_000_000);
    private static final int REPEATS = 20;
    private static final Path ROOT = Files.isDirectory(Path.of("config"))
            ? Path.of("").toAbsolutePath()
            : Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String database = "nw_audit_benchmark_" + System.currentTimeMillis();
        try (Connection admin =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + database);
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FhirServerApplication.class)
                .profiles("test", "postgres")
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--workspace.security.token.additional-trusted-keys=" + TestTokens.TRUSTED.publicJwkSet(),
                        "--logging.level.root=warn",
                        "--workspace.sample-data.directory=" + ROOT.resolve("config/sample-data"),
                        "--workspace.access.sharing-agreement="
                                + ROOT.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"));
        try {
            long loadStart = System.nanoTime();
            generateHistory(url);
            System.out.printf("Generated %,d audit events in %.0f s%n", EVENTS, (System.nanoTime() - loadStart) / 1e9);

            String base = "http://localhost:"
                    + ((WebServerApplicationContext) context).getWebServer().getPort() + "/fhir";
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Map<String, String> questions = new LinkedHashMap<>();
            questions.put("by person (patient=)", "/AuditEvent?patient=Patient/person-1234&_count=50");
            questions.put("by agent (Practitioner)", "/AuditEvent?agent=Practitioner/staff-17&_count=50");
            questions.put(
                    "by organisation, last 30 days",
                    "/AuditEvent?agent=Organization/city-council-asc&date=ge" + today.minusDays(30) + "&_count=50");
            questions.put(
                    "date range (one week)",
                    "/AuditEvent?date=ge" + today.minusDays(60) + "&date=lt" + today.minusDays(53) + "&_count=50");
            questions.put("outcome (refused)", "/AuditEvent?outcome=4&_count=50");
            questions.put(
                    "denied, last 30 days", "/AuditEvent?denied=true&date=ge" + today.minusDays(30) + "&_count=50");
            questions.put("purpose (BTG)", "/AuditEvent?purpose=BTG&_count=50");
            questions.put(
                    "person + date range",
                    "/AuditEvent?patient=Patient/person-1234&date=ge" + today.minusDays(90) + "&_count=50");
            questions.put(
                    "cross-boundary, 30 days by week",
                    "/AuditEvent/$cross-boundary?from=" + today.minusDays(30) + "&to=" + today + "&period=week");
            String officer = TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");
            System.out.printf(
                    "%n%-36s %10s %10s %10s%n", "question (page of 50, with total)", "median ms", "p95 ms", "max ms");
            for (Map.Entry<String, String> question : questions.entrySet()) {
                get(base + question.getValue(), officer); // warm
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < REPEATS; i++) {
                    long start = System.nanoTime();
                    get(base + question.getValue(), officer);
                    times.add((System.nanoTime() - start) / 1e6);
                }
                Collections.sort(times);
                System.out.printf(
                        "%-36s %10.1f %10.1f %10.1f%n",
                        question.getKey(),
                        times.get(REPEATS / 2),
                        times.get((int) Math.ceil(REPEATS * 0.95) - 1),
                        times.get(REPEATS - 1));
            }
            System.out.printf(
                    "%nDatabase %s kept for inspection; drop it with: dropdb -h 127.0.0.1 -U postgres %s%n",
                    database, database);
        } finally {
            context.close();
        }
        System.exit(0);
    }

    /**
     * A year of history: one event every ~30 seconds, mostly reads by 200 staff of five organisations
     * about 5,000 people; 2% refused, 1% break-glass; each allowed event concerns one person.
     */
    private static void generateHistory(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("insert into nw_audit_event (id, recorded, request_id, interaction, action, outcome,"
                    + " http_status, outcome_desc, purpose, agent_subject, agent_practitioner, agent_name, agent_roles,"
                    + " organisation, sector, client_id, client_address, resource_ref, query_string)"
                    + " select md5('e' || i), now() at time zone 'utc' - (i * interval '31 seconds'), 'bench-' || i,"
                    + " case when i % 4 = 0 then 'search-type' else 'read' end, 'R',"
                    + " case when i % 50 = 0 then 4 else 0 end, case when i % 50 = 0 then 403 else 200 end,"
                    + " case when i % 50 = 0 then '403 Access denied.' else '200 OK' end,"
                    + " case when i % 100 = 1 then 'BTG' when i % 5 >= 3 then 'CAREMGT' else 'TREAT' end,"
                    + " 'http://localhost:8180/realms/neighbourhood|' || (i % 200),"
                    + " 'Practitioner/staff-' || (i % 200), 'staff.' || (i % 200), 'community-nurse',"
                    + " (array['riverside-practice','northbank-community','northbank-mental-health',"
                    + "'city-council-asc','age-well'])[i % 5 + 1],"
                    + " (array['health','health','health','social-care','voluntary'])[i % 5 + 1],"
                    + " 'team-portal', '10.0.0.' || (i % 250), 'Patient/person-' || (i % 5000),"
                    + " case when i % 4 = 0 then 'patient=Patient/person-' || (i % 5000) end"
                    + " from generate_series(1, " + EVENTS + ") as i");
            statement.execute("insert into nw_audit_person (event_id, person_id, recorded, basis,"
                    + " accessing_organisation, accessing_sector, data_organisation, data_sector)"
                    + " select id, substring(resource_ref from 9), recorded,"
                    + " 'relationship CareTeam/' || (length(resource_ref) * 7) || '; agreement northbank-neighbourhood v1 coordination',"
                    + " organisation, sector,"
                    + " case when length(resource_ref) % 2 = 0 then 'riverside-practice' else 'city-council-asc' end,"
                    + " case when length(resource_ref) % 2 = 0 then 'health' else 'social-care' end"
                    + " from nw_audit_event where http_status = 200 and request_id like 'bench-%'");
            statement.execute("analyze nw_audit_event");
            statement.execute("analyze nw_audit_person");
        }
    }

    private static void get(String url, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
