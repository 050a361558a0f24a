package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;

/**
 * Describes a Jackson parse failure in one line without quoting the document: SnakeYAML's messages carry excerpts
 * of the offending lines (indented below the problem), which are dropped; what is kept is the problem, its line and
 * column, and for a duplicate key its path. Plugin-controlled characters are escaped ({@link ControlChars}).
 */
final class ParseErrors {
    private static final int MAX_PROBLEM_CHARS = 200;
    private static final String DUPLICATE = "Duplicate field";

    private ParseErrors() {
    }

    /** The dotted path of the key a duplicate-key failure is about, or null for any other failure. */
    static String duplicateKey(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null || !m.startsWith(DUPLICATE) || !(e.getProcessor() instanceof JsonParser p)) return null;
        String pointer = p.getParsingContext().pathAsPointer().toString();
        String path = pointer.startsWith("/") ? pointer.substring(1).replace('/', '.') : pointer;
        return ControlChars.escape(path.replace("~1", "/").replace("~0", "~"));
    }

    /** Such as {@code "line 3, column 5: mapping values are not allowed here"}. */
    static String describe(JacksonException e) {
        return where(e) + ": " + problem(e);
    }

    private static String where(JacksonException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "at an unknown position"
                : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String problem(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        for (String line : m.split("\r\n|[\r\n\u0085\u2028\u2029]")) {
            // SnakeYAML indents its excerpts of the document (and the ^ under them): leave those out
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) continue;
            if (b.length() > 0) b.append("; ");
            b.append(line.strip());
        }
        String p = b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
        if (p.length() > MAX_PROBLEM_CHARS) p = p.substring(0, MAX_PROBLEM_CHARS) + "...";
        return ControlChars.escape(p);
    }
}
