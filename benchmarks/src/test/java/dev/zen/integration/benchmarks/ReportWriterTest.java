package dev.zen.integration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir Path dir;

    private static Report report(String caveat) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("CPU", "Test CPU @ 3 GHz");
        machine.put("Cores available to the JVM", "2");
        machine.put("Chicory", "1.7.5");
        return new Report(Instant.parse("2026-11-26T03:00:00Z"), "mvn -pl benchmarks exec:exec", Duration.ofSeconds(125),
                "full", caveat, machine, List.of("rate limit raised"),
                List.of(Report.Result.against("Sync latency", "P50 3.00 ms, P95 4.00 ms", "< 20 ms P95", true),
                        Report.Result.against("Cold load", "P50 300 ms, P95 | 400 ms", "< 100 ms P95", false),
                        Report.Result.reported("No cache", "P50 1 s, P95 2 s"),
                        new Report.Result("Broken", "error: boom", "-", Report.Verdict.FAILED)),
                List.of(new Report.Section("Details", List.of("line one", "line two"))));
    }

    @Test
    void givenResultsWhenRenderedThenEachRowShowsFigureTargetAndVerdict() {
        String md = ReportWriter.render(report(null));

        assertThat(md).contains("| Sync latency | P50 3.00 ms, P95 4.00 ms | < 20 ms P95 | yes |");
        assertThat(md).contains("| Cold load | P50 300 ms, P95 \\| 400 ms | < 100 ms P95 | **no** |");
        assertThat(md).contains("| No cache | P50 1 s, P95 2 s | - | (reported) |");
        assertThat(md).contains("| Broken | error: boom | - | **failed to run** |");
    }

    @Test
    void givenARunWhenRenderedThenItNamesTheDateTheCommandTheMachineAndTheSettings() {
        String md = ReportWriter.render(report(null));

        assertThat(md).startsWith("# Benchmarks\n");
        assertThat(md).contains("Generated 2026-11-26 03:00 UTC (mode `full`, whole run 2 min 5 s)");
        assertThat(md).contains("```sh\nmvn -pl benchmarks exec:exec\n```");
        assertThat(md).contains("| CPU | Test CPU @ 3 GHz |").contains("| Chicory | 1.7.5 |");
        assertThat(md.indexOf("| CPU |")).isLessThan(md.indexOf("| Chicory |"));
        assertThat(md).contains("- rate limit raised").contains("## Details\n\nline one\nline two\n");
        assertThat(md).doesNotContain("**Note:**");
    }

    @Test
    void givenACaveatWhenRenderedThenItIsAtTheTop() {
        String md = ReportWriter.render(report("noisy machine"));

        assertThat(md.indexOf("> **Note:** noisy machine")).isLessThan(md.indexOf("## Results"));
    }

    @Test
    void givenAnExistingReportWhenWrittenThenItIsReplacedWholeAndNoTemporaryFileRemains() throws Exception {
        Path target = dir.resolve("docs").resolve("benchmarks.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old content that is longer than nothing");

        ReportWriter.write(report(null), target);

        assertThat(Files.readString(target)).isEqualTo(ReportWriter.render(report(null)));
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("benchmarks.md");
        }
    }

    @Test
    void givenHandWrittenSectionsAfterTheMarkerWhenRewrittenThenTheyAreKeptAfterTheNewReport() throws Exception {
        Path target = dir.resolve("benchmarks.md");
        String tail = ReportWriter.HAND_WRITTEN + "\n\n## Java 17 JIT probe\n\nwritten by hand\n";
        Files.writeString(target, "# Benchmarks\n\nold figures\n\n" + tail);

        ReportWriter.write(report(null), target);

        String md = Files.readString(target);
        assertThat(md).doesNotContain("old figures").contains("| Sync latency |").endsWith(tail);
        assertThat(md.indexOf("| Sync latency |")).isLessThan(md.indexOf(ReportWriter.HAND_WRITTEN));
    }
}
