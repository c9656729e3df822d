package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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

    private static final String EVENT_COLUMNS = "id, recorded, request_id, interaction, action, outcome, http_status,"
            + " outcome_desc, purpose, agent_subject, agent_practitioner, agent_name, agent_roles, organisation,"
            + " sector, client_id, client_address, resource_ref, query_string";
    private static final String PERSON_COLUMNS = "event_id, person_id, recorded, basis, accessing_organisation,"
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

    public AuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
        createSchema();
    }

    private void createSchema() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the audit tables: " + e.getMessage(), e);
        }
    }

    /** Appends the records in one transaction of its own, committed before this returns. */
    public void appendCommitted(Collection<AuditRecord> records) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
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

    /** Appends the record in the Spring-managed transaction of the current thread (a write's own). */
    public void appendInCurrentTransaction(AuditRecord record) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
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

    public Optional<AuditRecord> find(String id) {
        List<AuditRecord> found = select("select " + EVENT_COLUMNS + " from nw_audit_event where id = ?", List.of(id));
        return found.stream().findFirst();
    }

    /** One page, newest first. */
    public List<AuditRecord> search(AuditQuery query, int offset, int count) {
        List<Object> arguments = new ArrayList<>();
        String where = where(query, arguments);
        arguments.add(count);
        arguments.add(offset);
        return select(
                "select " + EVENT_COLUMNS + " from nw_audit_event e" + where
                        + " order by e.recorded desc, e.id desc limit ? offset ?",
                arguments);
    }

    public long count(AuditQuery query) {
        List<Object> arguments = new ArrayList<>();
        String sql = "select count(*) from nw_audit_event e" + where(query, arguments);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, arguments);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AuditStoreException(e);
        }
    }

    private static String where(AuditQuery q, List<Object> arguments) {
        List<String> conditions = new ArrayList<>();
        if (q.people() != null) {
            if (q.people().isEmpty()) {
                conditions.add("1 = 0");
            } else {
                String marks = q.people().stream().map(p -> "?").collect(Collectors.joining(","));
                String inRange = "";
                List<Object> range = new ArrayList<>();
                if (q.from() != null) {
                    inRange += " and p.recorded >= ?";
                    range.add(utc(q.from()));
                }
                if (q.to() != null) {
                    inRange += " and p.recorded < ?";
                    range.add(utc(q.to()));
                }
                conditions.add("e.id in (select p.event_id from nw_audit_person p where p.person_id in (" + marks + ")"
                        + inRange + ")");
                arguments.addAll(q.people());
                arguments.addAll(range);
            }
        }
        condition(conditions, arguments, "e.agent_practitioner = ?", q.practitioner());
        condition(conditions, arguments, "e.organisation = ?", q.organisation());
        condition(conditions, arguments, "e.agent_name = ?", q.agentName());
        condition(conditions, arguments, "e.recorded >= ?", q.from() == null ? null : utc(q.from()));
        condition(conditions, arguments, "e.recorded < ?", q.to() == null ? null : utc(q.to()));
        if (q.outcomes() != null && !q.outcomes().isEmpty()) {
            conditions.add(
                    "e.outcome in (" + q.outcomes().stream().map(o -> "?").collect(Collectors.joining(",")) + ")");
            arguments.addAll(q.outcomes());
        }
        condition(conditions, arguments, "e.purpose = ?", q.purpose());
        if (q.deniedOnly()) {
            conditions.add("e.http_status in (401, 403)");
        }
        condition(conditions, arguments, "e.request_id = ?", q.requestId());
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static void condition(List<String> conditions, List<Object> arguments, String sql, Object value) {
        if (value != null) {
            conditions.add(sql);
            arguments.add(value);
        }
    }

    private List<AuditRecord> select(String sql, List<Object> arguments) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, arguments);
                ResultSet rows = statement.executeQuery()) {
            Map<String, AuditRecord> events = new LinkedHashMap<>();
            while (rows.next()) {
                AuditRecord record = eventOf(rows);
                events.put(record.id(), record);
            }
            return withPeople(connection, events);
        } catch (SQLException e) {
            throw new AuditStoreException(e);
        }
    }

    private static List<AuditRecord> withPeople(Connection connection, Map<String, AuditRecord> events)
            throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        Map<String, List<AuditPerson>> people = new LinkedHashMap<>();
        String marks = events.keySet().stream().map(id -> "?").collect(Collectors.joining(","));
        try (PreparedStatement statement = prepare(
                        connection,
                        "select event_id, person_id, basis, data_organisation, data_sector, person_identifier"
                                + " from nw_audit_person"
                                + " where event_id in (" + marks + ") order by person_id",
                        new ArrayList<>(events.keySet()));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                people.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                        .add(new AuditPerson(
                                rows.getString(2),
                                rows.getString(6),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5)));
            }
        }
        List<AuditRecord> result = new ArrayList<>(events.size());
        events.values().forEach(e -> result.add(withPeople(e, people.getOrDefault(e.id(), List.of()))));
        return result;
    }

    private static AuditRecord withPeople(AuditRecord e, List<AuditPerson> people) {
        return new AuditRecord(
                e.id(),
                e.recorded(),
                e.requestId(),
                e.interaction(),
                e.action(),
                e.outcome(),
                e.httpStatus(),
                e.outcomeDescription(),
                e.purpose(),
                e.agentSubject(),
                e.agentPractitioner(),
                e.agentName(),
                e.agentRoles(),
                e.organisation(),
                e.sector(),
                e.clientId(),
                e.clientAddress(),
                e.resource(),
                e.query(),
                List.copyOf(people));
    }

    private static AuditRecord eventOf(ResultSet row) throws SQLException {
        return new AuditRecord(
                row.getString("id"),
                instant(row.getObject("recorded", LocalDateTime.class)),
                row.getString("request_id"),
                row.getString("interaction"),
                row.getString("action"),
                row.getInt("outcome"),
                row.getInt("http_status"),
                row.getString("outcome_desc"),
                row.getString("purpose"),
                row.getString("agent_subject"),
                row.getString("agent_practitioner"),
                row.getString("agent_name"),
                row.getString("agent_roles"),
                row.getString("organisation"),
                row.getString("sector"),
                row.getString("client_id"),
                row.getString("client_address"),
                row.getString("resource_ref"),
                row.getString("query_string"),
                List.of());
    }

    /** A count of accesses by day and by organisation pair, where the two sectors differ. */
    public record CrossBoundaryCount(
            LocalDate day,
            String accessingOrganisation,
            String accessingSector,
            String dataOrganisation,
            String dataSector,
            long count) {}

    public List<CrossBoundaryCount> crossBoundary(Instant from, Instant to) {
        String sql = "select cast(recorded as date), accessing_organisation, accessing_sector,"
                + " data_organisation, data_sector, count(*) from nw_audit_person"
                + " where recorded >= ? and recorded < ? and accessing_sector is not null and data_sector is not null"
                + " and accessing_sector <> data_sector"
                + " group by cast(recorded as date), accessing_organisation, accessing_sector, data_organisation,"
                + " data_sector order by 1, 2, 4";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, List.of(utc(from), utc(to)));
                ResultSet rows = statement.executeQuery()) {
            List<CrossBoundaryCount> counts = new ArrayList<>();
            while (rows.next()) {
                counts.add(new CrossBoundaryCount(
                        rows.getObject(1, LocalDate.class),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getLong(6)));
            }
            return counts;
        } catch (SQLException e) {
            throw new AuditStoreException(e);
        }
    }

    public long countRecordedBefore(Instant cutOff) {
        return count(new AuditQuery(null, null, null, null, null, cutOff, null, null, false, null));
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

    private static PreparedStatement prepare(Connection connection, String sql, List<?> arguments) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            if (argument == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, argument);
            }
        }
        return statement;
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    /** The audit tables could not be read. */
    public static class AuditStoreException extends RuntimeException {
        AuditStoreException(SQLException cause) {
            super("The audit trail could not be read: " + cause.getMessage(), cause);
        }
    }
}
