package care.neighbourhood.bench.drive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time PostgreSQL spends on one arm's database: the backends connected to it, found in
 * {@code pg_stat_activity} and read from {@code /proc} (PostgreSQL runs on this machine). A server's
 * own CPU leaves out what its statements cost the database, and on a machine of two cores the
 * database's share decides throughput as much as the server's.
 *
 * <p>Measured as the growth between two readings of the backends alive at the second; a backend that
 * ended in between is left out (the servers keep their pools' connections open), one that started in
 * between is counted whole. The database's shared processes (WAL writer, checkpointer) belong to no
 * arm and are not counted.
 */
public final class DatabaseCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat} on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final String adminUrl;
    private final String database;

    /**
     * @param adminUrl a JDBC URL of the server's {@code postgres} database, to ask which backends serve the arm
     * @param database the arm's database
     */
    public DatabaseCpu(String adminUrl, String database) {
        this.adminUrl = adminUrl;
        this.database = database;
    }

    /** A reading: CPU ticks per backend now; empty when the database cannot be asked. */
    public Map<Long, Long> read() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "");
                PreparedStatement backends =
                        connection.prepareStatement("select pid from pg_stat_activity where datname = ?")) {
            backends.setString(1, database);
            try (ResultSet pids = backends.executeQuery()) {
                while (pids.next()) {
                    long pid = pids.getLong(1);
                    long used = ticksOf(pid);
                    if (used >= 0) {
                        ticks.put(pid, used);
                    }
                }
            }
        } catch (SQLException e) {
            return Map.of();
        }
        return ticks;
    }

    /** CPU seconds the backends alive at {@code after} used since {@code before}; NaN without readings. */
    public static double secondsBetween(Map<Long, Long> before, Map<Long, Long> after) {
        if (after.isEmpty()) {
            return Double.NaN;
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> backend : after.entrySet()) {
            ticks += Math.max(0, backend.getValue() - before.getOrDefault(backend.getKey(), 0L));
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1; // ended meanwhile, or not on this machine
        }
    }
}
