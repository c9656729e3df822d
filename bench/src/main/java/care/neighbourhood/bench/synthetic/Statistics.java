package care.neighbourhood.bench.synthetic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fresh planner statistics for one arm's database while it is loaded, as autovacuum keeps them on a
 * server where it runs. Without them PostgreSQL goes on planning for the nearly empty tables it last
 * analysed (the benchmark machine's PostgreSQL runs with autovacuum off): lookups that should use an
 * index scan whole tables, and each bundle costs more than the one before. The database is analysed
 * whenever the number of people loaded has grown by a quarter since it last was, so the estimates are
 * never far behind, at a few dozen analyses for a city.
 */
public final class Statistics {

    private static final double GROWTH = 1.25;
    private static final int FIRST_AFTER = 100;

    private final String database;
    private int nextAt = FIRST_AFTER;

    /** @param database the JDBC URL of the arm's database, as the {@code postgres} user reaches it */
    public Statistics(String database) {
        this.database = database;
    }

    /** Analyses the database when {@code loaded} has passed the next mark; safe from several threads. */
    public synchronized void loaded(int loaded) {
        if (loaded < nextAt) {
            return;
        }
        analyze(database);
        nextAt = Math.max(loaded + 1, (int) Math.ceil(loaded * GROWTH));
    }

    /** ANALYZE of the whole database. */
    public static void analyze(String database) {
        try (Connection connection = DriverManager.getConnection(database, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("analyze");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not analyse " + database + ": " + e.getMessage(), e);
        }
    }
}
