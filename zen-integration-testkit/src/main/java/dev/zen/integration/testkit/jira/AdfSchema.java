package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The structural rules of Atlassian Document Format that Jira enforces on write, after Atlassian's published JSON
 * schema ({@code @atlaskit/adf-schema}, {@code json-schema/v1/full.json}): which nodes may contain which, required
 * attributes, non-empty text, and which text marks may be combined ({@code code} only with {@code link}). Jira
 * answers 400 to a document that breaks them, so the fake does too.
 */
final class AdfSchema {
    private static final Set<String> INLINE = Set.of("text", "hardBreak", "mention", "emoji", "date", "status",
            "inlineCard", "placeholder", "inlineExtension", "mediaInline");
    private static final Set<String> BLOCK = Set.of("paragraph", "heading", "bulletList", "orderedList", "codeBlock",
            "blockquote", "rule", "panel", "table", "mediaSingle", "mediaGroup", "expand", "taskList", "decisionList",
            "blockCard", "embedCard", "layoutSection", "extension", "bodiedExtension");
    private static final Set<String> LIST = Set.of("bulletList", "orderedList");
    private static final Set<String> ITEM = Set.of("paragraph", "bulletList", "orderedList", "codeBlock",
            "mediaSingle", "taskList");
    private static final Set<String> QUOTE = Set.of("paragraph", "bulletList", "orderedList", "codeBlock",
            "mediaGroup", "mediaSingle");
    private static final Set<String> PANEL = Set.of("paragraph", "heading", "bulletList", "orderedList", "codeBlock",
            "rule", "mediaGroup", "mediaSingle", "blockCard", "taskList", "decisionList");
    /** What each container node may hold; leaves are not listed. */
    private static final Map<String, Set<String>> CONTENT = Map.ofEntries(
            Map.entry("doc", BLOCK), Map.entry("paragraph", INLINE), Map.entry("heading", INLINE),
            Map.entry("bulletList", Set.of("listItem")), Map.entry("orderedList", Set.of("listItem")),
            Map.entry("listItem", ITEM), Map.entry("codeBlock", Set.of("text")), Map.entry("blockquote", QUOTE),
            Map.entry("panel", PANEL), Map.entry("expand", PANEL), Map.entry("table", Set.of("tableRow")),
            Map.entry("tableRow", Set.of("tableCell", "tableHeader")), Map.entry("tableCell", PANEL),
            Map.entry("tableHeader", PANEL), Map.entry("mediaSingle", Set.of("media", "caption")),
            Map.entry("mediaGroup", Set.of("media")), Map.entry("taskList", Set.of("taskItem", "taskList")),
            Map.entry("taskItem", INLINE), Map.entry("decisionList", Set.of("decisionItem")),
            Map.entry("decisionItem", INLINE), Map.entry("layoutSection", Set.of("layoutColumn")),
            Map.entry("layoutColumn", BLOCK), Map.entry("bodiedExtension", BLOCK), Map.entry("caption", INLINE));
    private static final Set<String> LEAVES = Set.of("text", "hardBreak", "mention", "emoji", "date", "status",
            "inlineCard", "placeholder", "inlineExtension", "mediaInline", "rule", "media", "blockCard", "embedCard",
            "extension");
    /** Containers whose content may be empty (a paragraph with no text is a blank line). */
    private static final Set<String> MAY_BE_EMPTY = Set.of("doc", "paragraph", "heading", "codeBlock", "taskItem",
            "decisionItem", "caption", "mediaGroup");
    private static final Set<String> NODE_KEYS = Set.of("type", "content", "attrs", "marks", "text", "version");
    private static final Set<String> MARKS = Set.of("strong", "em", "code", "strike", "underline", "link",
            "textColor", "subsup", "backgroundColor");

    private AdfSchema() {}

    /** Why {@code doc} is not a valid ADF document, naming the offending path; null when it is valid. */
    static String violation(JsonNode doc) {
        if (doc == null || !doc.isObject() || !"doc".equals(doc.path("type").asText())) {
            return "the top-level node must be {\"type\": \"doc\", \"version\": 1, \"content\": [...]}";
        }
        if (doc.path("version").asInt(-1) != 1 || !doc.path("version").isInt()) return "$.version must be 1";
        return node(doc, "$");
    }

    private static String node(JsonNode n, String path) {
        if (!n.isObject() || !n.path("type").isTextual()) return path + " must be a node object with a 'type'";
        String type = n.get("type").asText();
        if (!CONTENT.containsKey(type) && !LEAVES.contains(type)) return path + ": unknown node type '" + type + "'";
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!NODE_KEYS.contains(key) || (key.equals("version") && !type.equals("doc"))) {
                return path + ": '" + key + "' is not a property of a " + type + " node";
            }
        }
        String own = type.equals("text") ? text(n, path) : attrs(n, type, path);
        if (own != null) return own;
        if (n.has("marks") && !type.equals("text")) return marksOnBlock(n, type, path);
        return content(n, type, path);
    }

    private static String content(JsonNode n, String type, String path) {
        Set<String> allowed = CONTENT.get(type);
        if (allowed == null) {
            return n.has("content") ? path + ": a " + type + " node has no content" : null;
        }
        JsonNode content = n.path("content");
        if (!content.isArray()) {
            return content.isMissingNode() && MAY_BE_EMPTY.contains(type) ? null
                    : path + ".content must be an array";
        }
        if (content.isEmpty() && !MAY_BE_EMPTY.contains(type)) return path + ": a " + type + " needs content";
        for (int i = 0; i < content.size(); i++) {
            JsonNode child = content.get(i);
            String childPath = path + ".content[" + i + "]";
            String childType = child.path("type").asText();
            if (!allowed.contains(childType)) {
                return childPath + ": a " + childType + " node cannot be a child of " + type;
            }
            boolean marked = !child.path("marks").isEmpty();
            String e = type.equals("codeBlock") && marked ? childPath + ": text in a codeBlock has no marks"
                    : node(child, childPath);
            if (e != null) return e;
        }
        return null;
    }

    private static String attrs(JsonNode n, String type, String path) {
        JsonNode attrs = n.path("attrs");
        if (!attrs.isMissingNode() && !attrs.isObject()) return path + ".attrs must be an object";
        switch (type) {
            case "heading" -> {
                int level = attrs.path("level").asInt(0);
                if (!attrs.path("level").isInt() || level < 1 || level > 6) {
                    return path + ".attrs.level must be 1 to 6";
                }
            }
            case "orderedList" -> {
                if (attrs.has("order") && (!attrs.get("order").isInt() || attrs.get("order").asInt() < 0)) {
                    return path + ".attrs.order must be a non-negative integer";
                }
            }
            case "mention" -> {
                if (!attrs.path("id").isTextual()) return path + ".attrs.id is required";
            }
            case "emoji" -> {
                if (!attrs.path("shortName").isTextual()) return path + ".attrs.shortName is required";
            }
            default -> {
                // other nodes' attributes are not checked
            }
        }
        return null;
    }

    private static String text(JsonNode n, String path) {
        if (!n.path("text").isTextual() || n.get("text").asText().isEmpty()) {
            return path + ".text must be a non-empty string";
        }
        if (n.has("content") || n.has("attrs")) return path + ": a text node has only text and marks";
        JsonNode marks = n.path("marks");
        if (marks.isMissingNode()) return null;
        if (!marks.isArray()) return path + ".marks must be an array";
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < marks.size(); i++) {
            JsonNode m = marks.get(i);
            String type = m.path("type").asText("");
            if (!MARKS.contains(type)) return path + ".marks[" + i + "]: unknown mark '" + type + "'";
            if (!seen.add(type)) return path + ".marks: the mark '" + type + "' appears twice";
            if (type.equals("link") && !m.path("attrs").path("href").isTextual()) {
                return path + ".marks[" + i + "]: a link needs attrs.href";
            }
        }
        if (seen.contains("code") && !Set.of("code", "link").containsAll(seen)) {
            return path + ".marks: code can only be combined with link, not with " + seen;
        }
        return null;
    }

    private static String marksOnBlock(JsonNode n, String type, String path) {
        // paragraphs and headings may carry alignment/indentation marks only
        for (JsonNode m : n.path("marks")) {
            String mark = m.path("type").asText("");
            if (!Set.of("paragraph", "heading").contains(type) || !Set.of("alignment", "indentation").contains(mark)) {
                return path + ": a " + type + " cannot have the mark '" + mark + "'";
            }
        }
        return content(n, type, path);
    }
}
