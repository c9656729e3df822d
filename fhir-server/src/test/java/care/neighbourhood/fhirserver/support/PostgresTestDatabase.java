package care.neighbourhood.fhirserver.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A fresh database on the local PostgreSQL server for this test run, dropped when the JVM exits.
 * The server is taken from {@code workspace.test.postgres.url} (default 127.0.0.1:5432, user
 * postgres, trust authentication). If it cannot be reached the tests fail, naming the server.
 */
public final class PostgresTestDatabase {

    private static final String SERVER =
            System.getProperty("workspace.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getProperty("workspace.test.postgres.user", "postgres");
    private static final String PASSWORD = System.getProperty("workspace.test.postgres.password", "");
    private static PostgresTestDatabase shared;

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    public static synchronized PostgresTestDatabase shared() {
        if (shared == null) {
            shared = created("test");
        }
        return shared;
    }

    /**
     * A database of its own for a suite whose writes no other suite must see (the fuzzer's), made once
     * per test JVM for each {@code purpose} and dropped when the JVM ends.
     */
    public static synchronized PostgresTestDatabase ofItsOwn(String purpose) {
        return OWN.computeIfAbsent(purpose, PostgresTestDatabase::created);
    }

    private static final java.util.Map<String, PostgresTestDatabase> OWN = new java.util.HashMap<>();

    private static PostgresTestDatabase created(String purpose) {
        String name = "neighbourhood_" + purpose + "_"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "_"
                + ProcessHandle.current().pid();
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            afterTheServersHaveStopped();
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }));
        return new PostgresTestDatabase(name);
    }

    /**
     * The JVM runs its shutdown hooks at the same time, and Spring closes the tests' servers in one of
     * its own. A database dropped under a server that is still stopping left HAPI's scheduled jobs
     * waiting for connections, its scheduler waiting for those jobs, and the test JVM's exit taking so
     * long that the build killed it. Waits (a while at most) for Spring's hook to finish first.
     */
    private static void afterTheServersHaveStopped() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (SPRING_SHUTDOWN_HOOK.equals(thread.getName()) && thread != Thread.currentThread()) {
                try {
                    thread.join(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static final String SPRING_SHUTDOWN_HOOK = "SpringApplicationShutdownHook";

    public String jdbcUrl() {
        return SERVER + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + SERVER + " (user " + USER + ") is needed for this test and failed: "
                            + e.getMessage(),
                    e);
        }
    }
}
