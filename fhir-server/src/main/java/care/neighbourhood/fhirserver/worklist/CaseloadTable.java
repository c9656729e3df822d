package care.neighbourhood.fhirserver.worklist;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Every Patient's name, date of birth and NHS number as one row of {@code nw_caseload_person}, kept
 * with every write of a Patient, and the caseload list asked of it: the people on a caller's caseload
 * in the care access table, with their open, overdue and unclaimed tasks from the worklist table,
 * filtered, ordered and paged in the database.
 */
@Component
public class CaseloadTable {

    private static final List<String> SCHEMA =
            List.of("create table if not exists nw_caseload_person (person_id varchar(100) not null primary key,"
                    + " version bigint not null, sort_name varchar(400) not null, birth_date date,"
                    + " nhs_number varchar(40), active boolean not null)");

    private static final String UPSERT_POSTGRES = "insert into nw_caseload_person"
            + " (person_id, version, sort_name, birth_date, nhs_number, active) values (?, ?, ?, ?, ?, ?)"
            + " on conflict (person_id) do update set version = excluded.version, sort_name = excluded.sort_name,"
            + " birth_date = excluded.birth_date, nhs_number = excluded.nhs_number, active = excluded.active"
            + " where nw_caseload_person.version <= excluded.version";

    private static final String UPSERT_STANDARD = "merge into nw_caseload_person p using (select"
            + " cast(? as varchar(100)) person_id, cast(? as bigint) version, cast(? as varchar(400)) sort_name,"
            + " cast(? as date) birth_date, cast(? as varchar(40)) nhs_number, cast(? as boolean) active) n"
            + " on (p.person_id = n.person_id) when matched and p.version <= n.version then update set"
            + " version = n.version, sort_name = n.sort_name, birth_date = n.birth_date, nhs_number = n.nhs_number,"
            + " active = n.active when not matched then insert (person_id, version, sort_name, birth_date,"
            + " nhs_number, active) values (n.person_id, n.version, n.sort_name, n.birth_date, n.nhs_number,"
            + " n.active)";

    private final Statements statements;
    private final String upsert;

    CaseloadTable(Statements statements) {
        this.statements = statements;
        statements.createSchema(SCHEMA, "caseload list table");
        this.upsert = statements.onPostgres() ? UPSERT_POSTGRES : UPSERT_STANDARD;
    }

    void write(CaseloadPerson person) {
        statements.update(
                upsert,
                Arrays.asList(
                        person.personId(),
                        person.version(),
                        person.sortName(),
                        person.birthDate() == null ? null : Date.valueOf(person.birthDate()),
                        person.nhsNumber(),
                        person.active()));
    }

    /** One person on the list, with their tasks. */
    record Listed(String personId, int open, int overdue, int unclaimed) {}

    /** How many people are on the caseload in all, and how many of them pass the query's filters. */
    record Sizes(int caseload, int matching) {}

    Sizes sizes(CaseloadListQuery query, WorklistTable.Viewer viewer, LocalDate today, Instant now) {
        List<Object> values = new ArrayList<>(); // in the order of their marks: the select list's first
        String matches = matches(query, values);
        String from = from(viewer, today, now, values);
        String sql = "select count(*), coalesce(sum(case when " + matches + " then 1 else 0 end), 0) " + from;
        return statements.query(sql, values, rows -> {
            rows.next();
            return new Sizes(rows.getInt(1), rows.getInt(2));
        });
    }

    List<Listed> page(CaseloadListQuery query, WorklistTable.Viewer viewer, LocalDate today, Instant now) {
        List<Object> values = new ArrayList<>();
        String from = from(viewer, today, now, values);
        String sql = "select p.person_id, coalesce(t.open_tasks, 0), coalesce(t.overdue_tasks, 0),"
                + " coalesce(t.unclaimed_tasks, 0) " + from + " and " + matches(query, values) + " order by "
                + order(query.sort()) + ", p.sort_name, p.person_id limit ? offset ?";
        values.add(query.count());
        values.add(query.offset());
        return statements.query(sql, values, rows -> {
            List<Listed> listed = new ArrayList<>();
            while (rows.next()) {
                listed.add(new Listed(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getInt(4)));
            }
            return listed;
        });
    }

    /** The caseload's people with their task tallies, the query's values added to {@code values}. */
    private static String from(WorklistTable.Viewer viewer, LocalDate today, Instant now, List<Object> values) {
        values.add(Date.valueOf(today));
        StringBuilder sql = new StringBuilder("from nw_caseload_person p left join (select w.person_id,"
                + " count(*) open_tasks, sum(case when w.due < ? then 1 else 0 end) overdue_tasks,"
                + " sum(case when w.owner is null or w.owner not like 'Practitioner/%' then 1 else 0 end)"
                + " unclaimed_tasks from nw_worklist w where w.status in (");
        sql.append(Statements.marks(WorklistRow.OPEN_STATUSES.size())).append(")");
        values.addAll(WorklistRow.OPEN_STATUSES);
        if (!viewer.maySeeRestricted()) {
            sql.append(" and w.restricted = false");
        }
        sql.append(" group by w.person_id) t on t.person_id = p.person_id where p.active = true and p.person_id in"
                        + " (select a.person_id from nw_care_access a where a.grantee in (")
                .append(Statements.marks(viewer.grantees().size()))
                .append(") and (a.expires is null or a.expires > ?))");
        values.addAll(viewer.grantees());
        values.add(Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
        return sql.toString();
    }

    /** The query's text and task filter as one condition, its values added to {@code values}. */
    private static String matches(CaseloadListQuery query, List<Object> values) {
        List<String> conditions = new ArrayList<>();
        switch (query.tasks()) {
            case OPEN -> conditions.add("coalesce(t.open_tasks, 0) > 0");
            case OVERDUE -> conditions.add("coalesce(t.overdue_tasks, 0) > 0");
            case UNCLAIMED -> conditions.add("coalesce(t.unclaimed_tasks, 0) > 0");
            case ALL -> {
                // everyone
            }
        }
        String text = query.text();
        String digits = text.replace(" ", "");
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            conditions.add("p.nhs_number like ? escape '!'");
            values.add("%" + escapeLike(digits) + "%");
        } else {
            for (String word : text.toUpperCase(Locale.UK).replace(",", " ").split("\\s+")) {
                if (!word.isEmpty()) {
                    conditions.add("p.sort_name like ? escape '!'");
                    values.add("%" + escapeLike(word) + "%");
                }
            }
        }
        return conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
    }

    private static String order(CaseloadListQuery.Sort sort) {
        return switch (sort) {
            case NAME -> "p.sort_name";
            case AGE -> "p.birth_date asc nulls last";
            case OPEN -> "coalesce(t.open_tasks, 0) desc";
            case OVERDUE -> "coalesce(t.overdue_tasks, 0) desc";
            case UNCLAIMED -> "coalesce(t.unclaimed_tasks, 0) desc";
        };
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
