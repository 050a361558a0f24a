package dev.zen.integration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir Path dir;

    @Test
    void givenEveryMeasureWhenWrittenThenThreePngsNextToTheReportAndTheirLinks() throws Exception {
        Charts charts = new Charts(true);
        charts.latency.put("Jira, WASM plugin", new long[] {3_000_000, 4_000_000, 9_000_000});
        charts.latency.put("Jira, direct-Java client", new long[] {2_500_000, 3_000_000, 6_000_000});
        charts.scalingPoint("in-memory stores", 10_000, 0.6);
        charts.scalingPoint("in-memory stores", 1_000, 0.8);
        charts.coldPhases.put("pre-compiled", new double[] {20, 30, 10});
        charts.coldPhases.put("runtime-compiled, no cache", new double[] {20, 400, 12});

        List<String> lines = charts.write(dir);

        assertThat(lines).containsExactly(
                "![Push-sync latency by percentile](benchmarks/latency-distribution.png)\n",
                "![Cost per task against the number of linked tasks](benchmarks/cost-per-task.png)\n",
                "![Cold plugin load phases, P50](benchmarks/cold-load-phases.png)\n");
        for (String name : List.of("latency-distribution.png", "cost-per-task.png", "cold-load-phases.png")) {
            BufferedImage image = ImageIO.read(dir.resolve("benchmarks").resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).isEqualTo(640);
            assertThat(image.getHeight()).isEqualTo(400);
        }
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    @Test
    void givenNoChartedMeasureWhenWrittenThenNoFileAndNoLink() throws Exception {
        List<String> lines = new Charts(false).write(dir);

        assertThat(lines).isEmpty();
        try (var files = Files.list(dir.resolve("benchmarks"))) {
            assertThat(files).isEmpty();
        }
    }
}
