package care.neighbourhood.portal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The charts are SVG markup with every label escaped, one bar per value, and none when there is nothing to draw. */
class BarChartsTests {

    private final BarCharts charts = new BarCharts();

    @Test
    void drawsOneBarPerValueWithItsLabelEscaped() {
        String svg = charts.horizontal(
                        "test",
                        List.of(
                                new BarCharts.Bar("Northbank & Co", 14),
                                new BarCharts.Bar("<script>alert(1)</script>", 6)))
                .orElseThrow();
        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg).contains("Northbank &amp; Co").doesNotContain("<script>");
        assertThat(svg.split(java.util.regex.Pattern.quote("fill:rgb(0,94,184)"), -1))
                .as("a bar in NHS blue for each value")
                .hasSize(3);
    }

    @Test
    void nothingToDrawIsNoChart() {
        assertThat(charts.horizontal("test", List.of())).isEmpty();
    }
}
