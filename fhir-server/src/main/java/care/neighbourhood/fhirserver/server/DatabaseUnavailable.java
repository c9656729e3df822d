package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * 503 with {@code Retry-After}: the database could not be reached or went away during the request (it
 * is restarting, failing over, or the connection pool waited in vain). Nothing was acknowledged, and
 * the same request sent again a few seconds later is expected to succeed.
 */
public class DatabaseUnavailable extends BaseServerResponseException {

    /** Seconds a client is asked to wait before sending the request again. */
    public static final String RETRY_AFTER_SECONDS = "5";

    static final String MESSAGE = "The record's database cannot be reached at the moment, so this request was"
            + " not carried out. Send it again in a few seconds.";

    /**
     * What the connection pool says of a connection it has already thrown away after a connection
     * error, when the transaction that held it tries to roll back (it gives no SQL state); and, with
     * nothing else, all HAPI passes on when a search's query failed so on its own thread.
     */
    private static final String EVICTED = "Connection is closed";

    public DatabaseUnavailable(Throwable cause) {
        super(503, MESSAGE, cause);
        addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
    }

    /** Whether {@code error}, or anything that caused it, says the database could not be reached. */
    public static boolean explains(Throwable error) {
        int depth = 0;
        for (Throwable cause = error; cause != null && depth < 30; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof JDBCConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (cause instanceof SQLException sql && isConnectionLost(sql.getSQLState())) {
                return true;
            }
            if (EVICTED.equals(cause.getMessage())) {
                return true;
            }
            if (saysConnectionLost(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * HAPI runs a search's query on a thread of its own and, when it fails, passes on only the
     * database's message: PostgreSQL's words for a server going away or not yet back.
     */
    private static final java.util.List<String> CONNECTION_LOST_WORDS = java.util.List.of(
            "terminating connection due to administrator command",
            "the database system is shutting down",
            "the database system is starting up",
            "An I/O error occurred while sending to the backend",
            "This connection has been closed");

    private static boolean saysConnectionLost(String message) {
        return message != null && CONNECTION_LOST_WORDS.stream().anyMatch(message::contains);
    }

    /**
     * SQL state class 08 (connection exception), and PostgreSQL's 57P01-57P03: the server is shutting
     * down, has crashed, or is not yet accepting connections.
     */
    private static boolean isConnectionLost(String state) {
        return state != null && (state.startsWith("08") || state.matches("57P0[1-3]"));
    }
}
