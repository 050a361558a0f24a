package dev.zen.examples.quickstart;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays {@link Summary.Row}s out as a plain-text table with one line per task:
 *
 * <pre>
 * TASK         TITLE                             JIRA    STATUS  SYNC      CHANGES                            CONFLICTS
 * jira-SYNC-1  Login times out on slow networks  SYNC-1  To Do   UPDATED   pulled priority, pushed description  -
 * </pre>
 */
final class TaskTable {
    static final List<String> HEADERS = List.of("TASK", "TITLE", "JIRA", "STATUS", "SYNC", "CHANGES", "CONFLICTS");
    private static final int MAX_TITLE = 48;

    private TaskTable() {}

    /** The table's lines, header first. */
    static List<String> lines(List<Summary.Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADERS);
        rows.forEach(r -> cells.add(cells(r)));
        int[] widths = widths(cells);
        return cells.stream().map(line -> line(line, widths)).toList();
    }

    private static List<String> cells(Summary.Row r) {
        return List.of(r.taskId(), shorten(r.title()), orDash(r.jiraKey()), orDash(r.status()), r.outcome(),
                join(r.changes()), join(r.conflicts()));
    }

    private static int[] widths(List<List<String>> cells) {
        int[] widths = new int[HEADERS.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) widths[i] = Math.max(widths[i], line.get(i).length());
        }
        return widths;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            boolean last = i == cells.size() - 1;
            sb.append(last ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        return sb.toString().stripTrailing();
    }

    private static String shorten(String title) {
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 3) + "...";
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? "-" : String.join(", ", values);
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
