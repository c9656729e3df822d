package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a caller asked {@code Task/$worklist} for: whose tasks, which open statuses, a priority,
 * overdue only, and a page. Anything else is a 400 naming what was wrong.
 *
 * @param scope whose tasks
 * @param statuses open statuses to keep (all open statuses when none were asked for)
 * @param priority a priority code, or null for any
 * @param overdueOnly only tasks due before today
 * @param count tasks per page
 * @param page the page, from 1
 */
public record WorklistQuery(
        Scope scope, List<String> statuses, String priority, boolean overdueOnly, int count, int page) {

    public static final int DEFAULT_COUNT = 25;
    public static final int MAX_COUNT = 100;

    /** Pages beyond this are refused: a worklist is read from the top. */
    public static final int MAX_PAGE = 10_000;

    /** Whose tasks. */
    public enum Scope {
        /** Owned by the caller (a practitioner). */
        MINE("mine"),
        /** Owned by the caller or by the caller's organisation. */
        ORGANISATION("organisation"),
        /** Owned by nobody, or by an organisation or team rather than a person. */
        UNASSIGNED("unassigned"),
        /** Everyone's, for the people on the caller's caseload. */
        TEAM("team");

        private final String code;

        Scope(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Optional<Scope> of(String code) {
            return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
        }
    }

    public WorklistQuery {
        statuses = List.copyOf(statuses);
    }

    /** The query from the operation's parameters, each null when not given. */
    static WorklistQuery parse(
            String scope, String status, String priority, String overdue, String count, String page) {
        Scope wantedScope = scope == null
                ? Scope.TEAM
                : Scope.of(scope.strip())
                        .orElseThrow(() -> bad("scope must be one of mine, organisation, unassigned or team"));
        List<String> statuses = new ArrayList<>();
        if (status != null) {
            for (String code : status.split(",")) {
                String wanted = code.strip();
                if (!WorklistRow.OPEN_STATUSES.contains(wanted)) {
                    throw bad("status must be open statuses (" + String.join(", ", WorklistRow.OPEN_STATUSES)
                            + "), separated by commas");
                }
                if (!statuses.contains(wanted)) {
                    statuses.add(wanted);
                }
            }
        }
        if (priority != null && !WorklistRow.PRIORITIES.contains(priority.strip())) {
            throw bad("priority must be one of " + String.join(", ", WorklistRow.PRIORITIES));
        }
        boolean overdueOnly;
        if (overdue == null || overdue.strip().equals("false")) {
            overdueOnly = false;
        } else if (overdue.strip().equals("true")) {
            overdueOnly = true;
        } else {
            throw bad("overdue must be true or false");
        }
        return new WorklistQuery(
                wantedScope,
                statuses.isEmpty() ? WorklistRow.OPEN_STATUSES : statuses,
                priority == null ? null : priority.strip(),
                overdueOnly,
                number(count, "_count", DEFAULT_COUNT, MAX_COUNT),
                number(page, "page", 1, MAX_PAGE));
    }

    /** The parameters the operation takes; any other (an include, elements, a sort) is refused. */
    static final java.util.Set<String> PARAMETERS =
            java.util.Set.of("scope", "status", "priority", "overdue", "_count", "page", "_format", "_pretty");

    static void refuseUnknownParameters(java.util.Map<String, String[]> given) {
        given.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                throw bad("unknown parameter " + name + "; it takes scope, status, priority, overdue, _count and page");
            }
            if (values != null && values.length > 1) {
                throw bad(name + " is given more than once");
            }
        });
    }

    /** The rank of the priority asked for, or 0 for any. */
    int priorityRank() {
        return priority == null ? 0 : WorklistRow.rankOf(priority);
    }

    int offset() {
        return (page - 1) * count;
    }

    WorklistQuery onPage(int other) {
        return new WorklistQuery(scope, statuses, priority, overdueOnly, count, other);
    }

    /** This query as the operation's URL parameters, for the Bundle's links. */
    String asParameters() {
        StringBuilder url = new StringBuilder("scope=").append(scope.code());
        if (!statuses.equals(WorklistRow.OPEN_STATUSES)) {
            url.append("&status=").append(String.join(",", statuses));
        }
        if (priority != null) {
            url.append("&priority=").append(priority);
        }
        if (overdueOnly) {
            url.append("&overdue=true");
        }
        return url.append("&_count=")
                .append(count)
                .append("&page=")
                .append(page)
                .toString();
    }

    private static int number(String given, String name, int fallback, int most) {
        return number(given, name, fallback, most, "Task/$worklist");
    }

    /** A whole number from 1 to {@code most}, {@code fallback} when not given; else a 400 from {@code operation}. */
    static int number(String given, String name, int fallback, int most, String operation) {
        if (given == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(given.strip());
            if (value >= 1 && value <= most) {
                return value;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new InvalidRequestException(operation + ": " + name + " must be a whole number from 1 to " + most + ".");
    }

    private static InvalidRequestException bad(String why) {
        return new InvalidRequestException("Task/$worklist: " + why + ".");
    }
}
