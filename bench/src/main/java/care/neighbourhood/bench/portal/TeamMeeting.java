package care.neighbourhood.bench.portal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team meeting for the measured pages: scheduled through the portal's own form by the signed-in
 * user, with {@link #PEOPLE} people from the first pages of their caseload on its agenda.
 */
final class TeamMeeting {

    static final int PEOPLE = 20;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern NHS_NUMBER = Pattern.compile("\\b(\\d{3}) (\\d{3}) (\\d{4})\\b");

    private TeamMeeting() {}

    /** Schedules the meeting; its page's path, {@code /meetings/{id}}. */
    static String schedule(PortalSession session, LocalDate day) throws IOException, InterruptedException {
        Set<String> numbers = new LinkedHashSet<>();
        for (int page = 1; numbers.size() < PEOPLE && page <= 5; page++) {
            Matcher found = NHS_NUMBER.matcher(session.get("/?page=" + page).body());
            while (numbers.size() < PEOPLE && found.find()) {
                numbers.add(found.group(1) + found.group(2) + found.group(3));
            }
        }
        Matcher csrf = CSRF.matcher(session.get("/meetings/new").body());
        if (!csrf.find()) {
            throw new IllegalStateException("the scheduling form has no CSRF field");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf.group(1));
        form.put("title", "Benchmark team meeting");
        form.put("date", day.toString());
        form.put("time", "14:00");
        form.put("minutes", "90");
        form.put("people", String.join("\n", numbers));
        HttpResponse<String> scheduled = session.post("/meetings", form);
        String location = scheduled.headers().firstValue("Location").orElse("");
        if (scheduled.statusCode() != 302 || !location.contains("/meetings/")) {
            throw new IllegalStateException("scheduling the meeting answered " + scheduled.statusCode() + ": "
                    + scheduled
                            .body()
                            .substring(0, Math.min(500, scheduled.body().length())));
        }
        return location.substring(location.indexOf("/meetings/"));
    }
}
