package care.neighbourhood.fhirserver.worklist;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The team dashboard's figures, each aggregated by the database in one statement over the tables the
 * server keeps (the care access table, the worklist table) and narrowed to the people on the caller's
 * caseload, so their cost does not grow with the number of records a caller could read.
 */
@Component
class TeamFigures {

    /** The caller's caseload: people any of their grantee references has a current relationship with. */
    private static final String CASELOAD = "select a.person_id from nw_care_access a where a.grantee in (%s)"
            + " and (a.expires is null or a.expires > ?)";

    private final Statements statements;

    TeamFigures(Statements statements) {
        this.statements = statements;
    }

    /** How many people are on the caller's caseload. */
    int caseloadSize(WorklistTable.Viewer viewer, Instant now) {
        List<Object> values = caseloadValues(viewer, now);
        String sql = "select count(distinct c.person_id) from (" + caseload(viewer) + ") c";
        return statements.query(sql, values, rows -> rows.next() ? rows.getInt(1) : 0);
    }

    /**
     * For each organisation with people of the caller's caseload on its own (through a care team or a
     * task it owns, not an emergency grant), how many: the largest first.
     */
    Map<String, Integer> caseloadByOrganisation(WorklistTable.Viewer viewer, Instant now) {
        List<Object> values = new ArrayList<>();
        values.add(timestamp(now));
        values.addAll(caseloadValues(viewer, now));
        String sql = "select o.grantee, count(distinct o.person_id) from nw_care_access o"
                + " where o.grantee like 'Organization/%' and o.kind = 'relationship'"
                + " and (o.expires is null or o.expires > ?) and o.person_id in (" + caseload(viewer) + ")"
                + " group by o.grantee order by 2 desc, 1";
        return statements.query(sql, values, rows -> {
            Map<String, Integer> byOrganisation = new LinkedHashMap<>();
            while (rows.next()) {
                byOrganisation.put(rows.getString(1), rows.getInt(2));
            }
            return byOrganisation;
        });
    }

    /** Open tasks about the caseload's people: all, overdue on {@code today}, and unclaimed. */
    TaskCounts openTasks(WorklistTable.Viewer viewer, LocalDate today, Instant now) {
        List<Object> values = new ArrayList<>();
        values.add(Date.valueOf(today));
        values.addAll(WorklistRow.OPEN_STATUSES);
        values.addAll(caseloadValues(viewer, now));
        String sql = "select count(*),"
                + " coalesce(sum(case when w.due < ? then 1 else 0 end), 0),"
                + " coalesce(sum(case when w.owner is null or w.owner not like 'Practitioner/%' then 1 else 0 end), 0)"
                + " from nw_worklist w where w.status in (" + Statements.marks(WorklistRow.OPEN_STATUSES.size()) + ")"
                + (viewer.maySeeRestricted() ? "" : " and w.restricted = false")
                + " and w.person_id in (" + caseload(viewer) + ")";
        return statements.query(sql, values, rows -> {
            rows.next();
            return new TaskCounts(rows.getInt(1), rows.getInt(2), rows.getInt(3));
        });
    }

    /** Open tasks, those due before today, and those no named person has claimed. */
    record TaskCounts(int open, int overdue, int unclaimed) {}

    private static String caseload(WorklistTable.Viewer viewer) {
        return CASELOAD.formatted(Statements.marks(viewer.grantees().size()));
    }

    private static List<Object> caseloadValues(WorklistTable.Viewer viewer, Instant now) {
        List<Object> values = new ArrayList<>(viewer.grantees());
        values.add(timestamp(now));
        return values;
    }

    private static Timestamp timestamp(Instant now) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    }
}
