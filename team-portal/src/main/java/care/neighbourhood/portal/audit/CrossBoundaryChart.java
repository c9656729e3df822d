package care.neighbourhood.portal.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A horizontal bar chart of cross-boundary accesses, one bar per organisation pair with the total over
 * all periods, laid out here so that the template only draws it as inline SVG (no script needed). The
 * description carries every number, for screen readers; the page also has a table with the same data.
 *
 * @param bars the bars, the largest first
 * @param width the drawing's width in SVG units
 * @param height the drawing's height in SVG units
 * @param description the chart in words
 */
public record CrossBoundaryChart(List<Bar> bars, int width, int height, String description) {

    static final int WIDTH = 720;
    static final int LONGEST_BAR = 600;
    private static final int ROW = 60;
    private static final int LABEL_BASELINE = 18;
    private static final int BAR_TOP = 26;
    private static final int BAR_HEIGHT = 22;

    public CrossBoundaryChart {
        bars = List.copyOf(bars);
    }

    /**
     * One bar with its label above it and its count to its right.
     *
     * @param label the organisation pair with its sectors
     * @param count the total of accesses
     * @param labelY baseline of the label
     * @param barY top of the bar
     * @param barWidth length of the bar, in proportion to the largest count
     * @param countX where the count is written
     * @param countY baseline of the count
     */
    public record Bar(String label, long count, int labelY, int barY, int barWidth, int countX, int countY) {

        public int barHeight() {
            return BAR_HEIGHT;
        }
    }

    /**
     * @param counts the report's rows
     * @param range the time range in words, e.g. {@code from 1 Nov 2026 to 30 Nov 2026}
     */
    static CrossBoundaryChart of(List<CrossBoundaryCount> counts, String range) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (CrossBoundaryCount count : counts) {
            String label = count.organisationPair() + " (" + count.sectors() + ")";
            totals.merge(label, count.count(), Long::sum);
        }
        List<Map.Entry<String, Long>> ordered = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        long largest = ordered.stream().mapToLong(Map.Entry::getValue).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            long count = ordered.get(i).getValue();
            int top = i * ROW;
            int width = largest <= 0
                    ? 0
                    : (int) Math.max(count > 0 ? 2 : 0, Math.round((double) count * LONGEST_BAR / largest));
            bars.add(new Bar(
                    ordered.get(i).getKey(),
                    count,
                    top + LABEL_BASELINE,
                    top + BAR_TOP,
                    width,
                    width + 8,
                    top + BAR_TOP + BAR_HEIGHT - 6));
        }
        String description = ordered.isEmpty()
                ? "No accesses across sector boundaries " + range + "."
                : "Accesses across sector boundaries " + range + ", per organisation pair: "
                        + ordered.stream()
                                .map(entry -> entry.getKey() + ": " + entry.getValue())
                                .collect(Collectors.joining("; "))
                        + ".";
        return new CrossBoundaryChart(bars, WIDTH, Math.max(ROW, ordered.size() * ROW), description);
    }
}
