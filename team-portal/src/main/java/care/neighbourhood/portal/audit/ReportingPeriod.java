package care.neighbourhood.portal.audit;

import java.util.Arrays;
import java.util.Optional;

/** How the cross-boundary report groups its counts. */
public enum ReportingPeriod {
    DAY("day", "Day"),
    WEEK("week", "Week"),
    MONTH("month", "Month");

    private final String code;
    private final String label;

    ReportingPeriod(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The value of the {@code period} parameter of {@code $cross-boundary}. */
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<ReportingPeriod> fromCode(String code) {
        return Arrays.stream(values())
                .filter(period -> period.code.equals(code))
                .findFirst();
    }
}
