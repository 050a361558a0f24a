package dev.zen.integration.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, drawn with XChart into PNG files in a {@code benchmarks} folder next to the report (so that
 * {@code docs/benchmarks.md} embeds {@code benchmarks/<name>.png}). Headless: no display is needed (CI draws them
 * in quick mode). Each chart is drawn only when its measure ran; a quick run draws them smaller.
 */
final class Charts {
    /** The folder next to the report that holds the charts, and the prefix of their links. */
    static final String FOLDER = "benchmarks";

    /** Latency samples (ns) per series name, in legend order. */
    final Map<String, long[]> latency = new LinkedHashMap<>();
    /** Cost per task: series name to points (linked tasks, ms per task). */
    final Map<String, List<double[]>> scaling = new LinkedHashMap<>();
    /** Cold-load P50 phases (registry build, load, open; ms) per configuration, in display order. */
    final Map<String, double[]> coldPhases = new LinkedHashMap<>();

    private final int width;
    private final int height;

    Charts(boolean quick) {
        this.width = quick ? 640 : 900;
        this.height = quick ? 400 : 540;
    }

    /** Adds a point to a cost-per-task series. */
    synchronized void scalingPoint(String series, int tasks, double msPerTask) {
        scaling.computeIfAbsent(series, k -> new ArrayList<>()).add(new double[] {tasks, msPerTask});
    }

    /**
     * Draws every chart that has data into {@code reportDir/benchmarks/} and returns the Markdown lines that embed
     * them (empty when nothing was drawn).
     */
    List<String> write(Path reportDir) throws IOException {
        System.setProperty("java.awt.headless", "true"); // before the first AWT class loads
        Path dir = Files.createDirectories(reportDir.resolve(FOLDER));
        List<String> lines = new ArrayList<>();
        if (!latency.isEmpty()) {
            save(latencyChart(), dir, "latency-distribution.png");
            lines.add(embed("Push-sync latency by percentile", "latency-distribution.png"));
        }
        if (!scaling.isEmpty()) {
            save(scalingChart(), dir, "cost-per-task.png");
            lines.add(embed("Cost per task against the number of linked tasks", "cost-per-task.png"));
        }
        if (!coldPhases.isEmpty()) {
            save(coldChart(), dir, "cold-load-phases.png");
            lines.add(embed("Cold plugin load phases, P50", "cold-load-phases.png"));
        }
        return lines;
    }

    private static String embed(String alt, String file) {
        return "![" + alt + "](" + FOLDER + "/" + file + ")\n";
    }

    XYChart latencyChart() {
        XYChart c = new XYChartBuilder().width(width).height(height)
                .title("Push sync latency by percentile (up to P99)").xAxisTitle("percentile").yAxisTitle("ms")
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(100.0);
        c.getStyler().setXAxisDecimalPattern("#");
        c.getStyler().setYAxisMin(0.0);
        for (Map.Entry<String, long[]> e : latency.entrySet()) {
            double[] sorted = Arrays.stream(e.getValue()).mapToDouble(n -> n / 1e6).sorted().toArray();
            int n = Math.max(1, (int) Math.ceil(sorted.length * 0.99)); // the top 1 % would flatten the rest
            double[] pct = new double[n];
            for (int i = 0; i < n; i++) pct[i] = 100.0 * (i + 1) / sorted.length;
            XYSeries s = c.addSeries(e.getKey(), pct, Arrays.copyOf(sorted, n));
            s.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    XYChart scalingChart() {
        XYChart c = new XYChartBuilder().width(width).height(height).title("Push sync cost per task")
                .xAxisTitle("linked tasks").yAxisTitle("ms per task").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Map.Entry<String, List<double[]>> e : scaling.entrySet()) {
            List<double[]> points = new ArrayList<>(e.getValue());
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            c.addSeries(e.getKey(), x, y);
        }
        return c;
    }

    CategoryChart coldChart() {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height)
                .title("Cold plugin load in a fresh JVM, P50 per phase").xAxisTitle("").yAxisTitle("ms").build();
        c.getStyler().setStacked(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisLabelRotation(10);
        List<String> configs = new ArrayList<>(coldPhases.keySet());
        String[] phases = {"registry build", "load", "open + init"};
        for (int i = 0; i < phases.length; i++) {
            List<Number> values = new ArrayList<>();
            for (String config : configs) values.add(coldPhases.get(config)[i]);
            c.addSeries(phases[i], configs, values);
        }
        return c;
    }

    private static void save(Chart<?, ?> chart, Path dir, String file) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
