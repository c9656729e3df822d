package care.neighbourhood.portal.dashboard;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bar charts drawn on the server as SVG markup (JFreeChart on JFreeSVG's Graphics2D), so a page shows
 * them without JavaScript. Every chart is decoration beside a table that gives the same figures: the
 * page hides it from screen readers, and if it cannot be drawn the page shows the table alone.
 */
@Component
class BarCharts {

    private static final Logger log = LoggerFactory.getLogger(BarCharts.class);

    /** NHS blue bars, black text, on white: the design system's colours, well above 3:1 contrast. */
    private static final Color BAR = new Color(0x00, 0x5e, 0xb8);

    private static final Color TEXT = new Color(0x21, 0x2b, 0x32);
    private static final int WIDTH = 640;
    private static final int ROW = 36;

    /** One bar: its label and value. */
    record Bar(String label, int value) {}

    /** The bars as SVG markup, longest-labelled rows readable at 640 pixels wide; empty when none. */
    Optional<String> horizontal(String title, List<Bar> bars) {
        if (bars.isEmpty()) {
            return Optional.empty();
        }
        try {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Bar bar : bars) {
                data.addValue(bar.value(), "people", bar.label());
            }
            JFreeChart chart = ChartFactory.createBarChart(
                    null, null, null, data, PlotOrientation.HORIZONTAL, false, false, false);
            style(chart);
            int height = 60 + ROW * bars.size();
            SVGGraphics2D svg = new SVGGraphics2D(WIDTH, height);
            chart.draw(svg, new Rectangle(0, 0, WIDTH, height));
            return Optional.of(svg.getSVGElement());
        } catch (RuntimeException | Error e) {
            log.warn("Could not draw the chart '{}'; the page shows its table alone", title, e);
            return Optional.empty();
        }
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xd8, 0xdd, 0xe0));
        Font labels = new Font("SansSerif", Font.PLAIN, 14);
        plot.getDomainAxis().setTickLabelFont(labels);
        plot.getDomainAxis().setTickLabelPaint(TEXT);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        values.setTickLabelFont(labels);
        values.setTickLabelPaint(TEXT);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, BAR);
        renderer.setMaximumBarWidth(0.6);
    }
}
