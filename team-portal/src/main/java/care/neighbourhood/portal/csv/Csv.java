package care.neighbourhood.portal.csv;

import java.util.List;

/**
 * Comma-separated values as spreadsheets read them (RFC 4180): a field with a comma, quote or line
 * break is quoted and its quotes doubled. A field a spreadsheet would take for a formula (starting
 * with {@code = + - @}, or a tab or carriage return) is prefixed with a single quote, so that opening
 * an export never runs what someone typed into a reason or a query.
 */
public final class Csv {

    public static final String LINE_END = "\r\n";

    private final StringBuilder text = new StringBuilder();

    /** Adds one row. */
    public Csv row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(fields.get(i)));
        }
        text.append(LINE_END);
        return this;
    }

    public Csv row(String... fields) {
        return row(java.util.Arrays.asList(fields)); // a field may be null: written empty
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** One field, made safe and quoted as needed. */
    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = startsLikeAFormula(value) ? "'" + value : value;
        boolean quote =
                safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static boolean startsLikeAFormula(String value) {
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
