package care.neighbourhood.portal.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The figures the dashboard shows, as the server counted them.
 *
 * @param asOf when they were counted
 * @param today the day tasks are overdue by
 * @param caseload people on the user's caseload
 * @param organisations for each organisation with some of them on its own caseload, how many; largest first
 * @param openTasks open tasks about them
 * @param overdueTasks of those, due before today
 * @param unclaimedTasks of those, claimed by no named person
 * @param period the days the times are of
 * @param referralToClaim how long tasks claimed in the period waited to be claimed
 * @param claimToCompletion how long tasks completed in the period took from claim to completion
 * @param handOffs tasks one sector asked another to do, by the week they were asked for
 * @param goals the caseload's goals met in the period, and those open now
 */
public record TeamFigures(
        Instant asOf,
        LocalDate today,
        int caseload,
        List<OrganisationShare> organisations,
        int openTasks,
        int overdueTasks,
        int unclaimedTasks,
        DashboardPeriod period,
        Durations referralToClaim,
        Durations claimToCompletion,
        List<HandOff> handOffs,
        Goals goals) {

    public TeamFigures {
        organisations = List.copyOf(organisations);
        handOffs = List.copyOf(handOffs);
    }

    /**
     * Tasks that someone in one sector asked another sector to do in a week.
     *
     * @param week the Monday of the week they were asked for
     * @param from the sector that asked: {@code health}, {@code social-care} or {@code voluntary}
     * @param to the sector that holds them now
     */
    public record HandOff(LocalDate week, String from, String to, int tasks) {

        /** {@code Health to social care}. */
        public String direction() {
            return sector(from) + " to " + sector(to).toLowerCase(java.util.Locale.UK);
        }

        private static String sector(String code) {
            return switch (code) {
                case "health" -> "Health";
                case "social-care" -> "Social care";
                case "voluntary" -> "Voluntary sector";
                default -> code;
            };
        }
    }

    /** The caseload's goals met in the period (closed as achieved then), and those open now. */
    public record Goals(int met, int open) {}

    /** All hand-offs of the period, each direction once, the most first. */
    public java.util.Map<String, Integer> handOffsByDirection() {
        java.util.Map<String, Integer> totals = new java.util.LinkedHashMap<>();
        handOffs.stream()
                .sorted(java.util.Comparator.comparing(HandOff::direction))
                .forEach(handOff -> totals.merge(handOff.direction(), handOff.tasks(), Integer::sum));
        java.util.Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
        totals.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /**
     * How many tasks, and the median and 90th percentile of their times in minutes (both null when
     * there were none).
     */
    public record Durations(int tasks, Long medianMinutes, Long ninetiethMinutes) {

        public static final Durations NONE = new Durations(0, null, null);

        /** A time in words: "45 minutes", "3 hours 20 minutes", "2 days 4 hours". */
        public static String words(Long minutes) {
            if (minutes == null) {
                return "";
            }
            long days = minutes / (24 * 60);
            long hours = (minutes % (24 * 60)) / 60;
            long rest = minutes % 60;
            if (days > 0) {
                return unit(days, "day") + (hours > 0 ? " " + unit(hours, "hour") : "");
            }
            if (hours > 0) {
                return unit(hours, "hour") + (rest > 0 ? " " + unit(rest, "minute") : "");
            }
            return unit(rest, "minute");
        }

        private static String unit(long count, String name) {
            return count + " " + name + (count == 1 ? "" : "s");
        }
    }

    /** An organisation by name, and how many of the caseload's people it has on its own. */
    public record OrganisationShare(String name, int people) {}
}
