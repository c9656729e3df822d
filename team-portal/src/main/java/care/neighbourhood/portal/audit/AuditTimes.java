package care.neighbourhood.portal.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Dates and times of the reports in the neighbourhood's own time zone: on pages as people read them
 * ({@code 3 Nov 2026, 14:05}), in exports as ISO 8601 with the offset.
 */
@Component
public class AuditTimes {

    private static final DateTimeFormatter ON_PAGE = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter DAY_ON_PAGE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    private final Clock clock;

    AuditTimes(Clock clock) {
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    /** {@code 3 Nov 2026, 14:05}, or empty when not recorded. */
    public String onPage(Instant when) {
        return when == null ? "" : ON_PAGE.format(when.atZone(clock.getZone()));
    }

    /** {@code 2026-11-03T14:05:00Z} with the neighbourhood's offset, or empty. */
    public String inExport(Instant when) {
        return when == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(when.atZone(clock.getZone()));
    }

    /** {@code 3 Nov 2026} for an ISO date; anything else as it is. */
    public String day(String isoDate) {
        if (isoDate == null || isoDate.length() < 10) {
            return isoDate == null ? "" : isoDate;
        }
        try {
            return DAY_ON_PAGE.format(LocalDate.parse(isoDate.substring(0, 10)));
        } catch (DateTimeParseException e) {
            return isoDate;
        }
    }
}
