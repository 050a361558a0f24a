package dev.zen.integration.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.core.config.ConfigSchema.Kind;
import dev.zen.integration.core.config.ConfigSchema.Node;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Edits of the {@code integrations} tree: typed set, remove, and layered merge. Not API. */
final class ConfigTree {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ConfigTree() {}

    /** Deep-merges {@code over} into {@code base}: mappings merge key by key, anything else replaces. */
    static void merge(ObjectNode base, JsonNode over) {
        if (over == null || !over.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue().isObject()) {
                merge(eo, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /** The schema of a key path below {@code integrations}, checking every segment. */
    static Node schemaOf(List<String> path, String source) {
        Node node = ConfigSchema.INTEGRATIONS;
        StringBuilder key = new StringBuilder("integrations");
        for (String segment : path) {
            switch (node.kind()) {
                case OBJECT -> {
                    Node child = node.fields().get(segment);
                    if (child == null) {
                        throw ConfigErrors.error(source, "unknown key " + key + "." + segment + "; accepted keys under "
                                + key + ": " + String.join(", ", node.fields().keySet()));
                    }
                    node = child;
                }
                case OBJECT_MAP -> {
                    if (!ProviderConfig.NAME.matcher(segment).matches()) {
                        throw ConfigErrors.invalid(source, segment, "a provider name matching "
                                + ProviderConfig.NAME.pattern() + " under " + key);
                    }
                    node = node.value();
                }
                case MAP -> {
                    if (segment.isBlank()) throw ConfigErrors.error(source, "names an empty key under " + key);
                    node = node.value();
                }
                default -> throw ConfigErrors.error(source, key + " is a value and has no key " + segment);
            }
            key.append('.').append(segment);
        }
        return node;
    }

    /**
     * Sets the value at {@code path} (below {@code integrations}), converting {@code text} to the key's type.
     * An empty text removes the key.
     */
    static void set(ObjectNode integrations, List<String> path, String text, String source) {
        Node schema = schemaOf(path, source);
        if (schema.isContainer()) {
            throw ConfigErrors.error(source, "names the section integrations." + String.join(".", path)
                    + ", not a value; set one of its keys instead");
        }
        if (text == null || text.isEmpty()) {
            remove(integrations, path);
            return;
        }
        ObjectNode parent = integrations;
        for (String segment : path.subList(0, path.size() - 1)) {
            JsonNode child = parent.get(segment);
            if (!(child instanceof ObjectNode)) {
                child = F.objectNode();
                parent.set(segment, child);
            }
            parent = (ObjectNode) child;
        }
        parent.set(path.get(path.size() - 1), typed(schema, text, source));
    }

    /** Removes the value at {@code path}; does nothing if it is absent. */
    static void remove(ObjectNode integrations, List<String> path) {
        JsonNode parent = integrations;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent = parent.get(segment);
            if (!(parent instanceof ObjectNode)) return;
        }
        ((ObjectNode) parent).remove(path.get(path.size() - 1));
    }

    private static JsonNode typed(Node schema, String text, String source) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (schema.kind()) {
            case BOOLEAN -> {
                if (List.of("true", "yes", "on").contains(lower)) return F.booleanNode(true);
                if (List.of("false", "no", "off").contains(lower)) return F.booleanNode(false);
                throw ConfigErrors.invalid(source, text, "true or false");
            }
            case INTEGER -> {
                try {
                    return F.numberNode(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw ConfigErrors.invalid(source, text, "an integer");
                }
            }
            case NUMBER -> {
                try {
                    return F.numberNode(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw ConfigErrors.invalid(source, text, "a number");
                }
            }
            case DURATION -> {
                try {
                    Durations.parse(t);
                } catch (IllegalArgumentException e) {
                    throw ConfigErrors.invalid(source, text, ConfigSchema.describe(schema));
                }
                return F.textNode(t);
            }
            case ENUM -> {
                String v = lower.replace('-', '_');
                if (!schema.accepted().contains(v)) {
                    throw ConfigErrors.invalid(source, text, String.join(", ", schema.accepted()));
                }
                return F.textNode(v);
            }
            case LIST -> {
                ArrayNode list = F.arrayNode();
                for (String s : text.split(",")) if (!s.isBlank()) list.add(s.trim());
                return list;
            }
            case ANY -> {
                if (lower.equals("true") || lower.equals("false")) return F.booleanNode(Boolean.parseBoolean(lower));
                if (t.matches("-?\\d{1,18}")) return F.numberNode(Long.parseLong(t));
                if (t.matches("-?\\d+\\.\\d+")) return F.numberNode(Double.parseDouble(t));
                return F.textNode(text);
            }
            default -> {
                boolean textual = schema.kind() == Kind.STRING || schema.kind() == Kind.POLICY;
                if (!textual) throw new IllegalStateException(schema.kind().name());
                return F.textNode(text);
            }
        }
    }
}
