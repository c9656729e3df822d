package care.neighbourhood.portal.tasks;

import java.util.List;
import java.util.Map;

/**
 * One page of the board as the user asked to see it.
 *
 * @param query what was asked for (the page corrected to one that exists)
 * @param tasks the rows of this page
 * @param counts how many tasks each scope holds with the other filters applied
 * @param matching the tasks that match the scope and filters
 * @param pages how many pages they fill (at least one)
 */
public record TaskBoardPage(
        TaskBoardQuery query, List<TaskOnBoard> tasks, Map<TaskScope, Integer> counts, int matching, int pages) {

    /** Rows per page. */
    public static final int PAGE_SIZE = 25;

    public TaskBoardPage {
        tasks = List.copyOf(tasks);
        counts = Map.copyOf(counts);
    }

    /**
     * The page the server gave for {@code query}: its rows, the counts in each scope and how many tasks
     * match in all.
     */
    public static TaskBoardPage of(
            TaskBoardQuery query, List<TaskOnBoard> rows, Map<TaskScope, Integer> counts, int matching) {
        return new TaskBoardPage(query, rows, counts, matching, pagesFor(matching));
    }

    /** How many pages {@code matching} tasks fill, at least one. */
    public static int pagesFor(int matching) {
        return Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** The same page with its rows as shown (see {@link TaskWork#shown}). */
    TaskBoardPage withTasks(List<TaskOnBoard> shown) {
        return new TaskBoardPage(query, shown, counts, matching, pages);
    }

    public int count(TaskScope scope) {
        return counts.getOrDefault(scope, 0);
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

    /** How many tasks match: "1 task" or "3 tasks". */
    public String matchingText() {
        return tasks(matching);
    }

    /** "1 task" or "3 tasks". */
    public static String tasks(int count) {
        return count == 1 ? "1 task" : count + " tasks";
    }
}
