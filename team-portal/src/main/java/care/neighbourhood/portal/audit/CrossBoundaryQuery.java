package care.neighbourhood.portal.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross-boundary report's form: from and to dates (by default the last 30 days) and the period to
 * count by (by default a week), with what is wrong with them.
 *
 * @param from the first day, or {@code null} when not a date
 * @param to the last day, or {@code null} when not a date
 * @param fromText the start date as entered (or the default), to show in the form again
 * @param toText the end date as entered (or the default)
 * @param period the period to count by
 * @param errors problems to show, empty when the report can run
 */
record CrossBoundaryQuery(
        LocalDate from, LocalDate to, String fromText, String toText, ReportingPeriod period, List<FormError> errors) {

    static final ReportingPeriod DEFAULT_PERIOD = ReportingPeriod.WEEK;

    CrossBoundaryQuery {
        errors = List.copyOf(errors);
    }

    static CrossBoundaryQuery read(String fromText, String toText, String periodCode, LocalDate today) {
        List<FormError> errors = new ArrayList<>();
        LocalDate from = DateField.read(
                fromText, today.minusDays(AuditReportsController.DEFAULT_DAYS), "from", "start date", errors);
        LocalDate to = DateField.read(toText, today, "to", "end date", errors);
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new FormError("to", "The end date must be the same as or after the start date"));
        }
        ReportingPeriod period = DEFAULT_PERIOD;
        if (periodCode != null && !periodCode.isBlank()) {
            period = ReportingPeriod.fromCode(periodCode).orElse(null);
            if (period == null) {
                errors.add(new FormError("period-day", "Select day, week or month"));
                period = DEFAULT_PERIOD;
            }
        }
        return new CrossBoundaryQuery(
                from,
                to,
                from != null ? from.toString() : fromText,
                to != null ? to.toString() : toText,
                period,
                errors);
    }
}
