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

    /** At most this many tasks' times are read for one figure; a team's period holds far fewer. */
    static final int MOST_TIMES = 100_000;

    /**
     * How long tasks about the caseload's people waited to be claimed, for those claimed in the period
     * ({@code from} inclusive, {@code to} exclusive): from being asked for to being claimed.
     */
    Durations referralToClaim(WorklistTable.Viewer viewer, Instant from, Instant to, Instant now) {
        return durations("requested_at", "claimed_at", viewer, from, to, now);
    }

    /** How long tasks completed in the period took from being claimed to being completed. */
    Durations claimToCompletion(WorklistTable.Viewer viewer, Instant from, Instant to, Instant now) {
        return durations("claimed_at", "completed_at", viewer, from, to, now);
    }

    private Durations durations(
            String start, String end, WorklistTable.Viewer viewer, Instant from, Instant to, Instant now) {
        List<Object> values = new ArrayList<>();
        values.add(timestamp(from));
        values.add(timestamp(to));
        values.addAll(caseloadValues(viewer, now));
        String sql = "select w." + start + ", w." + end + " from nw_worklist w where w." + end + " >= ? and w." + end
                + " < ? and w." + start + " is not null and w." + start + " <= w." + end
                + (viewer.maySeeRestricted() ? "" : " and w.restricted = false")
                + " and w.person_id in (" + caseload(viewer) + ") fetch first " + MOST_TIMES + " rows only";
        return statements.query(sql, values, rows -> {
            List<Long> minutes = new ArrayList<>();
            while (rows.next()) {
                minutes.add(java.time.Duration.between(
                                rows.getTimestamp(1).toLocalDateTime(),
                                rows.getTimestamp(2).toLocalDateTime())
                        .toMinutes());
            }
            return Durations.of(minutes);
        });
    }

    /**
     * Who asked for, and who now holds, each task about the caseload's people asked for in the period
     * ({@code from} inclusive, {@code to} exclusive), when both are known: at most {@link #MOST_TIMES}.
     */
    List<Request> requests(WorklistTable.Viewer viewer, Instant from, Instant to, Instant now) {
        List<Object> values = new ArrayList<>();
        values.add(timestamp(from));
        values.add(timestamp(to));
        values.addAll(caseloadValues(viewer, now));
        String sql = "select w.requester, w.owner, w.requested_at from nw_worklist w where w.requested_at >= ?"
                + " and w.requested_at < ? and w.requester is not null and w.owner is not null"
                + (viewer.maySeeRestricted() ? "" : " and w.restricted = false")
                + " and w.person_id in (" + caseload(viewer) + ") fetch first " + MOST_TIMES + " rows only";
        return statements.query(sql, values, rows -> {
            List<Request> requests = new ArrayList<>();
            while (rows.next()) {
                requests.add(new Request(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getTimestamp(3).toLocalDateTime().toInstant(ZoneOffset.UTC)));
            }
            return requests;
        });
    }

    /** A task as asked for: by whom, who holds it now, and when it was asked for. */
    record Request(String requester, String owner, Instant requested) {}

    /** How many tasks, and the median and 90th percentile of their times in minutes (null when none). */
    record Durations(int tasks, Long medianMinutes, Long ninetiethMinutes) {

        /** The nearest-rank percentiles of {@code minutes}. */
        static Durations of(List<Long> minutes) {
            if (minutes.isEmpty()) {
                return new Durations(0, null, null);
            }
            List<Long> sorted = minutes.stream().sorted().toList();
            return new Durations(sorted.size(), rank(sorted, 50), rank(sorted, 90));
        }

        private static long rank(List<Long> sorted, int percentile) {
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
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
