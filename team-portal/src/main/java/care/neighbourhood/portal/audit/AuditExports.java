package care.neighbourhood.portal.audit;

import care.neighbourhood.portal.csv.Csv;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The reports as CSV: every page of a search, read by following the offsets the server gives, up to
 * {@link #MAX_ROWS} rows; an export that stops there says so in its last row.
 */
@Component
class AuditExports {

    static final int MAX_ROWS = 10_000;
    static final int EXPORT_PAGE_SIZE = 100;

    private static final List<String> ACCESS_COLUMNS = List.of(
            "When",
            "Who",
            "Practitioner",
            "Organisation",
            "Role",
            "Interaction",
            "Resource",
            "Query",
            "Access basis",
            "Purpose of use",
            "Outcome",
            "Outcome description");

    private final AuditTrail trail;
    private final BreakGlassReviews reviews;
    private final AuditTimes times;
    private final int maxRows;

    @Autowired
    AuditExports(AuditTrail trail, BreakGlassReviews reviews, AuditTimes times) {
        this(trail, reviews, times, MAX_ROWS);
    }

    AuditExports(AuditTrail trail, BreakGlassReviews reviews, AuditTimes times, int maxRows) {
        this.trail = trail;
        this.reviews = reviews;
        this.times = times;
        this.maxRows = maxRows;
    }

    String accessesToPerson(String nhsNumber) {
        return accesses(offset -> trail.accessesToPerson(nhsNumber, offset, EXPORT_PAGE_SIZE));
    }

    String deniedAccesses(LocalDate from) {
        return accesses(offset -> trail.deniedAccesses(from, offset, EXPORT_PAGE_SIZE));
    }

    String crossBoundaryAccesses(LocalDate from, LocalDate to, ReportingPeriod period) {
        Csv csv = new Csv()
                .row(
                        "Period start",
                        "Period",
                        "Accessing organisation",
                        "Accessing sector",
                        "Data organisation",
                        "Data sector",
                        "Count");
        for (CrossBoundaryCount count : trail.crossBoundaryAccesses(from, to, period)) {
            csv.row(
                    count.periodStart(),
                    period.code(),
                    count.accessingOrganisation(),
                    count.accessingSector(),
                    count.dataOrganisation(),
                    count.dataSector(),
                    Long.toString(count.count()));
        }
        return csv.toString();
    }

    String breakGlassQueue() {
        Csv csv = new Csv().row("Review task", "Person", "Practitioner", "Emergency access at", "Reason");
        for (BreakGlassAccess access : reviews.awaitingReview()) {
            csv.row(
                    access.reviewTaskId(),
                    access.person(),
                    access.practitioner(),
                    times.inExport(access.requestedAt()),
                    access.reason());
        }
        return csv.toString();
    }

    private String accesses(IntFunction<AccessPage> pages) {
        Csv csv = new Csv().row(ACCESS_COLUMNS);
        int rows = 0;
        int offset = 0;
        while (true) {
            AccessPage page = pages.apply(offset);
            List<RecordedAccess> accesses = page.accesses();
            for (int i = 0; i < accesses.size(); i++) {
                if (rows == maxRows) {
                    return stoppedAt(csv);
                }
                csv.row(row(accesses.get(i)));
                rows++;
            }
            if (!page.hasNext() || accesses.isEmpty()) {
                return csv.toString();
            }
            if (rows == maxRows) {
                return stoppedAt(csv);
            }
            offset = page.nextOffset();
        }
    }

    private String stoppedAt(Csv csv) {
        return csv.row("Export stopped at " + maxRows + " rows: there are more. Narrow the report to export the rest.")
                .toString();
    }

    private List<String> row(RecordedAccess access) {
        List<String> fields = new ArrayList<>(ACCESS_COLUMNS.size());
        fields.add(times.inExport(access.when()));
        fields.add(access.who());
        fields.add(access.whoReference());
        fields.add(access.organisation());
        fields.add(access.role());
        fields.add(access.interaction());
        fields.add(access.resource());
        fields.add(access.query());
        fields.add(access.accessBasis());
        fields.add(access.purpose());
        fields.add(access.outcome());
        fields.add(access.outcomeDescription());
        return fields;
    }
}
