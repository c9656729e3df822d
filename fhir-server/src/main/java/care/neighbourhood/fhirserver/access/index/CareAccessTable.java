package care.neighbourhood.fhirserver.access.index;

import care.neighbourhood.fhirserver.access.BreakGlassGrant;
import care.neighbourhood.fhirserver.access.CareRelationship;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * The care access index as one plain table, {@code nw_care_access}, for the lookups every request
 * makes: who has a relationship with whom, on what basis, and which emergency grants are in force.
 * One indexed query answers a caller's relationship with one person, or their whole caseload,
 * without going through a FHIR search. Kept in step with the index's {@code Basic} entries (which the
 * narrowing of large caseloads joins on) in the same transaction, by {@link CareAccessEntries} and
 * {@link BreakGlassGrants}.
 */
@Component
public class CareAccessTable {

    private static final String RELATIONSHIP = "relationship";
    private static final String GRANT = "break-glass";
    private static final String VERSION = "version";

    /**
     * A lookup about some people also reads the {@link ConsentsVersion} number in the same
     * statement, as a row of its own: the request needs it, and one round trip is cheaper than two.
     */
    private static final String WITH_THE_CONSENTS_VERSION = " union all select cast(null as varchar(100)), '"
            + VERSION + "', cast(id as varchar(200)), cast(null as varchar(4000)), cast(null as timestamp), version"
            + " from nw_care_access_version where id = " + ConsentsVersion.ROW;

    private static final List<String> SCHEMA = List.of(
            "create table if not exists nw_care_access (person_id varchar(100) not null,"
                    + " grantee varchar(200) not null, kind varchar(20) not null, entry_id varchar(200) not null,"
                    + " basis varchar(4000), expires timestamp, primary key (person_id, grantee, entry_id))",
            "create index if not exists nw_care_access_grantee on nw_care_access (grantee, person_id)",
            // The person's row id in HAPI's resource table, which the narrowing of searches joins on
            // (CaseloadIdPredicateBuilder): set as each entry is written, and filled in at start for
            // entries written before the column existed.
            "alter table nw_care_access add column if not exists person_pid bigint",
            "create index if not exists nw_care_access_grantee_pid on nw_care_access (grantee, person_pid, expires)");

    /** The Patient's row id, looked up as an entry is written. */
    private static final String PERSON_PID =
            "(select r.RES_ID from HFJ_RESOURCE r where r.RES_TYPE = 'Patient' and r.FHIR_ID = ?)";

    private final DataSource dataSource;

    public CareAccessTable(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the care access table: " + e.getMessage(), e);
        }
    }

    /**
     * The relationships of {@code grantees} (a practitioner, an organisation): with some people (with
     * the consents number, read in the same statement), or, when {@code onlyPeople} is null, with
     * everyone.
     */
    CareAccessIndex.Relationships relationshipsOf(
            Collection<String> grantees, Collection<String> onlyPeople, Instant now) {
        if (grantees.isEmpty() || (onlyPeople != null && onlyPeople.isEmpty())) {
            return new CareAccessIndex.Relationships(Map.of(), null, null);
        }
        String sql = "select person_id, kind, entry_id, basis, expires, cast(null as bigint) from nw_care_access"
                + " where grantee in (" + marks(grantees.size()) + ")"
                + (onlyPeople == null
                        ? ""
                        : " and person_id in (" + marks(onlyPeople.size()) + ")" + WITH_THE_CONSENTS_VERSION);
        return query(sql, grantees, onlyPeople == null ? List.of() : onlyPeople, now);
    }

    private static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    private CareAccessIndex.Relationships query(
            String sql, Collection<String> grantees, Collection<String> onlyPeople, Instant now) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            for (String grantee : grantees) {
                select.setString(i++, grantee);
            }
            for (String person : onlyPeople) {
                select.setString(i++, person);
            }
            Map<String, CareRelationship> people = new HashMap<>();
            Instant firstGrantEnds = null;
            Long consentsVersion = null;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String person = rows.getString(1);
                    CareRelationship relationship;
                    if (VERSION.equals(rows.getString(2))) {
                        consentsVersion = rows.getLong(6);
                        continue;
                    }
                    if (GRANT.equals(rows.getString(2))) {
                        LocalDateTime expires = rows.getObject(5, LocalDateTime.class);
                        Instant ends = expires == null ? null : expires.toInstant(ZoneOffset.UTC);
                        if (ends == null || !ends.isAfter(now)) {
                            continue; // run out: grants nothing, whether or not the sweep has removed it yet
                        }
                        firstGrantEnds =
                                firstGrantEnds == null || ends.isBefore(firstGrantEnds) ? ends : firstGrantEnds;
                        relationship = new CareRelationship(
                                person,
                                List.of(),
                                List.of(new BreakGlassGrant(rows.getString(3), person, null, ends)),
                                false);
                    } else {
                        String basis = rows.getString(4);
                        relationship =
                                new CareRelationship(person, RelationshipBasis.entriesOf(basis), List.of(), false);
                    }
                    people.merge(person, relationship, CareRelationship::and);
                }
            }
            return new CareAccessIndex.Relationships(Map.copyOf(people), firstGrantEnds, consentsVersion);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the care access table: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The relationships of one person, replaced by these (grantee → CareTeams and Tasks), in the
     * current transaction; returns whether they differ from those recorded (if not, nothing is written).
     */
    boolean replaceRelationships(String personId, Map<String, List<String>> basisByGrantee) {
        Map<String, String> wanted = new HashMap<>();
        basisByGrantee.forEach((grantee, basis) -> wanted.put(grantee, RelationshipBasis.storable(basis)));
        Map<String, String> recorded = recordedRelationships(personId);
        if (wanted.equals(recorded)) {
            return false;
        }
        Set<String> gained = new HashSet<>(wanted.keySet());
        gained.removeAll(recorded.keySet());
        Set<String> lost = new HashSet<>(recorded.keySet());
        lost.removeAll(wanted.keySet());
        AccessChanges.note(personId, gained, lost);
        update("delete from nw_care_access where person_id = ? and kind = '" + RELATIONSHIP + "'", personId);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into nw_care_access (person_id, grantee, kind, entry_id, basis, person_pid) values"
                        + " (?,?,?,?,?," + PERSON_PID + ")")) {
            for (Map.Entry<String, String> entry : wanted.entrySet()) {
                insert.setString(1, personId);
                insert.setString(2, entry.getKey());
                insert.setString(3, RELATIONSHIP);
                insert.setString(4, "Patient/" + personId + "|" + entry.getKey());
                insert.setString(5, entry.getValue());
                insert.setString(6, personId);
                insert.addBatch();
            }
            if (!wanted.isEmpty()) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the care access table: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return true;
    }

    /**
     * Adds CareTeams and Tasks to the basis of relationships the person already has (grantee → what
     * to add), in the current transaction; returns false, having written nothing, if any grantee has
     * no relationship with the person yet.
     */
    boolean extendRelationships(String personId, Map<String, List<String>> addedByGrantee) {
        Map<String, String> recorded = recordedRelationships(personId);
        if (!recorded.keySet().containsAll(addedByGrantee.keySet())) {
            return false;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement update = connection.prepareStatement("update nw_care_access set basis = ?"
                + " where person_id = ? and grantee = ? and kind = '" + RELATIONSHIP + "'")) {
            for (Map.Entry<String, List<String>> added : addedByGrantee.entrySet()) {
                List<String> basis = new java.util.ArrayList<>(added.getValue());
                basis.addAll(RelationshipBasis.entriesOf(recorded.get(added.getKey())));
                update.setString(1, RelationshipBasis.storable(basis));
                update.setString(2, personId);
                update.setString(3, added.getKey());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the care access table: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return true;
    }

    private Map<String, String> recordedRelationships(String personId) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement select = connection.prepareStatement("select grantee, basis from nw_care_access"
                + " where person_id = ? and kind = '" + RELATIONSHIP + "'")) {
            select.setString(1, personId);
            Map<String, String> recorded = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    recorded.put(rows.getString(1), rows.getString(2) == null ? "" : rows.getString(2));
                }
            }
            return recorded;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the care access table: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    void addGrant(String grantId, String personId, String practitioner, Instant expires) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into nw_care_access (person_id, grantee, kind, entry_id, expires, person_pid) values"
                        + " (?,?,?,?,?," + PERSON_PID + ")")) {
            insert.setString(1, personId);
            insert.setString(2, practitioner);
            insert.setString(3, GRANT);
            insert.setString(4, grantId);
            insert.setObject(5, LocalDateTime.ofInstant(expires, ZoneOffset.UTC));
            insert.setString(6, personId);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record an emergency grant: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    void removeGrant(String grantId) {
        update("delete from nw_care_access where kind = '" + GRANT + "' and entry_id = ?", grantId);
    }

    /**
     * Fills in the person's row id of entries written before the column existed; returns how many.
     * Run at start, once HAPI's tables exist.
     */
    int fillMissingPersonPids() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(
                    "update nw_care_access set person_pid = (select r.RES_ID from HFJ_RESOURCE r"
                            + " where r.RES_TYPE = 'Patient' and r.FHIR_ID = nw_care_access.person_id) where person_pid is null");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not complete the care access table: " + e.getMessage(), e);
        }
    }

    /** Nothing recorded yet: a database whose index predates this table is rebuilt at start. */
    boolean isEmpty() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from nw_care_access")) {
            row.next();
            return row.getLong(1) == 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the care access table: " + e.getMessage(), e);
        }
    }

    private void update(String sql, String argument) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, argument);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the care access table: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
