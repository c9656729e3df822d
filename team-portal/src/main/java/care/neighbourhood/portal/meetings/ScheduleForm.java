package care.neighbourhood.portal.meetings;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scheduling form as the user filled it in, and what is wrong with it: each problem keyed by the
 * id of the field it is about, in the order of the form.
 */
public final class ScheduleForm {

    static final List<Integer> LENGTHS = List.of(30, 45, 60, 90, 120);
    static final int MOST_PEOPLE = 30;
    private static final int LONGEST_TITLE = 200;
    private static final Pattern TEN_DIGITS = Pattern.compile("\\d{10}");

    private final String title;
    private final String date;
    private final String time;
    private final String minutes;
    private final List<String> attendees;
    private final String people;
    private final Map<String, String> errors = new LinkedHashMap<>();
    private MeetingPlan plan;

    ScheduleForm(String title, String date, String time, String minutes, List<String> attendees, String people) {
        this.title = title == null ? "" : title.strip();
        this.date = date == null ? "" : date.strip();
        this.time = time == null ? "" : time.strip();
        this.minutes = minutes == null ? "60" : minutes;
        this.attendees = attendees == null ? List.of() : List.copyOf(attendees);
        this.people = people == null ? "" : people;
    }

    public String getTitle() {
        return title;
    }

    public String getDate() {
        return date;
    }

    public String getTime() {
        return time;
    }

    public String getMinutes() {
        return minutes;
    }

    public List<String> getAttendees() {
        return attendees;
    }

    public String getPeople() {
        return people;
    }

    /** What is wrong, keyed by field id, in form order. */
    public Map<String, String> getErrors() {
        return errors;
    }

    static ScheduleForm blank() {
        return new ScheduleForm("Neighbourhood team meeting", "", "", "60", List.of(), "");
    }

    /** Checks the form against the choices offered; the plan when nothing is wrong. */
    MeetingPlan check(MeetingChoices choices, LocalDate today) {
        if (title.isEmpty()) {
            errors.put("meeting-title", "Enter a name for the meeting");
        } else if (title.length() > LONGEST_TITLE) {
            errors.put("meeting-title", "The name must be " + LONGEST_TITLE + " characters or fewer");
        }
        LocalDate day = null;
        try {
            day = LocalDate.parse(date);
            if (day.isBefore(today)) {
                errors.put("meeting-date", "The day of the meeting must be today or later");
            }
        } catch (DateTimeParseException e) {
            errors.put("meeting-date", "Enter the day of the meeting as a real date");
        }
        LocalTime at = null;
        try {
            at = LocalTime.parse(time);
        } catch (DateTimeParseException e) {
            errors.put("meeting-time", "Enter the time the meeting starts, for example 14:30");
        }
        int length = LENGTHS.stream()
                .filter(option -> String.valueOf(option).equals(minutes))
                .findFirst()
                .orElse(0);
        if (length == 0) {
            errors.put("meeting-minutes", "Select how long the meeting lasts");
        }
        if (attendees.stream().anyMatch(attendee -> !choices.offersStaff(attendee))) {
            errors.put("meeting-attendees", "Select attendees from the list");
        }
        List<String> nhsNumbers = nhsNumbers();
        if (day != null && at != null && errors.isEmpty()) {
            plan = new MeetingPlan(title, LocalDateTime.of(day, at), length, attendees, nhsNumbers);
        }
        return plan;
    }

    private List<String> nhsNumbers() {
        Set<String> numbers = new LinkedHashSet<>();
        List<String> unreadable = new ArrayList<>();
        for (String line : people.split("[\\r\\n,]+")) {
            String digits = line.replaceAll("[\\s-]", "");
            if (digits.isEmpty()) {
                continue;
            }
            if (TEN_DIGITS.matcher(digits).matches()) {
                numbers.add(digits);
            } else {
                unreadable.add(line.strip());
            }
        }
        if (!unreadable.isEmpty()) {
            errors.put(
                    "meeting-people",
                    "Each line must be an NHS number of 10 digits; these are not: " + String.join(", ", unreadable));
        } else if (numbers.isEmpty()) {
            errors.put("meeting-people", "Enter the NHS number of at least one person to discuss");
        } else if (numbers.size() > MOST_PEOPLE) {
            errors.put("meeting-people", "A meeting can discuss at most " + MOST_PEOPLE + " people");
        }
        return List.copyOf(numbers);
    }
}
