package care.neighbourhood.fhirserver.sampledata;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {{today}}}, {@code {{today+N}}} and {@code {{today-N}}} in sample bundles with
 * ISO dates, so that due dates and periods stay relative to the day the sample is loaded.
 */
final class RelativeDates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{today(?:([+-])(\\d{1,5}))?}}");

    private RelativeDates() {}

    static String resolve(String text, LocalDate today) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            long days = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
            LocalDate date = "-".equals(matcher.group(1)) ? today.minusDays(days) : today.plusDays(days);
            matcher.appendReplacement(out, date.toString());
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
