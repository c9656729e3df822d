package care.neighbourhood.fhirserver.worklist;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every Task's latest state as one row of {@code nw_worklist} (open or not, so that an older version
 * never overwrites a newer one), and the questions the worklist asks of it. A caller's tasks are those
 * about the people on their caseload in the care access table, the same condition every search is
 * narrowed by (ADR 0002), so the worklist holds no list of people and costs the same for any
 * caseload's size.
 */
@Component
public class WorklistTable {

    private static final List<String> SCHEMA = List.of(
            "create table if not exists nw_worklist (task_id varchar(64) not null primary key,"
                    + " version bigint not null, person_id varchar(100), owner varchar(200),"
                    + " status varchar(20) not null, priority_rank int not null, due date,"
                    + " restricted boolean not null)",
            "create index if not exists nw_worklist_person on nw_worklist (person_id, status)",
            // When each Task was asked for, claimed and completed (UTC), for the team dashboard.
            "alter table nw_worklist add column if not exists requested_at timestamp",
            "alter table nw_worklist add column if not exists claimed_at timestamp",
            "alter table nw_worklist add column if not exists completed_at timestamp",
            // Who asked for it, for the hand-offs between sectors.
            "alter table nw_worklist add column if not exists requester varchar(200)",
            "create table if not exists nw_worklist_state (id int not null primary key,"
                    + " filled_for varchar(1000) not null)");

    /** PostgreSQL's atomic upsert: a concurrent writer of the same Task never fails this one. */
    private static final String UPSERT_POSTGRES = "insert into nw_worklist"
            + " (task_id, version, person_id, owner, status, priority_rank, due, restricted, requested_at,"
            + " claimed_at, completed_at, requester) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (task_id) do update set version = excluded.version,"
            + " person_id = excluded.person_id, owner = excluded.owner, status = excluded.status,"
            + " priority_rank = excluded.priority_rank, due = excluded.due, restricted = excluded.restricted,"
            + " requested_at = excluded.requested_at, claimed_at = excluded.claimed_at,"
            + " completed_at = excluded.completed_at, requester = excluded.requester"
            + " where nw_worklist.version <= excluded.version";

    private static final String UPSERT_STANDARD =
            "merge into nw_worklist w using (select cast(? as varchar(64)) task_id,"
                    + " cast(? as bigint) version, cast(? as varchar(100)) person_id, cast(? as varchar(200)) owner,"
                    + " cast(? as varchar(20)) status, cast(? as int) priority_rank, cast(? as date) due,"
                    + " cast(? as boolean) restricted, cast(? as timestamp) requested_at,"
                    + " cast(? as timestamp) claimed_at, cast(? as timestamp) completed_at,"
                    + " cast(? as varchar(200)) requester) n on (w.task_id = n.task_id)"
                    + " when matched and w.version <= n.version then update set version = n.version,"
                    + " person_id = n.person_id, owner = n.owner, status = n.status, priority_rank = n.priority_rank,"
                    + " due = n.due, restricted = n.restricted, requested_at = n.requested_at,"
                    + " claimed_at = n.claimed_at, completed_at = n.completed_at, requester = n.requester"
                    + " when not matched then insert (task_id, version, person_id, owner, status, priority_rank, due,"
                    + " restricted, requested_at, claimed_at, completed_at, requester) values (n.task_id, n.version,"
                    + " n.person_id, n.owner, n.status, n.priority_rank, n.due, n.restricted, n.requested_at,"
                    + " n.claimed_at, n.completed_at, n.requester)";

    private final Statements statements;
    private final String upsert;

    WorklistTable(Statements statements) {
        this.statements = statements;
        statements.createSchema(SCHEMA, "worklist table");
        this.upsert = statements.onPostgres() ? UPSERT_POSTGRES : UPSERT_STANDARD;
    }

    /** Keeps a Task's row, in the current transaction if there is one; an older version changes nothing. */
    void write(WorklistRow row) {
        statements.update(
                upsert,
                Arrays.asList(
                        row.taskId(),
                        row.version(),
                        row.personId(),
                        row.owner(),
                        row.status(),
                        row.priorityRank(),
                        row.due() == null ? null : Date.valueOf(row.due()),
                        row.restricted(),
                        utc(row.handling().requested()),
                        utc(row.handling().claimed()),
                        utc(row.handling().completed()),
                        row.handling().requester()));
    }

    /** An instant as the UTC timestamp the table keeps, or null. */
    static Timestamp utc(Instant instant) {
        return instant == null ? null : Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** What the table was last filled for (the sharing agreement's restricted labels), or null. */
    String filledFor() {
        return statements.query(
                "select filled_for from nw_worklist_state where id = 1",
                List.of(),
                rows -> rows.next() ? rows.getString(1) : null);
    }

    void markFilledFor(String what) {
        statements.update("delete from nw_worklist_state where id = 1", List.of());
        statements.update("insert into nw_worklist_state (id, filled_for) values (1, ?)", List.of(what));
    }

    /** The ids of the page's Tasks, most urgent first, then the earliest due (none last), then by id. */
    List<String> page(WorklistQuery query, Viewer viewer, LocalDate today, Instant now) {
        Conditions where = conditions(query, viewer, today, now);
        String scope = scopeCondition(query.scope(), viewer, where.values());
        String sql = "select w.task_id from nw_worklist w where " + where.sql() + scope
                + " order by w.priority_rank desc, w.due asc nulls last, w.task_id limit ? offset ?";
        where.values().add(query.count());
        where.values().add(query.offset());
        List<String> ids = new ArrayList<>();
        statements.query(sql, where.values(), rows -> {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return null;
        });
        return ids;
    }

    /** How many tasks pass the query's filters in each scope, in one statement. */
    Map<WorklistQuery.Scope, Integer> counts(WorklistQuery query, Viewer viewer, LocalDate today, Instant now) {
        Conditions where = conditions(query, viewer, today, now);
        List<Object> values = new ArrayList<>();
        String mine = caseOf(scopeCondition(WorklistQuery.Scope.MINE, viewer, values));
        String organisation = caseOf(scopeCondition(WorklistQuery.Scope.ORGANISATION, viewer, values));
        String unassigned = caseOf(scopeCondition(WorklistQuery.Scope.UNASSIGNED, viewer, values));
        values.addAll(where.values());
        String sql = "select count(*), " + mine + ", " + organisation + ", " + unassigned + " from nw_worklist w where "
                + where.sql();
        return statements.query(sql, values, rows -> {
            Map<WorklistQuery.Scope, Integer> counts = new EnumMap<>(WorklistQuery.Scope.class);
            rows.next();
            counts.put(WorklistQuery.Scope.TEAM, rows.getInt(1));
            counts.put(WorklistQuery.Scope.MINE, rows.getInt(2));
            counts.put(WorklistQuery.Scope.ORGANISATION, rows.getInt(3));
            counts.put(WorklistQuery.Scope.UNASSIGNED, rows.getInt(4));
            return counts;
        });
    }

    private static String caseOf(String andCondition) {
        return "coalesce(sum(case when " + andCondition.substring(" and ".length()) + " then 1 else 0 end), 0)";
    }

    /** Who is asking: the references they hold relationships as, and whether they may see restricted records. */
    record Viewer(List<String> grantees, String practitioner, String organisation, boolean maySeeRestricted) {}

    private record Conditions(String sql, List<Object> values) {}

    private static Conditions conditions(WorklistQuery query, Viewer viewer, LocalDate today, Instant now) {
        List<Object> values = new ArrayList<>(query.statuses());
        StringBuilder sql = new StringBuilder(
                "w.status in (" + Statements.marks(query.statuses().size()) + ")");
        if (query.priorityRank() > 0) {
            sql.append(" and w.priority_rank = ?");
            values.add(query.priorityRank());
        }
        if (query.overdueOnly()) {
            sql.append(" and w.due < ?");
            values.add(Date.valueOf(today));
        }
        if (!viewer.maySeeRestricted()) {
            sql.append(" and w.restricted = false");
        }
        sql.append(" and w.person_id in (select a.person_id from nw_care_access a where a.grantee in (")
                .append(Statements.marks(viewer.grantees().size()))
                .append(") and (a.expires is null or a.expires > ?))");
        values.addAll(viewer.grantees());
        values.add(Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
        return new Conditions(sql.toString(), values);
    }

    /** The scope as {@code " and <condition>"}, its values added to {@code values}. */
    private static String scopeCondition(WorklistQuery.Scope scope, Viewer viewer, List<Object> values) {
        return switch (scope) {
            case TEAM -> "";
            case MINE -> {
                values.add(viewer.practitioner() == null ? "" : viewer.practitioner());
                yield " and w.owner = ?";
            }
            case ORGANISATION -> {
                values.add(viewer.practitioner() == null ? "" : viewer.practitioner());
                values.add(viewer.organisation() == null ? "" : viewer.organisation());
                yield " and w.owner in (?, ?)";
            }
            case UNASSIGNED -> " and (w.owner is null or w.owner not like 'Practitioner/%')";
        };
    }
}
