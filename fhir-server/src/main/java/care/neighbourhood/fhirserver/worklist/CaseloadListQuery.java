package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a caller asked {@code Patient/$caseload} for: a name or NHS number to look for, which people
 * by their tasks, an order and a page. Anything else is a 400 naming what was wrong.
 *
 * @param text part of a name or NHS number, or empty
 */
public record CaseloadListQuery(String text, Tasks tasks, Sort sort, int count, int page) {

    /** Longer text than this is not a name or an NHS number. */
    public static final int MAX_TEXT = 100;

    static final Set<String> PARAMETERS = Set.of("q", "tasks", "sort", "_count", "page", "_format", "_pretty");

    /** Which people, by their open tasks. */
    public enum Tasks {
        ALL,
        OPEN,
        OVERDUE,
        UNCLAIMED;

        String code() {
            return name().toLowerCase();
        }
    }

    /** The orders; ties are broken by name. */
    public enum Sort {
        NAME,
        AGE,
        OPEN,
        OVERDUE,
        UNCLAIMED;

        String code() {
            return name().toLowerCase();
        }
    }

    public CaseloadListQuery {
        text = text == null ? "" : text.strip();
    }

    static CaseloadListQuery parse(Map<String, String[]> given) {
        given.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                throw bad("unknown parameter " + name + "; it takes q, tasks, sort, _count and page");
            }
            if (values != null && values.length > 1) {
                throw bad(name + " is given more than once");
            }
        });
        String text = one(given, "q");
        if (text != null && text.length() > MAX_TEXT) {
            throw bad("q is longer than " + MAX_TEXT + " characters");
        }
        return new CaseloadListQuery(
                text,
                code(one(given, "tasks"), Tasks.values(), Tasks.ALL, "tasks must be all, open, overdue or unclaimed"),
                code(
                        one(given, "sort"),
                        Sort.values(),
                        Sort.NAME,
                        "sort must be name, age, open, overdue or unclaimed"),
                WorklistQuery.number(
                        one(given, "_count"),
                        "_count",
                        WorklistQuery.DEFAULT_COUNT,
                        WorklistQuery.MAX_COUNT,
                        "Patient/$caseload"),
                WorklistQuery.number(one(given, "page"), "page", 1, WorklistQuery.MAX_PAGE, "Patient/$caseload"));
    }

    int offset() {
        return (page - 1) * count;
    }

    CaseloadListQuery onPage(int other) {
        return new CaseloadListQuery(text, tasks, sort, count, other);
    }

    /** This query as the operation's URL parameters, for the Bundle's links (the text URL-encoded). */
    String asParameters() {
        StringBuilder url = new StringBuilder();
        if (!text.isEmpty()) {
            url.append("q=")
                    .append(java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8))
                    .append('&');
        }
        return url.append("tasks=")
                .append(tasks.code())
                .append("&sort=")
                .append(sort.code())
                .append("&_count=")
                .append(count)
                .append("&page=")
                .append(page)
                .toString();
    }

    private static String one(Map<String, String[]> given, String name) {
        String[] values = given.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static <E extends Enum<E>> E code(String value, E[] values, E fallback, String problem) {
        if (value == null) {
            return fallback;
        }
        Optional<E> found = Arrays.stream(values)
                .filter(v -> v.name().toLowerCase().equals(value.strip()))
                .findFirst();
        return found.orElseThrow(() -> bad(problem));
    }

    private static InvalidRequestException bad(String why) {
        return new InvalidRequestException("Patient/$caseload: " + why + ".");
    }
}
