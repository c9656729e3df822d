package care.neighbourhood.portal.caseload;

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

    /** The same view on another page. */
    public CaseloadQuery onPage(int other) {
        return new CaseloadQuery(text, tasks, sort, other);
    }

    public CaseloadQuery {
        text = text == null ? "" : text.strip();
        page = Math.max(1, page);
    }

    public static CaseloadQuery everyone() {
        return new CaseloadQuery("", TaskFilter.ALL, CaseloadSort.NAME, 1);
    }

    boolean isFiltered() {
        return !text.isEmpty() || tasks != TaskFilter.ALL;
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
