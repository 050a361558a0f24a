package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The site's custom fields and their schemas. A value written to a field is checked against the field's type, as
 * Jira does, and stored in the shape Jira answers with; a field that is not defined cannot be set. Custom field ids
 * differ per Jira site, so a wrong mapping must fail here as it fails in production.
 */
final class CustomFields {
    static final String NOT_SETTABLE = "Field '%s' cannot be set. It is not on the appropriate screen, or unknown.";
    /** Jira's limit for a single-line text field. */
    static final int MAX_STRING = 255;
    private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendPattern("XX").optionalEnd()
            .optionalStart().appendPattern("XXX").optionalEnd().toFormatter();

    /** One option of a select list. */
    record Option(String id, String value) {}

    /** A custom field: id such as {@code customfield_10016}, type, display name and (for selects) options. */
    record Field(String id, FieldType type, String name, List<Option> options) {
        Optional<Option> option(JsonNode ref) {
            if (ref == null || !ref.isObject()) return Optional.empty();
            String id = JiraState.text(ref, "id");
            String value = JiraState.text(ref, "value");
            return options.stream().filter(o -> (id != null && o.id().equals(id))
                    || (id == null && value != null && o.value().equals(value))).findFirst();
        }
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private long nextOptionId = 10100;

    /** Jira Cloud's usual fields: story points, a start date, a select, a labels field, a user picker and more. */
    static CustomFields defaults() {
        CustomFields c = new CustomFields();
        c.define("customfield_10015", FieldType.DATE, "Start date", List.of());
        c.define("customfield_10016", FieldType.NUMBER, "Story Points", List.of());
        c.define("customfield_10030", FieldType.OPTION, "Team", List.of("Platform", "Mobile", "Web"));
        c.define("customfield_10031", FieldType.STRING_ARRAY, "Tags", List.of());
        c.define("customfield_10032", FieldType.USER, "Reviewer", List.of());
        c.define("customfield_10033", FieldType.STRING, "Environment", List.of());
        c.define("customfield_10034", FieldType.OPTION_ARRAY, "Platforms", List.of("iOS", "Android", "Web"));
        c.define("customfield_10035", FieldType.DATETIME, "Deployed at", List.of());
        return c;
    }

    /** Defines (or redefines) a field. */
    Field define(String id, FieldType type, String name, List<String> optionValues) {
        if (id == null || !id.matches("customfield_\\d+")) {
            throw new IllegalArgumentException("a custom field id is customfield_ and digits, such as "
                    + "customfield_10016: '" + id + "'");
        }
        if (name == null || name.isBlank()) throw new IllegalArgumentException("custom field " + id + " needs a name");
        boolean selects = type == FieldType.OPTION || type == FieldType.OPTION_ARRAY;
        if (selects == optionValues.isEmpty()) {
            throw new IllegalArgumentException("custom field " + id + ": " + (selects
                    ? "a select list needs its option values" : "only select lists (OPTION, OPTION_ARRAY) take options"));
        }
        List<Option> options = new ArrayList<>();
        for (String v : optionValues) options.add(new Option(String.valueOf(nextOptionId++), v));
        Field f = new Field(id, type, name, List.copyOf(options));
        fields.put(id, f);
        return f;
    }

    Optional<Field> get(String id) {
        return Optional.ofNullable(fields.get(id));
    }

    Collection<Field> all() {
        return fields.values();
    }

    void clear() {
        fields.clear();
    }

    /**
     * The value to store for {@code value} (JSON null clears), or empty with an error recorded under the field id.
     * {@code activeUser} says whether an account id names an active user.
     */
    Optional<JsonNode> validate(String id, JsonNode value, Map<String, String> errors,
            Function<String, Boolean> activeUser) {
        Field f = fields.get(id);
        if (f == null) {
            errors.put(id, String.format(NOT_SETTABLE, id));
            return Optional.empty();
        }
        if (value == null || value.isNull()) return Optional.of(JsonNodeFactory.instance.nullNode());
        String error = switch (f.type()) {
            case NUMBER -> value.isNumber() ? null : "Operation value must be a number";
            case STRING -> !value.isTextual() ? "Operation value must be a string"
                    : value.asText().length() > MAX_STRING
                    ? "The entered text is too long. It exceeds the allowed limit of 255 characters." : null;
            case OPTION -> optionError(f, value);
            case STRING_ARRAY -> stringArrayError(value);
            case OPTION_ARRAY -> optionArrayError(f, value);
            case USER -> userError(f, value, activeUser);
            case DATE -> dateError(value);
            case DATETIME -> dateTimeError(value);
        };
        if (error != null) {
            errors.put(id, error);
            return Optional.empty();
        }
        return Optional.of(normalize(f, value));
    }

    private static String optionError(Field f, JsonNode value) {
        if (!value.isObject() || (!value.has("id") && !value.has("value"))) {
            return "Specify a valid 'id' or 'value' for " + f.name() + ", such as {\"value\": \""
                    + f.options().get(0).value() + "\"}";
        }
        if (f.option(value).isPresent()) return null;
        return value.has("id") ? "Option id '" + JiraState.text(value, "id") + "' is not valid"
                : "Option value '" + JiraState.text(value, "value") + "' is not valid";
    }

    private static String optionArrayError(Field f, JsonNode value) {
        if (!value.isArray()) return "data was not an array";
        for (JsonNode o : value) {
            String e = optionError(f, o);
            if (e != null) return e;
        }
        return null;
    }

    private static String stringArrayError(JsonNode value) {
        if (!value.isArray()) return "data was not an array";
        for (JsonNode s : value) {
            if (!s.isTextual()) return "Operation value must be a string";
            if (s.asText().isEmpty() || s.asText().chars().anyMatch(Character::isWhitespace)) {
                return "The label '" + s.asText() + "' contains spaces which is invalid.";
            }
            if (s.asText().length() > MAX_STRING) return "The label '" + s.asText() + "' exceeds the 255 character limit.";
        }
        return null;
    }

    private static String userError(Field f, JsonNode value, Function<String, Boolean> activeUser) {
        String accountId = value.isObject() ? JiraState.text(value, "accountId") : null;
        if (accountId == null) return "Specify the user for " + f.name() + " as {\"accountId\": \"...\"}";
        return activeUser.apply(accountId) ? null
                : "The user '" + accountId + "' does not exist or is not active.";
    }

    private static String dateError(JsonNode value) {
        try {
            if (value.isTextual()) {
                LocalDate.parse(value.asText());
                return null;
            }
        } catch (DateTimeParseException e) {
            // the error below
        }
        return "Error parsing date string: " + value.asText();
    }

    private static String dateTimeError(JsonNode value) {
        try {
            if (value.isTextual()) {
                OffsetDateTime.parse(value.asText(), DATETIME);
                return null;
            }
        } catch (DateTimeParseException e) {
            // the error below
        }
        return "Error parsing time: " + value.asText() + " (use ISO-8601, such as 2025-09-20T10:30:00.000+0000)";
    }

    /** The stored form: options as {id, value}, users as {accountId}, dates as given; anything else as is. */
    private static JsonNode normalize(Field f, JsonNode value) {
        JsonNodeFactory nf = JsonNodeFactory.instance;
        return switch (f.type()) {
            case OPTION -> optionNode(f.option(value).orElseThrow());
            case OPTION_ARRAY -> {
                ArrayNode a = nf.arrayNode();
                value.forEach(o -> a.add(optionNode(f.option(o).orElseThrow())));
                yield a;
            }
            case USER -> nf.objectNode().put("accountId", JiraState.text(value, "accountId"));
            default -> value.deepCopy();
        };
    }

    private static ObjectNode optionNode(Option o) {
        return JsonNodeFactory.instance.objectNode().put("value", o.value()).put("id", o.id());
    }

    /** The text Jira's changelog shows for a stored value. */
    static String display(JsonNode stored) {
        if (stored == null || stored.isNull()) return null;
        if (stored.isArray()) {
            List<String> parts = new ArrayList<>();
            stored.forEach(s -> parts.add(display(s)));
            return String.join(",", parts);
        }
        if (stored.isObject()) {
            return stored.has("value") ? stored.get("value").asText() : stored.path("accountId").asText();
        }
        return stored.asText();
    }
}
