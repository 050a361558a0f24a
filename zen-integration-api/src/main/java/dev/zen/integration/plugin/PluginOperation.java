package dev.zen.integration.plugin;

/**
 * The operations of plugin ABI v1, each an export of the plugin module taking JSON and returning a JSON result
 * envelope. See {@code docs/plugin-abi.md} for the inputs and outputs of each.
 */
public enum PluginOperation {
    /** Called once per instance with the plugin configuration. Required. */
    INIT("init", true),
    /** Checks a configuration without applying it. */
    VALIDATE_CONFIG("validate_config", false),
    /** Checks that the external system is reachable and the credentials work. */
    HEALTH_CHECK("health_check", false),
    /** Called before an instance is discarded. */
    CLEANUP("cleanup", false),
    /** Reads one external item by id or key. */
    GET_TASK_DATA("get_task_data", false),
    /** Creates an external item; must be idempotent for a given idempotency key. */
    CREATE_TASK("create_task", false),
    /** Updates fields (and status) of an external item. */
    UPDATE_TASK("update_task", false),
    /** Searches external items, with a cursor for pages and incremental pulls. */
    SEARCH_TASKS("search_tasks", false),
    /** Maps an external item to Zen fields. */
    MAP_TO_ZEN("map_to_zen", false),
    /** Maps Zen fields to an external field document. */
    MAP_TO_EXTERNAL("map_to_external", false),
    /** Returns the plugin's default field mapping. */
    GET_FIELD_MAPPING("get_field_mapping", false),
    /** Lists an external item's comments (ABI v1 minor addition; optional). */
    LIST_COMMENTS("list_comments", false),
    /** Adds a comment to an external item; must be idempotent for a given idempotency key (optional). */
    ADD_COMMENT("add_comment", false),
    /** Replaces a comment's text (optional). */
    UPDATE_COMMENT("update_comment", false),
    /** Deletes a comment; a comment already gone is no error (optional). */
    DELETE_COMMENT("delete_comment", false);

    private final String exportName;
    private final boolean required;

    PluginOperation(String exportName, boolean required) {
        this.exportName = exportName;
        this.required = required;
    }

    /** The name of the WebAssembly export that implements this operation. */
    public String exportName() {
        return exportName;
    }

    /** Whether every plugin must export this operation. */
    public boolean required() {
        return required;
    }
}
