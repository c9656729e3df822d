package care.neighbourhood.fhirserver.access.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A number that every write of a Consent moves, kept in the database so that every server sees it:
 * consents read at one number are still the person's while it is the same ({@code KeptConsents}).
 * Care relationships have no such number: nothing keeps them between requests (a read looks up the
 * caller's relationship with the one person, a search is narrowed by the care access table in the
 * database), so a referral moves no shared row and writes do not queue behind each other for it.
 *
 * <p>The number moves in the same transaction as the change, as its last statement before the commit
 * (so it is the last lock that transaction takes); a change made outside a transaction has committed
 * already when the number moves. Either way, whoever reads the new number sees the change. Its row is
 * row 2 of {@code nw_care_access_version} (row 1 counted care access changes, and is no longer used).
 */
@Component
public class ConsentsVersion {

    static final int ROW = 2;

    /** Reads the number (the lookup of one person's relationships reads it in the same way). */
    static final String READ = "select version from nw_care_access_version where id = " + ROW;

    private final DataSource dataSource;

    public ConsentsVersion(DataSource dataSource) {
        this.dataSource = dataSource;
        createTable();
    }

    private void createTable() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists nw_care_access_version"
                    + " (id integer primary key, version bigint not null)");
            try (ResultSet row =
                    statement.executeQuery("select count(*) from nw_care_access_version where id = " + ROW)) {
                row.next();
                if (row.getLong(1) == 0) {
                    statement.execute("insert into nw_care_access_version (id, version) values (" + ROW + ", 0)");
                }
            }
        } catch (SQLException e) {
            if (!exists()) {
                throw new IllegalStateException("Could not create the consents version: " + e.getMessage(), e);
            }
            // another server created it at the same moment
        }
    }

    private boolean exists() {
        try {
            current();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The number now, as committed. */
    public long current() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement select = connection.prepareStatement(READ);
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("The consents version lacks its row");
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the consents version: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** A Consent has been written (or will be, when the current transaction commits). */
    public void changed() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            move();
            return;
        }
        boolean registered = TransactionSynchronizationManager.getSynchronizations().stream()
                .anyMatch(MoveAtCommit.class::isInstance);
        if (!registered) {
            TransactionSynchronizationManager.registerSynchronization(new MoveAtCommit());
        }
    }

    /** Moves the number as the last thing its transaction does before committing. */
    private final class MoveAtCommit implements TransactionSynchronization {
        @Override
        public int getOrder() {
            return LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            move();
        }
    }

    private void move() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement update =
                connection.prepareStatement("update nw_care_access_version set version = version + 1 where id = ?")) {
            update.setInt(1, ROW);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException(
                    "Another change to consents was being saved at the same moment; try again");
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
