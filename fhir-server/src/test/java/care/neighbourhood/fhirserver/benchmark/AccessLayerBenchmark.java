package care.neighbourhood.fhirserver.benchmark;

import care.neighbourhood.fhirserver.FhirServerApplication;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the access layer and the audit trail cost: the same server on the same sample data, in one
 * run, without access rules or audit, with the rules, and with rules and audit. Reports requests per
 * second for a read (one client, and several at once, where audit records share commits) and for a
 * worklist-style search (with {@code _include}), their ratios, and the SQL statements each request
 * prepares.
 *
 * <pre>
 * ./mvnw -q -pl fhir-server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=care.neighbourhood.fhirserver.benchmark.AccessLayerBenchmark [-Dbenchmark.database=postgres]
 * </pre>
 *
 * Not a test: it asserts nothing and is not run by the build.
 */
public final class AccessLayerBenchmark {

    private static final int WARM_UP = 100;
    private static final int READS = 600;
    private static final int SEARCHES = 100;
    private static final AtomicLong STATEMENTS = new AtomicLong();
    /** The repository root, whether run from it or from fhir-server/. */
    static final java.nio.file.Path ROOT = java.nio.file.Files.isDirectory(java.nio.file.Path.of("config"))
            ? java.nio.file.Path.of("").toAbsolutePath()
            : java.nio.file.Path.of("..").toAbsolutePath().normalize();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Figures(
            double readsPerSecond,
            double searchesPerSecond,
            double sqlPerRead,
            double sqlPerSearch,
            double concurrentReadsPerSecond) {}

    public static void main(String[] args) throws Exception {
        Figures bare = measure(false, false);
        Figures rules = measure(true, false);
        Figures audited = measure(true, true);
        System.out.printf("%n%s%n", "Access layer (audit off in both)");
        System.out.printf("%-40s %12s %12s %8s%n", "", "rules off", "rules on", "on/off");
        row("reads per second (Patient/{id})", bare.readsPerSecond, rules.readsPerSecond);
        row("searches per second (CareTeam)", bare.searchesPerSecond, rules.searchesPerSecond);
        row("SQL statements per read", bare.sqlPerRead, rules.sqlPerRead);
        row("SQL statements per search", bare.sqlPerSearch, rules.sqlPerSearch);
        System.out.printf("%n%s%n", "Audit trail (access rules on in both)");
        System.out.printf("%-40s %12s %12s %8s%n", "", "audit off", "audit on", "on/off");
        row("reads per second, 1 client", rules.readsPerSecond, audited.readsPerSecond);
        row(
                "reads per second, " + CLIENTS + " clients",
                rules.concurrentReadsPerSecond,
                audited.concurrentReadsPerSecond);
        row("searches per second (CareTeam)", rules.searchesPerSecond, audited.searchesPerSecond);
        row("SQL statements per read", rules.sqlPerRead, audited.sqlPerRead);
        System.out.printf("%nDatabase: %s%n", DATABASE);
        System.exit(0);
    }

    private static void row(String name, double off, double on) {
        System.out.printf("%-40s %12.1f %12.1f %8.2f%n", name, off, on, on / off);
    }

    private static Figures measure(boolean enforce, boolean audit) throws Exception {
        String database = database(enforce + "-" + audit);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FhirServerApplication.class)
                .profiles(DATABASE.equals("postgres") ? new String[] {"test", "postgres"} : new String[] {"test"})
                .initializers(ctx -> ctx.getBeanFactory().addBeanPostProcessor(new CountingDataSources()))
                // Command-line arguments, so that they win over the test profile's settings.
                .run(
                        "--server.port=0",
                        "--workspace.access.enforce=" + enforce,
                        "--workspace.audit.enabled=" + audit,
                        "--workspace.security.token.additional-trusted-keys=" + TestTokens.TRUSTED.publicJwkSet(),
                        "--spring.datasource.url=" + database,
                        "--logging.level.root=warn",
                        "--workspace.sample-data.directory=" + ROOT.resolve("config/sample-data"),
                        "--workspace.access.sharing-agreement="
                                + ROOT.resolve("config/sharing/neighbourhood-sharing-agreement.yaml"));
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String base = "http://localhost:" + port + "/fhir";
            String token = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
            String patient = firstId(get(base + "/Patient?family=Ellis&_elements=id", token));
            String read = base + "/Patient/" + patient;
            String search = base + "/CareTeam?status=active&_count=20&_include=CareTeam:subject";

            for (int i = 0; i < WARM_UP; i++) {
                get(read, token);
                get(search, token);
            }
            double reads = rate(read, token, READS);
            double searches = rate(search, token, SEARCHES);
            double concurrentReads = concurrentRate(read, token, READS * 2);
            // A fresh token: test tokens live five minutes.
            token = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
            return new Figures(
                    reads, searches, statementsPer(read, token, 50), statementsPer(search, token, 20), concurrentReads);
        } finally {
            context.close();
        }
    }

    private static final int CLIENTS = 8;
    /** {@code -Dbenchmark.database=postgres} measures on PostgreSQL (127.0.0.1:5432), each run on a new database. */
    static final String DATABASE = System.getProperty("benchmark.database", "h2");

    static String database(String name) throws Exception {
        if (!DATABASE.equals("postgres")) {
            return "jdbc:h2:mem:benchmark-" + name + ";DB_CLOSE_DELAY=-1;MODE=LEGACY;LOCK_TIMEOUT=10000";
        }
        String database = "nw_benchmark_" + name.replace('-', '_') + "_" + System.currentTimeMillis();
        try (Connection connection = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    private static double concurrentRate(String url, String token, int count) throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(count);
        long start = System.nanoTime();
        java.util.List<java.util.concurrent.Future<Object>> done = new java.util.ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            done.add(clients.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    get(url, token);
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<Object> each : done) {
            each.get();
        }
        clients.shutdown();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    static double rate(String url, String token, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            get(url, token);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double statementsPer(String url, String token, int count) throws Exception {
        STATEMENTS.set(0);
        for (int i = 0; i < count; i++) {
            get(url, token);
        }
        return STATEMENTS.get() / (double) count;
    }

    static String get(String url, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String firstId(String bundle) {
        return bundle.replaceAll("(?s).*\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\".*", "$1");
    }

    /** Wraps the data source so that every statement a connection prepares is counted. */
    private static final class CountingDataSources implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof DataSource dataSource)) {
                return bean;
            }
            return Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        Object result = invoke(dataSource, method, args);
                        return result instanceof Connection connection ? counting(connection) : result;
                    });
        }

        private static Connection counting(Connection connection) {
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.equals("prepareStatement")
                                || name.equals("prepareCall")
                                || name.equals("createStatement")) {
                            STATEMENTS.incrementAndGet();
                        }
                        return invoke(connection, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
