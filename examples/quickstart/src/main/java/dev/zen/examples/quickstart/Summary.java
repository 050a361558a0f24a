package dev.zen.examples.quickstart;

import java.util.List;

/**
 * What a quick-start run did, for the final table and summary line.
 *
 * @param imported  Jira issues imported as Zen tasks one by one ({@code importItem})
 * @param polled    Jira issues created after the start that a whole-project poll ({@code syncScope}) imported
 * @param published Zen tasks created in Jira
 * @param pulled    field values the sync wrote to Zen
 * @param pushed    field values the sync wrote to Jira
 * @param conflicts conflicts the sync reported
 * @param resolved  conflicts settled afterwards
 * @param failures  tasks whose sync failed
 * @param rows      one row per task, in the order the tasks were created
 */
public record Summary(int imported, int polled, int published, int pulled, int pushed, int conflicts, int resolved, int failures,
                      List<Row> rows) {

    /** Copies the rows. */
    public Summary {
        rows = List.copyOf(rows);
    }

    /** The one-line summary printed at the end. */
    public String oneLine() {
        return imported + " imported, " + polled + " picked up by a poll, " + published + " created in Jira, "
                + pulled + " pulled, " + pushed + " pushed, " + conflicts + (conflicts == 1 ? " conflict" : " conflicts")
                + " (" + resolved + " resolved), " + failures + (failures == 1 ? " failure" : " failures");
    }

    /**
     * One task as the table shows it.
     *
     * @param taskId    the Zen task id
     * @param title     the task's title now
     * @param jiraKey   the linked Jira issue
     * @param status    the task's workflow status now, or null
     * @param outcome   what the bidirectional sync did to it (UPDATED, CONFLICT, UNCHANGED, FAILED, ...)
     * @param changes   the fields written, such as "pulled priority" or "pushed title (resolved)"
     * @param conflicts the conflicts and how they ended, such as "title: kept Zen"
     */
    public record Row(String taskId, String title, String jiraKey, String status, String outcome,
                      List<String> changes, List<String> conflicts) {
        /** Copies the lists. */
        public Row {
            changes = List.copyOf(changes);
            conflicts = List.copyOf(conflicts);
        }
    }
}
