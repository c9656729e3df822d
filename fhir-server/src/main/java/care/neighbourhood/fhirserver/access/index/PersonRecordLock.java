package care.neighbourhood.fhirserver.access.index;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Serialises the writes that change one person's care relationships. Two members of the team adding
 * Tasks for the same person at the same moment would otherwise each recompute that person's care
 * access entries from a view that lacks the other's Task: the second commit would either collide
 * (409) or leave an entry that forgets the first Task.
 *
 * <p>The lock is the person's own row in the resource table, taken {@code for update} inside the
 * writing transaction and released when it commits or rolls back, so it works the same on
 * PostgreSQL and H2 and needs no table of its own. A person created in the same transaction has no
 * committed row yet, and nobody else can be writing about them.
 */
@Component
public class PersonRecordLock {

    private static final String LOCK_PERSON_ROW =
            "select res_id from hfj_resource where res_type = 'Patient' and fhir_id = ? for update";

    private final DataSource dataSource;

    public PersonRecordLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Waits until no other transaction is changing this person's relationships, then holds them. */
    public void holdUntilCommit(String personId) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement lock = connection.prepareStatement(LOCK_PERSON_ROW)) {
            lock.setString(1, personId);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    // reading the row is what takes the lock
                }
            }
        } catch (SQLException e) {
            // a lock wait that timed out, or a deadlock between two transactions about the same two
            // people: a version conflict, which the write is retried on (and answered 409 if it persists)
            throw new ResourceVersionConflictException(
                    "Another change to this person's care record was being saved at the same moment; try again");
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
