package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's start-up path through Jackson: streaming parsers and generators (jackson-core) and trees built from
 * them, without an {@code ObjectMapper}. Building a mapper and its first (de)serializers costs a cold JVM a few
 * hundred milliseconds and about 600 classes, more than everything else before a plugin's first call, so the manifest,
 * the {@code init} input and the result envelopes go through here; {@link Jackson}'s mappers are built on first use
 * (HTTP envelopes). Same strictness as the mappers: duplicate keys refused, no document text in error locations.
 */
final class JsonStreams {
    /** JSON: result envelopes, the {@code init} input, configuration values handed to plugins. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    /** YAML: {@code manifest.yaml}. */
    static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonStreams() {
    }

    /**
     * The first document of {@code bytes} as a tree, as {@code ObjectMapper.readTree} builds it; null when there is
     * none.
     */
    static JsonNode readTree(JsonFactory factory, byte[] bytes) throws IOException {
        try (JsonParser p = factory.createParser(bytes)) {
            return p.nextToken() == null ? null : tree(p);
        }
    }

    /** The value at the parser's current token as a tree; the parser is left on its last token. */
    static JsonNode tree(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, tree(p));
                }
                return o;
            case START_ARRAY:
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(tree(p));
                return a;
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return integer(p);
            case VALUE_NUMBER_FLOAT:
                return switch (p.getNumberType()) {
                    case BIG_DECIMAL -> NODES.numberNode(p.getDecimalValue());
                    case FLOAT -> NODES.numberNode(p.getFloatValue());
                    default -> NODES.numberNode(p.getDoubleValue());
                };
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                Object e = p.getEmbeddedObject();
                return e instanceof byte[] b ? NODES.binaryNode(b) : NODES.pojoNode(e);
            default:
                throw new IOException("unexpected " + t + " in a JSON or YAML document");
        }
    }

    private static JsonNode integer(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
        };
    }

    /**
     * A tree as plain Java values, as {@code convertValue(node, Object.class)} gives them: maps (in order), lists,
     * strings, booleans, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code byte[]}, null.
     */
    static Object toJava(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) m.put(e.getKey(), toJava(e.getValue()));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            for (JsonNode e : n) l.add(toJava(e));
            return l;
        }
        if (n.isTextual()) return n.textValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.numberValue();
        if (n.isNumber()) return n.doubleValue();
        if (n instanceof BinaryNode b) return b.binaryValue();
        return n instanceof POJONode p ? p.getPojo() : n.asText();
    }

    /**
     * {@code value} as JSON: maps, collections, arrays, strings, numbers, booleans, enums (by name) and null, as a
     * mapper would write them. Anything else goes through {@link Jackson#JSON} (rare: host configuration objects).
     */
    static byte[] write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (!writePlain(g, value)) return Jackson.JSON.writeValueAsBytes(value);
        }
        return out.toByteArray();
    }

    /** Writes a plain value; false (having written a part of it) when it holds something else. */
    private static boolean writePlain(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum) {
            g.writeString(v instanceof Enum<?> e ? e.name() : v.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number n) {
            return writeNumber(g, n);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) return false;
                g.writeFieldName(k);
                if (!writePlain(g, e.getValue())) return false;
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> it) {
            g.writeStartArray();
            for (Iterator<?> i = it.iterator(); i.hasNext(); ) {
                if (!writePlain(g, i.next())) return false;
            }
            g.writeEndArray();
        } else if (v.getClass().isArray() && !(v instanceof byte[])) {
            g.writeStartArray();
            for (int i = 0; i < Array.getLength(v); i++) {
                if (!writePlain(g, Array.get(v, i))) return false;
            }
            g.writeEndArray();
        } else {
            return false;
        }
        return true;
    }

    private static boolean writeNumber(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            g.writeNumber(n.intValue());
        } else if (n instanceof Long l) {
            g.writeNumber(l);
        } else if (n instanceof Double d) {
            g.writeNumber(d);
        } else if (n instanceof Float f) {
            g.writeNumber(f);
        } else if (n instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (n instanceof BigDecimal b) {
            g.writeNumber(b);
        } else {
            return false;
        }
        return true;
    }
}
