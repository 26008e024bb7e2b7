package dev.grantwire.bench.suite;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG plots of distributions (JFreeChart, headless). */
final class Plots {

    private static final Color[] COLORS = {
        new Color(0x0b5cad), new Color(0xc2410c), new Color(0x15803d), new Color(0x7e22ce)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /**
     * Latency by percentile, one line per series, the x axis in "nines" (50%, 90%, 99%, 99.9%) as
     * HdrHistogram plots it.
     */
    static void percentiles(Path file, String title, Map<String, Histogram> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, Histogram> e : series.entrySet()) {
            XYSeries line = new XYSeries(e.getKey());
            for (HistogramIterationValue v : e.getValue().percentiles(5)) {
                double percentile = v.getPercentileLevelIteratedTo();
                if (percentile >= 100.0) {
                    break;
                }
                line.add(1.0 / (1.0 - percentile / 100.0), v.getValueIteratedTo() / 1000.0);
            }
            data.addSeries(line);
        }
        LogAxis x =
                new LogAxis("percentile (1 / (1 − p): 2 = p50, 10 = p90, 100 = p99, 1000 = p99.9)");
        x.setBase(10);
        x.setSmallestValue(1);
        // Ticks at 1, 10, 100, 1000 (p0, p90, p99, p99.9), written as plain numbers.
        x.setTickUnit(new NumberTickUnit(1.0));
        x.setNumberFormatOverride(new DecimalFormat("0"));
        NumberAxis y = new NumberAxis("latency (ms)");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        save(file, new JFreeChart(title, new XYPlot(data, x, y, renderer)));
    }

    /** A histogram of samples (ms), one semi-transparent series per name. */
    static void histogram(
            Path file, String title, String xLabel, Map<String, List<Double>> series) {
        HistogramDataset data = new HistogramDataset();
        double max = 0;
        for (List<Double> values : series.values()) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        int bins = 60;
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            if (values.length > 0) {
                data.addSeries(e.getKey(), values, bins, 0, Math.max(max, 1));
            }
        }
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < series.size(); i++) {
            Color c = COLORS[i % COLORS.length];
            renderer.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
        }
        XYPlot plot = new XYPlot(data, new NumberAxis(xLabel), new NumberAxis("count"), renderer);
        save(file, new JFreeChart(title, plot));
    }

    private static void save(Path file, JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        try {
            Files.createDirectories(file.getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
