package care.neighbourhood.fhirserver.access.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Numbers that changes to what access rests on move, kept in the database so that every server sees
 * them: one for the care access index (a caseload looked up at one number is still the caseload while
 * the number is the same), one for people's Consents (consents read at one number are still theirs
 * while it is the same). Kept apart because care relationships change all day (every referral) and
 * consents seldom: a referral does not make every person's kept consents stale.
 *
 * <p>A number moves in the same transaction as the change, as its last statement before the commit
 * (so it is the last lock that transaction takes, and waits on no other; both in a fixed order); a
 * change made outside a transaction has committed already when the number moves. Either way, whoever
 * reads the new number sees the change.
 */
@Component
public class CareAccessVersion {

    /** What a number counts changes of; its row in {@code nw_care_access_version}. */
    public enum Counter {
        CARE_ACCESS(1),
        CONSENTS(2);

        final int row;

        Counter(int row) {
            this.row = row;
        }

        static Counter ofRow(int row) {
            for (Counter counter : values()) {
                if (counter.row == row) {
                    return counter;
                }
            }
            throw new IllegalArgumentException("no counter has row " + row);
        }
    }

    /** Both numbers, as read together. */
    public record Versions(long careAccess, long consents) {}

    /** Reads both numbers, one row each (the lookup of one person's relationships reads them the same way). */
    static final String READ_BOTH = "select id, version from nw_care_access_version where id in (1, 2)";

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
            for (Counter counter : Counter.values()) {
                try (ResultSet row = statement.executeQuery(
                        "select count(*) from nw_care_access_version where id = " + counter.row)) {
                    row.next();
                    if (row.getLong(1) == 0) {
                        statement.execute(
                                "insert into nw_care_access_version (id, version) values (" + counter.row + ", 0)");
                    }
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
            both();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The care access index's number now, as committed. */
    public long current() {
        return both().careAccess();
    }

    /** Both numbers now, as committed, in one statement. */
    public Versions both() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement select = connection.prepareStatement(READ_BOTH);
                ResultSet rows = select.executeQuery()) {
            Long careAccess = null;
            Long consents = null;
            while (rows.next()) {
                if (Counter.ofRow(rows.getInt(1)) == Counter.CARE_ACCESS) {
                    careAccess = rows.getLong(2);
                } else {
                    consents = rows.getLong(2);
                }
            }
            if (careAccess == null || consents == null) {
                throw new IllegalStateException("The care access version lacks a row");
            }
            return new Versions(careAccess, consents);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the care access version: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The care access index has changed (or will, when the current transaction commits). */
    public void changed() {
        changed(Counter.CARE_ACCESS);
    }

    /** A Consent has been written (or will be, when the current transaction commits). */
    public void consentsChanged() {
        changed(Counter.CONSENTS);
    }

    private void changed(Counter counter) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            move(EnumSet.of(counter));
            return;
        }
        MoveAtCommit registered = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(MoveAtCommit.class::isInstance)
                .map(MoveAtCommit.class::cast)
                .findFirst()
                .orElse(null);
        if (registered == null) {
            registered = new MoveAtCommit();
            TransactionSynchronizationManager.registerSynchronization(registered);
        }
        registered.counters.add(counter);
    }

    /**
     * Moves the care access number now, for a change made at the very end of the current transaction
     * (while it is committing, when a {@link #changed} noted then would come too late to move it).
     */
    public void moveNow() {
        move(EnumSet.of(Counter.CARE_ACCESS));
    }

    /** Moves the numbers as the last thing its transaction does before committing. */
    private final class MoveAtCommit implements TransactionSynchronization {
        private final Set<Counter> counters = EnumSet.noneOf(Counter.class);

        @Override
        public int getOrder() {
            return LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            move(counters);
        }
    }

    /** Moves each number in the order of its row, so that two transactions never wait for each other's. */
    private void move(Set<Counter> counters) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement update =
                connection.prepareStatement("update nw_care_access_version set version = version + 1 where id = ?")) {
            for (Counter counter : counters) { // an EnumSet iterates in declaration order: by row
                update.setInt(1, counter.row);
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException(
                    "Another change to care relationships or consents was being saved at the same moment; try again");
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
