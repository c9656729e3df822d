package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * The audit tables, in the same database as the care record: {@code nw_audit_event}, one row per
 * interaction, and {@code nw_audit_person}, one row per person an interaction concerned. Indexed for
 * the questions information governance asks: by person, agent, organisation, date, outcome and
 * purpose. The tables are only ever appended to here; removal is {@link #deleteRecordedBefore},
 * used by retention alone.
 */
@Component
public class AuditStore {

    static final String EVENT_COLUMNS = "id, recorded, request_id, interaction, action, outcome, http_status,"
            + " outcome_desc, purpose, agent_subject, agent_practitioner, agent_name, agent_roles, organisation,"
            + " sector, client_id, client_address, resource_ref, query_string";
    static final String PERSON_COLUMNS = "event_id, person_id, recorded, basis, accessing_organisation,"
            + " accessing_sector, data_organisation, data_sector, person_identifier";

    private static final List<String> SCHEMA = List.of(
            "create table if not exists nw_audit_event (id varchar(36) not null primary key,"
                    + " recorded timestamp not null, request_id varchar(64), interaction varchar(40) not null,"
                    + " action varchar(1) not null, outcome smallint not null, http_status smallint not null,"
                    + " outcome_desc varchar(500), purpose varchar(16), agent_subject varchar(400),"
                    + " agent_practitioner varchar(100), agent_name varchar(200), agent_roles varchar(400),"
                    + " organisation varchar(100), sector varchar(40), client_id varchar(200),"
                    + " client_address varchar(100), resource_ref varchar(300), query_string varchar(4000))",
            "create table if not exists nw_audit_person (event_id varchar(36) not null,"
                    + " person_id varchar(100) not null, recorded timestamp not null, basis varchar(1000),"
                    + " accessing_organisation varchar(100), accessing_sector varchar(40),"
                    + " data_organisation varchar(100), data_sector varchar(40), primary key (event_id, person_id))",
            "alter table nw_audit_person add column if not exists person_identifier varchar(64)",
            "create index if not exists nw_audit_event_recorded on nw_audit_event (recorded)",
            "create index if not exists nw_audit_event_practitioner on nw_audit_event (agent_practitioner, recorded)",
            "create index if not exists nw_audit_event_agent_name on nw_audit_event (agent_name, recorded)",
            "create index if not exists nw_audit_event_organisation on nw_audit_event (organisation, recorded)",
            "create index if not exists nw_audit_event_outcome on nw_audit_event (outcome, recorded)",
            "create index if not exists nw_audit_event_status on nw_audit_event (http_status, recorded)",
            "create index if not exists nw_audit_event_purpose on nw_audit_event (purpose, recorded)",
            "create index if not exists nw_audit_event_request on nw_audit_event (request_id)",
            "create index if not exists nw_audit_person_person on nw_audit_person (person_id, recorded)",
            "create index if not exists nw_audit_person_recorded on nw_audit_person (recorded)");

    private final DataSource dataSource;
    private final boolean postgres;

    public AuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = createSchema();
    }

    /** Creates the tables where missing; returns whether the database is PostgreSQL. */
    private boolean createSchema() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the audit tables: " + e.getMessage(), e);
        }
    }

    /**
     * Appends the records in one transaction of its own, committed before this returns: on PostgreSQL
     * in a single statement ({@link PostgresAuditAppend}), elsewhere as two batches and a commit.
     */
    public void appendCommitted(Collection<AuditRecord> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (postgres) {
                PostgresAuditAppend.appendCommitted(connection, records);
                return;
            }
            connection.setAutoCommit(false);
            try {
                append(connection, records);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Appends the record in the Spring-managed transaction of the current thread (a write's own): on
     * PostgreSQL in the one statement of the group commit, elsewhere as two inserts.
     */
    public void appendInCurrentTransaction(AuditRecord record) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (postgres) {
                PostgresAuditAppend.append(connection, List.of(record));
                return;
            }
            append(connection, List.of(record));
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void append(Connection connection, Collection<AuditRecord> records) throws SQLException {
        try (PreparedStatement events = connection.prepareStatement("insert into nw_audit_event (" + EVENT_COLUMNS
                        + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                PreparedStatement people = connection.prepareStatement(
                        "insert into nw_audit_person (" + PERSON_COLUMNS + ") values (?,?,?,?,?,?,?,?,?)")) {
            boolean anyPeople = false;
            for (AuditRecord r : records) {
                int i = 1;
                events.setString(i++, r.id());
                events.setObject(i++, utc(r.recorded()));
                events.setString(i++, cut(r.requestId(), 64));
                events.setString(i++, cut(r.interaction(), 40));
                events.setString(i++, r.action());
                events.setInt(i++, r.outcome());
                events.setInt(i++, r.httpStatus());
                events.setString(i++, cut(r.outcomeDescription(), 500));
                events.setString(i++, r.purpose());
                events.setString(i++, cut(r.agentSubject(), 400));
                events.setString(i++, cut(r.agentPractitioner(), 100));
                events.setString(i++, cut(r.agentName(), 200));
                events.setString(i++, cut(r.agentRoles(), 400));
                events.setString(i++, cut(r.organisation(), 100));
                events.setString(i++, cut(r.sector(), 40));
                events.setString(i++, cut(r.clientId(), 200));
                events.setString(i++, cut(r.clientAddress(), 100));
                events.setString(i++, cut(r.resource(), 300));
                events.setString(i, cut(r.query(), 4000));
                events.addBatch();
                for (AuditPerson person : r.people()) {
                    int j = 1;
                    people.setString(j++, r.id());
                    people.setString(j++, cut(person.personId(), 100));
                    people.setObject(j++, utc(r.recorded()));
                    people.setString(j++, cut(person.basis(), 1000));
                    people.setString(j++, cut(r.organisation(), 100));
                    people.setString(j++, cut(r.sector(), 40));
                    people.setString(j++, cut(person.dataOrganisation(), 100));
                    people.setString(j++, cut(person.dataSector(), 40));
                    people.setString(j, cut(person.nhsNumber(), 64));
                    people.addBatch();
                    anyPeople = true;
                }
            }
            events.executeBatch();
            if (anyPeople) {
                people.executeBatch();
            }
        }
    }

    /** Removes records older than the cut-off; only retention calls this. Returns how many events went. */
    public int deleteRecordedBefore(Instant cutOff) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement people =
                            connection.prepareStatement("delete from nw_audit_person where recorded < ?");
                    PreparedStatement events =
                            connection.prepareStatement("delete from nw_audit_event where recorded < ?")) {
                people.setObject(1, utc(cutOff));
                people.executeUpdate();
                events.setObject(1, utc(cutOff));
                int removed = events.executeUpdate();
                connection.commit();
                return removed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String cut(String value, int length) {
        if (value == null) {
            return null;
        }
        String storable = storable(value);
        if (storable.length() <= length) {
            return storable;
        }
        int end = Character.isHighSurrogate(storable.charAt(length - 1)) ? length - 1 : length;
        return storable.substring(0, end);
    }

    /**
     * {@code value} with every character the database cannot store (NUL, which PostgreSQL refuses in
     * text, and half of a surrogate pair) replaced by U+FFFD. A request that carried one is refused, but
     * it is audited all the same; without this its record would fail the whole group it is committed
     * with, and every request in that group with it.
     */
    static String storable(String value) {
        StringBuilder text = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean unstorable = c == '\u0000' || (Character.isSurrogate(c) && !pairStart);
            if (pairStart) {
                if (text != null) {
                    text.append(c).append(value.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (unstorable && text == null) {
                text = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (text != null) {
                text.append(unstorable ? '\uFFFD' : c);
            }
        }
        return text == null ? value : text.toString();
    }
}
