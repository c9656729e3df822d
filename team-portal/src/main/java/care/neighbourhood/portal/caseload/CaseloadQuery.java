package care.neighbourhood.portal.caseload;

import java.util.Locale;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the user asked the caseload page for, all of it in the URL so that a view can be bookmarked:
 * a name or NHS number to look for, a task filter, an order and a page.
 *
 * @param text part of a name or NHS number, or empty
 */
public record CaseloadQuery(String text, TaskFilter tasks, CaseloadSort sort, int page) {

    /** Longer text than this is not a name or an NHS number. */
    static final int MAX_TEXT = 100;

    public CaseloadQuery {
        text = text == null ? "" : text.strip();
        page = Math.max(1, page);
    }

    static CaseloadQuery everyone() {
        return new CaseloadQuery("", TaskFilter.ALL, CaseloadSort.NAME, 1);
    }

    boolean isFiltered() {
        return !text.isEmpty() || tasks != TaskFilter.ALL;
    }

    boolean matches(PersonOnCaseload person) {
        return tasks.matches(person) && matchesText(person);
    }

    private boolean matchesText(PersonOnCaseload person) {
        if (text.isEmpty()) {
            return true;
        }
        String digits = text.replace(" ", "");
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            return person.nhsNumber() != null && person.nhsNumber().contains(digits);
        }
        String wanted = text.toLowerCase(Locale.UK).replace(",", " ");
        String name = person.name().toLowerCase(Locale.UK).replace(",", " ");
        for (String word : wanted.split("\\s+")) {
            if (!word.isEmpty() && !name.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** The link to another page of this view. */
    public String linkToPage(int other) {
        var link = UriComponentsBuilder.fromPath("/");
        if (!text.isEmpty()) {
            link.queryParam("q", text);
        }
        if (tasks != TaskFilter.ALL) {
            link.queryParam("tasks", tasks.value());
        }
        if (sort != CaseloadSort.NAME) {
            link.queryParam("sort", sort.value());
        }
        if (other > 1) {
            link.queryParam("page", other);
        }
        return link.encode().build().toUriString();
    }
}
