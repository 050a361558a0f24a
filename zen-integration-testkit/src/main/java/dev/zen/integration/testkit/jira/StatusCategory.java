package dev.zen.integration.testkit.jira;

/**
 * Jira's status categories with the ids, keys and colours real Jira Cloud reports. Every workflow status belongs
 * to one; {@code statusCategory} JQL clauses and the {@code statusCategory} object of a status use them.
 */
public enum StatusCategory {
    /** Work not started: id 2, key {@code new}, colour {@code blue-gray}. */
    TO_DO(2, "new", "blue-gray", "To Do"),
    /** Work under way: id 4, key {@code indeterminate}, colour {@code yellow}. */
    IN_PROGRESS(4, "indeterminate", "yellow", "In Progress"),
    /** Work finished: id 3, key {@code done}, colour {@code green}. */
    DONE(3, "done", "green", "Done");

    private final int id;
    private final String key;
    private final String colorName;
    private final String displayName;

    StatusCategory(int id, String key, String colorName, String displayName) {
        this.id = id;
        this.key = key;
        this.colorName = colorName;
        this.displayName = displayName;
    }

    /** The numeric id, as in {@code "statusCategory":{"id":4}}. */
    public int id() { return id; }

    /** The key: {@code new}, {@code indeterminate} or {@code done}. */
    public String key() { return key; }

    /** The colour name Jira reports. */
    public String colorName() { return colorName; }

    /** The display name: "To Do", "In Progress" or "Done". */
    public String displayName() { return displayName; }

    /** Finds a category by id, key or display name, ignoring case; null when none matches. */
    static StatusCategory lookup(String value) {
        for (StatusCategory c : values()) {
            if (c.key.equalsIgnoreCase(value) || c.displayName.equalsIgnoreCase(value)
                    || String.valueOf(c.id).equals(value)) {
                return c;
            }
        }
        return null;
    }
}
