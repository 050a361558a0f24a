package dev.zen.integration.testkit.jira;

/**
 * The schema of a custom field, as {@code GET /rest/api/3/field} describes it; FakeJira validates values written to
 * the field against it, as Jira does (a string {@code "5"} for a {@link #NUMBER} field is a 400).
 */
public enum FieldType {
    /** A number field: a JSON number. Jira's schema {@code number}. */
    NUMBER("number", null, "com.atlassian.jira.plugin.system.customfieldtypes:float"),
    /** A single-line text field: a string of at most 255 characters. Jira's schema {@code string}. */
    STRING("string", null, "com.atlassian.jira.plugin.system.customfieldtypes:textfield"),
    /** A select list: {@code {"value": ...}} or {@code {"id": ...}} naming one of the field's options. */
    OPTION("option", null, "com.atlassian.jira.plugin.system.customfieldtypes:select"),
    /** A labels field: an array of strings without spaces. */
    STRING_ARRAY("array", "string", "com.atlassian.jira.plugin.system.customfieldtypes:labels"),
    /** A multi-select list: an array of {@code {"value": ...}} or {@code {"id": ...}} options. */
    OPTION_ARRAY("array", "option", "com.atlassian.jira.plugin.system.customfieldtypes:multiselect"),
    /** A user picker: {@code {"accountId": ...}} of an active user. */
    USER("user", null, "com.atlassian.jira.plugin.system.customfieldtypes:userpicker"),
    /** A date picker: {@code yyyy-MM-dd}. */
    DATE("date", null, "com.atlassian.jira.plugin.system.customfieldtypes:datepicker"),
    /** A date-time picker: ISO-8601 such as {@code 2025-09-20T10:30:00.000+0000}. */
    DATETIME("datetime", null, "com.atlassian.jira.plugin.system.customfieldtypes:datetime");

    private final String schemaType;
    private final String items;
    private final String custom;

    FieldType(String schemaType, String items, String custom) {
        this.schemaType = schemaType;
        this.items = items;
        this.custom = custom;
    }

    /** The {@code schema.type} Jira reports for the field. */
    public String schemaType() {
        return schemaType;
    }

    /** The {@code schema.items} Jira reports for an array field; null otherwise. */
    public String items() {
        return items;
    }

    /** The {@code schema.custom} plugin key Jira reports for the field. */
    public String custom() {
        return custom;
    }
}
