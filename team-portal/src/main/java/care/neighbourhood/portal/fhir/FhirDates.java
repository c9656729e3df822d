package care.neighbourhood.portal.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * FHIR dates as the neighbourhood reads them: partial dates widened to the days they can mean, and
 * every time shown in Europe/London, whatever offset the record was written with.
 */
final class FhirDates {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mma", Locale.UK);

    private FhirDates() {}

    /** The earliest day a (possibly partial) date or dateTime can mean: 2024 is 1 January 2024. */
    static LocalDate firstDay(BaseDateTimeType value) {
        String text = dateText(value);
        if (text == null) {
            return null;
        }
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1);
                case 7 -> YearMonth.parse(text).atDay(1);
                default -> LocalDate.parse(text.substring(0, 10));
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /** The latest day a (possibly partial) date or dateTime can mean: 2024 is 31 December 2024. */
    static LocalDate lastDay(BaseDateTimeType value) {
        String text = dateText(value);
        if (text == null) {
            return null;
        }
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 12, 31);
                case 7 -> YearMonth.parse(text).atEndOfMonth();
                default -> LocalDate.parse(text.substring(0, 10));
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * A date or dateTime for people to read: {@code 14 March 1941}, {@code March 2024}, or with a
     * time of day in London, {@code 9 March 2026 at 9:30am}. Null when there is no value.
     */
    static String forDisplay(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValueAsString() == null) {
            return null;
        }
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            LocalDate first = firstDay(value);
            if (first == null) {
                return text;
            }
            return switch (text.length()) {
                case 4 -> text;
                case 7 -> MONTH.format(first);
                default -> DAY.format(first);
            };
        }
        var inLondon = value.getValue().toInstant().atZone(LONDON);
        return DAY.format(inLondon) + " at " + TIME.format(inLondon).toLowerCase(Locale.UK);
    }

    /**
     * The date as written, so that a dateTime counts on the calendar day of its own offset rather
     * than being shifted by the portal's time zone.
     */
    private static String dateText(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValueAsString() == null) {
            return null;
        }
        String text = value.getValueAsString();
        return text.length() >= 10 ? text.substring(0, 10) : text;
    }

    /**
     * The end the server names in a basis clause such as {@code break-glass Basic/7 until
     * 2026-11-28T18:30:00Z}, in words in Europe/London time ("6:30pm on Saturday 28 November 2026").
     */
    static Optional<String> endInWords(String clause) {
        int until = clause.indexOf(" until ");
        if (until < 0) {
            return Optional.empty();
        }
        try {
            var local = Instant.parse(
                            clause.substring(until + " until ".length()).strip())
                    .atZone(LONDON);
            return Optional.of(TIME.format(local).toLowerCase(Locale.UK) + " on "
                    + DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK).format(local));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
