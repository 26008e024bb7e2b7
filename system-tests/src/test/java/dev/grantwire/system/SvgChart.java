package dev.grantwire.system;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain SVG line chart, so a test's figures can be looked at in a browser or in the docs without
 * a plotting tool: one line per series, axes from zero to the largest value, ticks at five steps.
 */
final class SvgChart {

    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
    };
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgChart() {}

    /**
     * @param series name -> (x, y) points in x order
     */
    static String lines(
            String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
        double maxX = 1e-9;
        double maxY = 1e-9;
        for (List<double[]> points : series.values()) {
            for (double[] point : points) {
                maxX = Math.max(maxX, point[0]);
                maxY = Math.max(maxY, point[1]);
            }
        }
        maxY = niceCeiling(maxY);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " font-family=\"sans-serif\" font-size=\"12\">%n",
                        WIDTH,
                        HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(WIDTH / 2.0, 22, title, "middle", 14));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<path d=\"M%d %d V%d H%d\" stroke=\"black\" fill=\"none\"/>%n",
                        LEFT,
                        TOP,
                        TOP + plotHeight,
                        LEFT + plotWidth));
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotHeight - plotHeight * i / 5.0;
            double x = LEFT + plotWidth * i / 5.0;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                            LEFT,
                            LEFT + plotWidth,
                            y,
                            y));
            svg.append(text(LEFT - 6, y + 4, format(maxY * i / 5), "end", 11));
            svg.append(text(x, TOP + plotHeight + 16, format(maxX * i / 5), "middle", 11));
        }
        svg.append(text(LEFT + plotWidth / 2.0, HEIGHT - 12, xLabel, "middle", 12));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16"
                                + " %.1f)\">%s</text>%n",
                        TOP + plotHeight / 2.0,
                        TOP + plotHeight / 2.0,
                        escape(yLabel)));
        int index = 0;
        for (Map.Entry<String, List<double[]>> line : series.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] point : line.getValue()) {
                double x = LEFT + plotWidth * point[0] / maxX;
                double y = TOP + plotHeight - plotHeight * point[1] / maxY;
                path.append(path.length() == 0 ? "M" : " L")
                        .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            }
            svg.append(
                    String.format(
                            "<path d=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>%n",
                            path, colour));
            double legendY = TOP + 14 + index * 18;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>%n",
                            LEFT + plotWidth + 14,
                            legendY - 4,
                            colour));
            svg.append(text(LEFT + plotWidth + 32, legendY, line.getKey(), "start", 11));
            index++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code value}. */
    private static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value == Math.rint(value)
                ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String text(double x, double y, String content, String anchor, int size) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x,
                y,
                anchor,
                size,
                escape(content));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
