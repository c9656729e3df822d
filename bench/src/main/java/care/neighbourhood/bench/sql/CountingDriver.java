package care.neighbourhood.bench.sql;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A JDBC driver in front of PostgreSQL's that counts the statements a server sends: every execution
 * ({@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeBatch}, each one round
 * trip) on every connection of the process. Both arms of the benchmark connect through it, with URLs
 * {@code jdbc:counted:postgresql://…}, so that their statements per request are counted alike. The
 * count is served as plain text on {@code http://127.0.0.1:<bench.sql-count-port>/}.
 */
public final class CountingDriver implements Driver {

    public static final String PREFIX = "jdbc:counted:";
    private static final Set<String> EXECUTIONS = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final AtomicLong EXECUTED = new AtomicLong();

    static {
        serveCount(Integer.getInteger("bench.sql-count-port", 0));
    }

    private final Driver postgres = new org.postgresql.Driver();

    /** Statements executed in this process so far. */
    public static long executed() {
        return EXECUTED.get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection connection = postgres.connect("jdbc:" + url.substring(PREFIX.length()), info);
        return connection == null ? null : counting(connection);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.getPropertyInfo("jdbc:" + url.substring(PREFIX.length()), info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                CountingDriver.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof Statement statement
                            && method.getReturnType().isInterface()) {
                        return counting(statement, method.getReturnType());
                    }
                    return result;
                });
    }

    private static Object counting(Statement statement, Class<?> type) {
        return Proxy.newProxyInstance(
                CountingDriver.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                    if (EXECUTIONS.contains(method.getName())) {
                        EXECUTED.incrementAndGet();
                    }
                    return invoke(statement, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void serveCount(int port) {
        if (port <= 0) {
            return;
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                byte[] body = Long.toString(EXECUTED.get()).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serve the statement count on port " + port, e);
        }
    }
}
