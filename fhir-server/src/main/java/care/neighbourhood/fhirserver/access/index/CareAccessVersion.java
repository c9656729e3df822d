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
 * A number that every change to the care access index moves, kept in the database so that every
 * server sees it: a caseload looked up at one version is still the caseload while the version is
 * the same.
 *
 * <p>The number moves in the same transaction as the change, as its last statement before the commit
 * (so it is the last lock that transaction takes, and waits on no other); a change made outside a
 * transaction has committed already when the number moves. Either way, whoever reads the new number
 * sees the change.
 */
@Component
public class CareAccessVersion {

    private static final String MOVE = "update nw_care_access_version set version = version + 1 where id = 1";

    private final DataSource dataSource;

    public CareAccessVersion(DataSource dataSource) {
        this.dataSource = dataSource;
        createTable();
    }

    private void createTable() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists nw_care_access_version"
                    + " (id integer primary key, version bigint not null)");
            try (ResultSet row = statement.executeQuery("select count(*) from nw_care_access_version")) {
                row.next();
                if (row.getLong(1) == 0) {
                    statement.execute("insert into nw_care_access_version (id, version) values (1, 0)");
                }
            }
        } catch (SQLException e) {
            if (!exists()) {
                throw new IllegalStateException("Could not create the care access version: " + e.getMessage(), e);
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

    /** The version now, as committed. */
    public long current() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement select =
                        connection.prepareStatement("select version from nw_care_access_version where id = 1");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("The care access version has no row");
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the care access version: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The index has changed (or will, when the current transaction commits). */
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

    /**
     * Moves the version now, for a change made at the very end of the current transaction (while it
     * is committing, when a {@link #changed} noted then would come too late to move it).
     */
    public void moveNow() {
        move();
    }

    /** Moves the version as the last thing its transaction does before committing. */
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
        try (PreparedStatement update = connection.prepareStatement(MOVE)) {
            update.executeUpdate();
        } catch (SQLException e) {
            throw new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException(
                    "Another change to care relationships was being saved at the same moment; try again");
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
