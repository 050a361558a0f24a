package dev.zen.integration.it.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The figures of one chaos run. */
record ChaosReport(long seed, String stores, int tasks, int threads, int ops, int edits, Map<String, Integer> faults,
                   Map<String, Integer> failures, int unexpected, int duplicates, int lostUpdates, int openConflicts,
                   int unconverged, Duration took, List<String> problems) {

    String describe() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("chaos seed=%d stores=%s tasks=%d threads=%d: ops=%d person-edits=%d faults=%s "
                        + "(total %d) failed-results=%s unexpected=%d duplicates=%d lost-updates=%d "
                        + "open-conflicts=%d unconverged-tasks=%d took=%.1fs",
                seed, stores, tasks, threads, ops, edits, faults, faults.values().stream().mapToInt(i -> i).sum(),
                failures, unexpected, duplicates, lostUpdates, openConflicts, unconverged, took.toMillis() / 1000.0));
        problems.forEach(p -> s.append("\n  ").append(p));
        return s.toString();
    }
}
