package care.neighbourhood.portal.caseload;

import java.util.List;

/**
 * One page of the caseload as the user asked to see it.
 *
 * @param query what was asked for (the page corrected to one that exists)
 * @param people the rows of this page
 * @param caseloadSize everyone on the caseload
 * @param matching the people who match the filters
 * @param pages how many pages the matching people fill (at least one)
 */
public record CaseloadPage(
        CaseloadQuery query, List<PersonOnCaseload> people, int caseloadSize, int matching, int pages) {

    /** Rows per page. */
    public static final int PAGE_SIZE = 25;

    public CaseloadPage {
        people = List.copyOf(people);
    }

    /** The view of a caseload that a query asks for. */
    /** The page the server gave for {@code query}. */
    public static CaseloadPage of(CaseloadQuery query, List<PersonOnCaseload> people, int caseloadSize, int matching) {
        return new CaseloadPage(query, people, caseloadSize, matching, pagesFor(matching));
    }

    /** How many pages {@code matching} people fill, at least one. */
    public static int pagesFor(int matching) {
        return Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    public int page() {
        return query.page();
    }

    public boolean hasPrevious() {
        return page() > 1;
    }

    public boolean hasNext() {
        return page() < pages;
    }

    public boolean isFiltered() {
        return query.isFiltered();
    }

    /** "1 person" or "11 people". */
    public static String people(int count) {
        return count == 1 ? "1 person" : count + " people";
    }
}
