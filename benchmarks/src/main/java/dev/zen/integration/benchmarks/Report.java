package dev.zen.integration.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code docs/benchmarks.md} shows: when and how the run was made, on what machine, with which settings,
 * the figures against their targets, and further details.
 *
 * @param generated when the run finished
 * @param command   the command that reproduces the run
 * @param wallTime  how long the whole run took
 * @param mode      {@code full} or {@code quick}
 * @param caveat    a warning shown at the top (for example that the machine was busy), or null
 * @param machine   machine facts, in display order (CPU, cores, RAM, OS, JDK, Chicory)
 * @param settings  the configuration the benchmarks ran with, one line each
 * @param results   one row per measure
 * @param sections  further details, in order
 */
public record Report(Instant generated, String command, Duration wallTime, String mode, String caveat,
                     Map<String, String> machine, List<String> settings, List<Result> results,
                     List<Section> sections) {

    /** Copies and checks. */
    public Report {
        Objects.requireNonNull(generated, "generated");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(mode, "mode");
        machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        settings = List.copyOf(settings);
        results = List.copyOf(results);
        sections = List.copyOf(sections);
    }

    /** Whether a measure met its target. */
    public enum Verdict {
        /** The figure is within the target. */
        MET,
        /** The figure misses the target. */
        MISSED,
        /** There is no target: the figure is reported. */
        REPORTED,
        /** The measure could not run; the figure says why. */
        FAILED
    }

    /**
     * One measure.
     *
     * @param measure what was measured
     * @param figure  the result, such as {@code "P50 3.1 ms, P95 4.0 ms"}
     * @param target  the target, such as {@code "< 20 ms P95"}, or {@code "-"}
     * @param verdict whether the target is met
     */
    public record Result(String measure, String figure, String target, Verdict verdict) {
        /** Checks. */
        public Result {
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(figure, "figure");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(verdict, "verdict");
        }

        /** A row whose verdict is MET when {@code met} holds and MISSED otherwise. */
        public static Result against(String measure, String figure, String target, boolean met) {
            return new Result(measure, figure, target, met ? Verdict.MET : Verdict.MISSED);
        }

        /** A row without target. */
        public static Result reported(String measure, String figure) {
            return new Result(measure, figure, "-", Verdict.REPORTED);
        }
    }

    /**
     * A titled block of Markdown lines.
     *
     * @param title the heading
     * @param lines the body, one Markdown line each
     */
    public record Section(String title, List<String> lines) {
        /** Copies. */
        public Section {
            Objects.requireNonNull(title, "title");
            lines = List.copyOf(lines);
        }
    }
}
