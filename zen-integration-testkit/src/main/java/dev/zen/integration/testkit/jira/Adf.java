package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Atlassian Document Format helpers: validation, plain text extraction and construction. */
final class Adf {
    static final String NOT_A_DOCUMENT =
            "Operation value must be an Atlassian Document (see the Atlassian Document Format)";

    private Adf() {}

    /** Whether a node is a valid ADF document (see {@link AdfSchema}). */
    static boolean isDocument(JsonNode node) {
        return AdfSchema.violation(node) == null;
    }

    // ---- the text form, the same as the Jira plugin's (plugins/jira/assembly/adf.ts; docs/sync.md#descriptions) ----
    // Blocks (paragraphs, lists) are separated by one blank line; a hardBreak is a newline; list items are "- text"
    // or "N. text", nested lists indented by two spaces per level; a paragraph line that would read as a list item
    // or starts with a space, a tab or a backslash gets a leading backslash. Text marks are dropped (the text is
    // kept); other nodes (headings, code blocks, tables, mentions...) are left out of the text.

    /** A node of the supported subset. */
    private static final class Node {
        final String type;
        final List<Node> children = new ArrayList<>();
        String text = "";
        int order = 1;

        Node(String type) {
            this.type = type;
        }
    }

    /** The text of a document in the plugin's text form; null for null. */
    static String toText(JsonNode doc) {
        if (doc == null || doc.isNull()) return null;
        Node root = new Node("doc");
        children(doc, root);
        List<String> blocks = new ArrayList<>();
        for (Node b : root.children) {
            if (b.type.equals("paragraph")) {
                blocks.add(escapeLines(paragraphText(b)));
            } else if (b.type.equals("bulletList") || b.type.equals("orderedList")) {
                List<String> lines = new ArrayList<>();
                listText(b, "", lines);
                blocks.add(String.join("\n", lines));
            }
        }
        return String.join("\n\n", blocks);
    }

    private static void children(JsonNode o, Node into) {
        for (JsonNode v : o.path("content")) {
            if (!v.isObject()) continue;
            Node n = node(v);
            if (n == null) continue;
            Node last = into.children.isEmpty() ? null : into.children.get(into.children.size() - 1);
            if (n.type.equals("text") && last != null && last.type.equals("text")) last.text += n.text;
            else into.children.add(n);
        }
    }

    private static Node node(JsonNode o) {
        String type = o.path("type").asText();
        switch (type) {
            case "text" -> {
                Node n = new Node("text");
                n.text = o.path("text").asText("");
                return n;
            }
            case "hardBreak" -> {
                return new Node("hardBreak");
            }
            case "paragraph", "bulletList", "orderedList", "listItem" -> {
                Node n = new Node(type);
                if (type.equals("orderedList")) n.order = o.path("attrs").path("order").asInt(1);
                children(o, n);
                return n;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static boolean needsEscape(String line) {
        if (line.isEmpty()) return false;
        char c = line.charAt(0);
        if (c == '\\' || c == ' ' || c == '\t') return true;
        if (line.startsWith("- ") || line.equals("-")) return true;
        int dot = line.indexOf(". ");
        if (dot > 0 && isDigits(line.substring(0, dot))) return true;
        return line.endsWith(".") && isDigits(line.substring(0, line.length() - 1));
    }

    private static String paragraphText(Node n) {
        StringBuilder s = new StringBuilder();
        for (Node c : n.children) {
            if (c.type.equals("text")) s.append(c.text);
            else if (c.type.equals("hardBreak")) s.append('\n');
        }
        return s.toString();
    }

    private static String escapeLines(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (needsEscape(lines[i])) lines[i] = "\\" + lines[i];
        return String.join("\n", lines);
    }

    private static void listText(Node list, String indent, List<String> out) {
        int number = list.order;
        for (Node item : list.children) {
            String marker = list.type.equals("bulletList") ? "- " : number + ". ";
            number++;
            boolean first = true;
            for (Node c : item.children) {
                // an empty leading paragraph is the bare marker: ADF has no empty list item
                if (c == item.children.get(0) && c.type.equals("paragraph") && c.children.isEmpty()) continue;
                if (c.type.equals("paragraph")) {
                    for (String line : escapeLines(paragraphText(c)).split("\n", -1)) {
                        out.add(indent + (first ? marker : "  ") + line);
                        first = false;
                    }
                } else if (c.type.equals("bulletList") || c.type.equals("orderedList")) {
                    if (first) {
                        out.add(indent + marker.stripTrailing());
                        first = false;
                    }
                    listText(c, indent + "  ", out);
                }
            }
            if (first) out.add(indent + marker.stripTrailing());
        }
    }

    /** The document the Jira plugin writes for {@code text} in its text form; null for null, empty content for "". */
    static ObjectNode fromText(String text) {
        if (text == null) return null;
        Node root = new Node("doc");
        String normalized = text.replace("\r\n", "\n").replace("\r", "\n");
        if (!normalized.isEmpty()) {
            for (String block : normalized.split("\n\n", -1)) parseBlock(block, root);
        }
        return (ObjectNode) toJson(root);
    }

    private record Line(int indent, String text) {}

    private static void parseBlock(String block, Node root) {
        List<Line> lines = new ArrayList<>();
        for (String raw : block.split("\n", -1)) {
            int indent = 0;
            while (indent < raw.length() && raw.charAt(indent) == ' ') indent++;
            lines.add(new Line(indent, raw));
        }
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).indent() == 0 && markerOf(lines.get(i).text())[0] != 0) {
                i = parseList(lines, i, 0, root.children);
            } else {
                List<String> para = new ArrayList<>();
                while (i < lines.size() && !(lines.get(i).indent() == 0 && markerOf(lines.get(i).text())[0] != 0)) {
                    para.add(lines.get(i).text());
                    i++;
                }
                root.children.add(paragraphOf(para));
            }
        }
    }

    /** [kind (0 none, 1 bullet, 2 ordered), number, marker length, has a space after the marker]. */
    private static int[] markerOf(String s) {
        if (s.startsWith("- ")) return new int[] {1, 0, 2, 1};
        if (s.equals("-")) return new int[] {1, 0, 1, 0};
        int dot = s.indexOf('.');
        if (dot > 0 && dot <= 9 && isDigits(s.substring(0, dot))) {
            int n = Integer.parseInt(s.substring(0, dot));
            if (s.length() == dot + 1) return new int[] {2, n, dot + 1, 0};
            if (s.charAt(dot + 1) == ' ') return new int[] {2, n, dot + 2, 1};
        }
        return new int[] {0, 0, 0, 0};
    }

    private static Node paragraphOf(List<String> lines) {
        Node p = new Node("paragraph");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) p.children.add(new Node("hardBreak"));
            String t = lines.get(i).startsWith("\\") ? lines.get(i).substring(1) : lines.get(i);
            if (!t.isEmpty()) {
                Node n = new Node("text");
                n.text = t;
                p.children.add(n);
            }
        }
        return p;
    }

    private static int parseList(List<Line> lines, int at, int indent, List<Node> out) {
        int[] first = markerOf(lines.get(at).text().substring(indent));
        Node list = new Node(first[0] == 1 ? "bulletList" : "orderedList");
        if (first[0] == 2) list.order = first[1];
        int i = at;
        while (i < lines.size()) {
            Line ln = lines.get(i);
            if (ln.indent() != indent) break;
            int[] m = markerOf(ln.text().substring(indent));
            if (m[0] != first[0]) break;
            Node item = new Node("listItem");
            String rest = ln.text().substring(indent + m[2]);
            List<String> para = new ArrayList<>();
            if (!rest.isEmpty() || m[3] == 1) para.add(rest);
            i++;
            while (i < lines.size()) {
                Line l2 = lines.get(i);
                if (l2.indent() == indent + 2 && markerOf(l2.text().substring(indent + 2))[0] == 0) {
                    para.add(l2.text().substring(indent + 2));
                    i++;
                } else if (l2.indent() == indent + 2) {
                    if (!para.isEmpty()) item.children.add(paragraphOf(para));
                    para.clear();
                    i = parseList(lines, i, indent + 2, item.children);
                } else {
                    break;
                }
            }
            if (!para.isEmpty()) item.children.add(paragraphOf(para));
            // ADF requires a list item to start with a paragraph: a bare marker gets an empty one
            if (item.children.isEmpty() || !item.children.get(0).type.equals("paragraph")) {
                item.children.add(0, new Node("paragraph"));
            }
            list.children.add(item);
        }
        out.add(list);
        return i;
    }

    private static JsonNode toJson(Node n) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", n.type);
        if (n.type.equals("doc")) o.put("version", 1);
        if (n.type.equals("text")) return o.put("text", n.text);
        if (n.type.equals("orderedList")) o.putObject("attrs").put("order", n.order);
        if (!n.type.equals("hardBreak")) {
            ArrayNode content = o.putArray("content");
            for (Node c : n.children) content.add(toJson(c));
        }
        return o;
    }
}
