package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small checker of JSON documents against schemas from Atlassian's OpenAPI spec (a committed subset): every
 * property must be declared (unless the schema allows additional properties), declared types must match, required
 * properties must be present, enum values must be listed. Nulls are accepted anywhere, as Jira sends them where the
 * spec omits {@code nullable}.
 */
final class OpenApiSchemas {
    private final JsonNode schemas;

    private OpenApiSchemas(JsonNode schemas) {
        this.schemas = schemas;
    }

    static OpenApiSchemas load() {
        try (InputStream in = OpenApiSchemas.class.getResourceAsStream("jira-openapi-schemas.json")) {
            return new OpenApiSchemas(Http.JSON.readTree(in).get("schemas"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations of {@code node} against the named schema; empty when it conforms. */
    List<String> violations(JsonNode node, String schemaName) {
        List<String> out = new ArrayList<>();
        check(node, ref(schemaName), "$", out);
        return out;
    }

    private JsonNode ref(String name) {
        JsonNode s = schemas.get(name);
        if (s == null) throw new IllegalArgumentException("schema " + name + " is not in the subset");
        return s;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String r = schema.get("$ref").asText();
            schema = ref(r.substring(r.lastIndexOf('/') + 1));
        }
        return schema;
    }

    private void check(JsonNode node, JsonNode schema, String path, List<String> out) {
        schema = resolve(schema);
        if (node == null || node.isNull()) return;
        if (schema.has("allOf")) {
            for (JsonNode s : schema.get("allOf")) check(node, s, path, out);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                if (!node.isObject()) {
                    out.add(path + ": expected an object, got " + node.getNodeType());
                    return;
                }
                JsonNode props = schema.path("properties");
                JsonNode additional = schema.get("additionalProperties");
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    String p = path + "." + e.getKey();
                    if (props.has(e.getKey())) {
                        check(e.getValue(), props.get(e.getKey()), p, out);
                    } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                        out.add(p + ": not a property of this schema (" + fieldNames(props) + ")");
                    } else if (additional != null && additional.isObject()) {
                        check(e.getValue(), additional, p, out);
                    }
                }
                for (JsonNode req : schema.path("required")) {
                    if (!node.has(req.asText())) out.add(path + ": missing required property " + req.asText());
                }
            }
            case "array" -> {
                if (!node.isArray()) {
                    out.add(path + ": expected an array, got " + node.getNodeType());
                    return;
                }
                for (int i = 0; i < node.size(); i++) check(node.get(i), schema.path("items"), path + "[" + i + "]", out);
            }
            case "string" -> {
                if (!node.isTextual()) out.add(path + ": expected a string, got " + node.getNodeType() + " " + node);
                else if (schema.has("enum") && !contains(schema.get("enum"), node.asText())) {
                    out.add(path + ": '" + node.asText() + "' is not one of " + schema.get("enum"));
                }
            }
            case "integer" -> {
                if (!node.isIntegralNumber()) out.add(path + ": expected an integer, got " + node);
            }
            case "number" -> {
                if (!node.isNumber()) out.add(path + ": expected a number, got " + node);
            }
            case "boolean" -> {
                if (!node.isBoolean()) out.add(path + ": expected a boolean, got " + node);
            }
            default -> {
                // untyped: anything goes
            }
        }
    }

    private static boolean contains(JsonNode values, String v) {
        for (JsonNode x : values) if (x.asText().equals(v)) return true;
        return false;
    }

    private static List<String> fieldNames(JsonNode props) {
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
