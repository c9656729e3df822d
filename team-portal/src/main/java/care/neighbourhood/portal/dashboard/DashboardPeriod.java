package care.neighbourhood.portal.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The days the dashboard's times are counted over, both inclusive.
 *
 * @param from the first day
 * @param to the last day
 */
public record DashboardPeriod(LocalDate from, LocalDate to) {

    /** The longest period the server counts: a year. */
    public static final int MOST_DAYS = 366;

    /** The period when none is asked for: the 28 days up to {@code today}. */
    public static DashboardPeriod lastFourWeeks(LocalDate today) {
        return new DashboardPeriod(today.minusDays(27), today);
    }

    /**
     * The period a form asked for, or why it cannot be one, in words for the user.
     *
     * @param fromText the first day as the date field gives it (yyyy-mm-dd), or empty
     * @param toText the last day, or empty
     */
    static Asked asked(String fromText, String toText, LocalDate today) {
        DashboardPeriod fallback = lastFourWeeks(today);
        Optional<LocalDate> to = day(toText);
        Optional<LocalDate> from = day(fromText);
        if (to == null || from == null) {
            return new Asked(fallback, "Enter dates such as 1 November 2026 in both date fields.");
        }
        LocalDate last = to.orElse(today);
        LocalDate first = from.orElse(last.minusDays(27));
        if (first.isAfter(last)) {
            return new Asked(fallback, "The first day must be on or before the last day.");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MOST_DAYS) {
            return new Asked(fallback, "Choose a period of a year or less.");
        }
        return new Asked(new DashboardPeriod(first, last), null);
    }

    /** What was asked: the period to show, and the error to show (null when the request was good). */
    record Asked(DashboardPeriod period, String error) {}

    /** Empty when not given; null when given but not a date. */
    private static Optional<LocalDate> day(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
