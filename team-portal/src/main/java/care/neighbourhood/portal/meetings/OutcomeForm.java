package care.neighbourhood.portal.meetings;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The form on which a meeting's discussions and decisions are recorded, one section per person on the
 * agenda still to be discussed, bound from {@code items[i].summary}, {@code items[i].decisions[j].what}
 * and so on. A decision row left wholly empty is no decision.
 */
public class OutcomeForm {

    static final int LONGEST_SUMMARY = 2000;
    static final int LONGEST_DECISION = 500;
    static final int MOST_DECISIONS = 10;
    static final Set<String> PRIORITIES = Set.of("routine", "urgent", "asap", "stat");

    private List<Item> items = new ArrayList<>();

    public List<Item> getItems() {
        return items;
    }

    public void setItems(List<Item> items) {
        this.items = items;
    }

    /** The form for the meeting's items still to discuss: an empty decision row for each. */
    static OutcomeForm of(Meeting meeting) {
        OutcomeForm form = new OutcomeForm();
        for (Meeting.AgendaItem item : meeting.toDiscuss()) {
            Item row = new Item();
            row.setId(item.id());
            row.setVersion(item.version());
            row.getDecisions().add(new DecisionRow());
            form.items.add(row);
        }
        return form;
    }

    /** One person's section. */
    public static class Item {
        private String id;
        private String version;
        private String summary;
        private List<DecisionRow> decisions = new ArrayList<>();

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getVersion() {
            return version;
        }

        public void setVersion(String version) {
            this.version = version;
        }

        public String getSummary() {
            return summary;
        }

        public void setSummary(String summary) {
            this.summary = summary;
        }

        public List<DecisionRow> getDecisions() {
            return decisions;
        }

        public void setDecisions(List<DecisionRow> decisions) {
            this.decisions = decisions;
        }
    }

    /** One decision row. */
    public static class DecisionRow {
        private String what;
        private String owner;
        private String due;
        private String priority = "routine";

        public String getWhat() {
            return what;
        }

        public void setWhat(String what) {
            this.what = what;
        }

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public String getDue() {
            return due;
        }

        public void setDue(String due) {
            this.due = due;
        }

        public String getPriority() {
            return priority;
        }

        public void setPriority(String priority) {
            this.priority = priority;
        }

        boolean isEmpty() {
            return blank(what) && blank(owner) && blank(due);
        }
    }

    /** Adds an empty decision row to the item, up to the most a person may have. */
    void addDecisionTo(String itemId) {
        items.stream()
                .filter(item ->
                        itemId.equals(item.getId()) && item.getDecisions().size() < MOST_DECISIONS)
                .forEach(item -> item.getDecisions().add(new DecisionRow()));
    }

    /**
     * Checks every section against the meeting and the choices offered, putting each problem under the
     * id of its field.
     *
     * @return the discussions to record, when nothing is wrong
     */
    List<Discussion> check(Meeting meeting, MeetingChoices choices, LocalDate today, Map<String, String> errors) {
        List<Discussion> discussions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (meeting.toDiscuss().stream()
                    .noneMatch(shown ->
                            shown.id().equals(item.getId()) && shown.version().equals(item.getVersion()))) {
                errors.put("items-" + i, "This person's discussion was recorded meanwhile, or is not on the agenda");
                continue;
            }
            String summary = item.getSummary() == null ? "" : item.getSummary().strip();
            if (summary.length() > LONGEST_SUMMARY) {
                errors.put(
                        "items-" + i + "-summary", "The summary must be " + LONGEST_SUMMARY + " characters or fewer");
            }
            List<Discussion.Decision> decisions = new ArrayList<>();
            for (int j = 0; j < item.getDecisions().size() && j < MOST_DECISIONS; j++) {
                DecisionRow row = item.getDecisions().get(j);
                if (row == null || row.isEmpty()) {
                    continue;
                }
                decisions.add(decision(row, "items-" + i + "-decisions-" + j, choices, today, errors));
            }
            if (summary.isEmpty() && decisions.isEmpty()) {
                continue; // not discussed at this meeting
            }
            if (summary.isEmpty()) {
                errors.put("items-" + i + "-summary", "Enter a summary of the discussion");
            }
            discussions.add(new Discussion(item.getId(), item.getVersion(), summary, decisions));
        }
        if (errors.isEmpty() && discussions.isEmpty()) {
            errors.put("items-0-summary", "Enter the discussion of at least one person");
        }
        return errors.isEmpty() ? discussions : List.of();
    }

    private static Discussion.Decision decision(
            DecisionRow row, String field, MeetingChoices choices, LocalDate today, Map<String, String> errors) {
        String what = row.getWhat() == null ? "" : row.getWhat().strip();
        if (what.isEmpty()) {
            errors.put(field + "-what", "Enter what was decided");
        } else if (what.length() > LONGEST_DECISION) {
            errors.put(field + "-what", "The decision must be " + LONGEST_DECISION + " characters or fewer");
        }
        if (row.getOwner() == null || !choices.offersOwner(row.getOwner())) {
            errors.put(field + "-owner", "Select who will do it");
        }
        LocalDate due = null;
        try {
            due = LocalDate.parse(row.getDue() == null ? "" : row.getDue().strip());
            if (due.isBefore(today)) {
                errors.put(field + "-due", "The due date must be today or later");
            }
        } catch (DateTimeParseException e) {
            errors.put(field + "-due", "Enter the date it is due by");
        }
        if (!PRIORITIES.contains(row.getPriority())) {
            errors.put(field + "-priority", "Select a priority");
        }
        return new Discussion.Decision(what, row.getOwner(), due, row.getPriority());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** Problems keyed by field, kept in form order. */
    static Map<String, String> problems() {
        return new LinkedHashMap<>();
    }
}
