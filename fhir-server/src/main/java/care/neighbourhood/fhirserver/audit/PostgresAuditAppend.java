package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A batch of audit records appended on PostgreSQL in one statement (its own transaction, or a write's): the
 * events and their people go as arrays, unnested into both tables by one data-modifying query, so a
 * whole group commit costs one round trip to the database instead of three (two batches and a
 * commit). Under load the audit writer spends most of its time waiting for those round trips, and
 * every request waiting for its record waits with it.
 */
final class PostgresAuditAppend {

    private record Column<T>(String type, Function<T, Object> value) {}

    private static final List<Column<AuditRecord>> EVENT = List.of(
            varchar(AuditRecord::id, 36),
            new Column<>("timestamp", r -> timestamp(r.recorded())),
            varchar(AuditRecord::requestId, 64),
            varchar(AuditRecord::interaction, 40),
            varchar(AuditRecord::action, 1),
            new Column<>("smallint", AuditRecord::outcome),
            new Column<>("smallint", AuditRecord::httpStatus),
            varchar(AuditRecord::outcomeDescription, 500),
            varchar(AuditRecord::purpose, 16),
            varchar(AuditRecord::agentSubject, 400),
            varchar(AuditRecord::agentPractitioner, 100),
            varchar(AuditRecord::agentName, 200),
            varchar(AuditRecord::agentRoles, 400),
            varchar(AuditRecord::organisation, 100),
            varchar(AuditRecord::sector, 40),
            varchar(AuditRecord::clientId, 200),
            varchar(AuditRecord::clientAddress, 100),
            varchar(AuditRecord::resource, 300),
            varchar(AuditRecord::query, 4000));

    /** A person of an event, with the event it belongs to. */
    private record Concerned(AuditRecord event, AuditPerson person) {}

    private static final List<Column<Concerned>> PERSON = List.of(
            varchar(c -> c.event().id(), 36),
            varchar(c -> c.person().personId(), 100),
            new Column<>("timestamp", c -> timestamp(c.event().recorded())),
            varchar(c -> c.person().basis(), 1000),
            varchar(c -> c.event().organisation(), 100),
            varchar(c -> c.event().sector(), 40),
            varchar(c -> c.person().dataOrganisation(), 100),
            varchar(c -> c.person().dataSector(), 40),
            varchar(c -> c.person().nhsNumber(), 64));

    static final String SQL = "with events as (insert into nw_audit_event (" + AuditStore.EVENT_COLUMNS
            + ") select * from unnest(" + arrays(EVENT) + ")) insert into nw_audit_person ("
            + AuditStore.PERSON_COLUMNS + ") select * from unnest(" + arrays(PERSON) + ")";

    private PostgresAuditAppend() {}

    /** Appends the records and commits them before returning. */
    static void appendCommitted(Connection connection, Collection<AuditRecord> records) throws SQLException {
        connection.setAutoCommit(true);
        append(connection, records);
    }

    /** Appends the records in the connection's transaction as it stands (a write's own, to commit with it). */
    static void append(Connection connection, Collection<AuditRecord> records) throws SQLException {
        List<Concerned> people = new ArrayList<>();
        for (AuditRecord record : records) {
            record.people().forEach(person -> people.add(new Concerned(record, person)));
        }
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            int parameter = bind(statement, 1, EVENT, List.copyOf(records));
            bind(statement, parameter, PERSON, people);
            statement.executeUpdate();
        }
    }

    private static <T> int bind(PreparedStatement statement, int first, List<Column<T>> columns, List<T> rows)
            throws SQLException {
        int parameter = first;
        for (Column<T> column : columns) {
            Object[] values = new Object[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column.value().apply(rows.get(i));
            }
            String elementType = "smallint".equals(column.type()) ? "int4" : "varchar";
            statement.setArray(parameter++, statement.getConnection().createArrayOf(elementType, values));
        }
        return parameter;
    }

    private static <T> String arrays(List<Column<T>> columns) {
        return String.join(
                ", ", columns.stream().map(c -> "?::" + c.type() + "[]").toList());
    }

    private static <T> Column<T> varchar(Function<T, String> value, int length) {
        return new Column<>("varchar", row -> AuditStore.cut(value.apply(row), length));
    }

    /** As text PostgreSQL reads into a timestamp without time zone, in UTC like the other path. */
    private static String timestamp(Instant instant) {
        return instant == null ? null : AuditStore.utc(instant).toString();
    }
}
