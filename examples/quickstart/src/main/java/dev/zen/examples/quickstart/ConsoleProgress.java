package dev.zen.examples.quickstart;

import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Prints each {@link SyncEvent} as one readable line, such as
 * {@code   | jira-SYNC-1   priority      pulled from jira into Zen}. Register it with
 * {@code ZenIntegration.builder().listener(new ConsoleProgress(System.out))}.
 *
 * <p>Events arrive from several sync threads at once; each line is printed in one call, so lines never mix.
 */
public final class ConsoleProgress implements SyncListener {
    private final PrintStream out;

    /** Prints to {@code out}. */
    public ConsoleProgress(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onEvent(SyncEvent event) {
        out.println("  | " + describe(event));
    }

    /** The line for one event. */
    static String describe(SyncEvent e) {
        return switch (e.type()) {
            case SYNC_STARTED -> e.message() + started(e);
            case SYNC_FINISHED -> "finished: " + e.attributes().getOrDefault("tasks", "?") + " task(s), "
                    + e.attributes().getOrDefault("failed", "?") + " failed, "
                    + e.attributes().getOrDefault("duration_ms", "?") + " ms";
            case TASK_SYNCED -> task(e) + e.message() + counts(e);
            case FIELD_CHANGED -> task(e) + field(e) + e.message();
            case CONFLICT_DETECTED -> task(e) + field(e) + "CONFLICT: " + e.message();
            case CHANGE_QUEUED -> task(e) + field(e) + "queued: " + e.message();
            case ERROR -> task(e) + "FAILED " + e.attributes().getOrDefault("error_code", "") + ": " + e.message();
            case SCOPE_PROGRESS -> "page committed: " + scopeCounts(e);
            case SCOPE_FINISHED -> e.message() + ": " + scopeCounts(e);
            case COMMENT_SYNCED -> task(e) + "comment " + e.message();
        };
    }

    private static String started(SyncEvent e) {
        String direction = e.attributes().get("direction");
        return direction == null ? "" : ", " + direction.toLowerCase(Locale.ROOT);
    }

    private static String counts(SyncEvent e) {
        String changes = e.attributes().get("changes");
        String conflicts = e.attributes().get("conflicts");
        if (changes == null || conflicts == null) return "";
        return " (" + changes + " changed, " + conflicts + " in conflict)";
    }

    /** The counts of a whole-project sync event, such as {@code 6 seen, 1 imported, 0 linked, 5 unchanged}. */
    private static String scopeCounts(SyncEvent e) {
        Map<String, String> a = e.attributes();
        return a.getOrDefault("seen", "?") + " seen, " + a.getOrDefault("imported", "?") + " imported, "
                + a.getOrDefault("linked", "?") + " linked, " + a.getOrDefault("skipped", "?") + " unchanged, "
                + a.getOrDefault("removed", "?") + " removed, " + a.getOrDefault("failed", "?") + " failed";
    }

    private static String task(SyncEvent e) {
        return String.format("%-14s", e.taskId() == null ? "" : e.taskId());
    }

    private static String field(SyncEvent e) {
        return String.format("%-13s", e.field() == null ? "" : e.field());
    }
}
