package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Atlassian Document Format helpers: validation, plain text extraction and construction. */
final class Adf {
    static final String NOT_A_DOCUMENT =
            "Operation value must be an Atlassian Document (see the Atlassian Document Format)";

    private Adf() {}

    /** Whether a node is an ADF document: an object with type doc, version 1 and a content array of nodes. */
    static boolean isDocument(JsonNode node) {
        return node != null && node.isObject() && "doc".equals(node.path("type").asText())
                && node.path("version").asInt(-1) == 1 && node.path("content").isArray() && validNodes(node.path("content"));
    }

    private static boolean validNodes(JsonNode content) {
        for (JsonNode n : content) {
            if (!n.isObject() || !n.path("type").isTextual()) return false;
            if ("text".equals(n.path("type").asText()) && !n.path("text").isTextual()) return false;
            if (n.has("content") && (!n.get("content").isArray() || !validNodes(n.get("content")))) return false;
        }
        return true;
    }

    /** The text of a document: block nodes separated by newlines, hardBreaks as newlines. Null for null. */
    static String toText(JsonNode doc) {
        if (doc == null || doc.isNull()) return null;
        StringBuilder out = new StringBuilder();
        JsonNode blocks = doc.path("content");
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) out.append('\n');
            appendInline(blocks.get(i), out);
        }
        return out.toString();
    }

    private static void appendInline(JsonNode node, StringBuilder out) {
        String type = node.path("type").asText();
        if ("text".equals(type)) {
            out.append(node.path("text").asText());
        } else if ("hardBreak".equals(type)) {
            out.append('\n');
        } else {
            JsonNode content = node.path("content");
            boolean block = !"paragraph".equals(type) && content.size() > 0 && content.get(0).has("content");
            for (int i = 0; i < content.size(); i++) {
                if (block && i > 0) out.append('\n');
                appendInline(content.get(i), out);
            }
        }
    }

    /** A document with one paragraph per line of {@code text}; null for null. */
    static ObjectNode fromText(String text) {
        if (text == null) return null;
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (String line : text.split("\n", -1)) {
            ObjectNode p = content.addObject().put("type", "paragraph");
            ArrayNode inline = p.putArray("content");
            if (!line.isEmpty()) inline.addObject().put("type", "text").put("text", line);
        }
        return doc;
    }
}
