package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Reads the audit tables ({@link AuditStore}) for the questions information governance asks: one
 * event, a page of events by person, agent, organisation, date, outcome and purpose with its total,
 * and counts of accesses across sector boundaries.
 */
@Component
public class AuditQueries {

    private static final String EVENT_COLUMNS = AuditStore.EVENT_COLUMNS;

    private final DataSource dataSource;

    public AuditQueries(DataSource dataSource) {
        this.dataSource = dataSource;
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

    private static LocalDateTime utc(Instant instant) {
        return AuditStore.utc(instant);
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    /** The audit tables could not be read. */
    public static class AuditStoreException extends RuntimeException {
        AuditStoreException(SQLException cause) {
            super("The audit trail could not be read: " + cause.getMessage(), cause);
        }
    }
}
