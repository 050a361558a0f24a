package dev.zen.integration.core.internal.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.StringJoiner;

/**
 * Describes why a YAML or JSON document could not be read without quoting it: the files are the user's tasks and
 * records, and SnakeYAML's and Jackson's own messages embed excerpts of the offending lines and the values that
 * failed. What is kept: line and column, the kind of problem, the key path, the expected type. Not API.
 */
public final class ParseErrors {
    private static final int MAX_CHARS = 200;
    private static final String DUPLICATE = "Duplicate field";

    private ParseErrors() {}

    /** The dotted path of the key a duplicate-key failure is about, or null for any other failure. */
    public static String duplicateKey(Throwable e) {
        if (!(e instanceof JacksonException j) || j.getOriginalMessage() == null
                || !j.getOriginalMessage().startsWith(DUPLICATE) || !(j.getProcessor() instanceof JsonParser p)) {
            return null;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        String path = pointer.startsWith("/") ? pointer.substring(1).replace('/', '.') : pointer;
        return SafeText.escapeControls(bounded(path.replace("~1", "/").replace("~0", "~")));
    }

    /**
     * One line saying what is wrong and where, without the document's content, such as
     * {@code "line 3, column 5: mapping values are not allowed here"} or
     * {@code "line 4, column 10: the value of created cannot be read as Instant"}.
     */
    public static String describe(Throwable e) {
        String duplicate = duplicateKey(e);
        String problem = duplicate != null ? "the key " + duplicate + " appears more than once"
                : e instanceof DatabindException d ? mapping(d)
                : e instanceof JacksonException j ? syntax(j.getOriginalMessage())
                : firstClause(e);
        return where(e) + ": " + problem;
    }

    /** Such as {@code "line 3, column 5"}. */
    public static String where(Throwable e) {
        JsonLocation l = e instanceof JacksonException j ? j.getLocation() : null;
        return l == null || l.getLineNr() < 1 ? "at an unknown position"
                : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /** A value that does not fit the expected type: names the path and the type, never the value. */
    private static String mapping(DatabindException e) {
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        String target = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? m.getTargetType().getSimpleName() : null;
        // a constructor's own check (such as "labels must not contain duplicates: [...]") says why, before its colon
        String why = e instanceof ValueInstantiationException && e.getCause() != null
                ? " (" + firstClause(e.getCause()) + ")" : "";
        return (path.isEmpty() ? "a value" : "the value of " + path) + " cannot be read"
                + (target == null ? "" : " as " + target) + why;
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringJoiner j = new StringJoiner(".");
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) j.add(r.getFieldName());
            else if (r.getIndex() >= 0) j.add("[" + r.getIndex() + "]");
        }
        return SafeText.escapeControls(bounded(j.toString()));
    }

    /**
     * A parser's message without excerpts: SnakeYAML indents the lines it quotes from the document (and the caret
     * under them), so only unindented lines are kept; quoted text longer than a few characters (a token, a value)
     * is replaced by {@code '...'}.
     */
    static String syntax(String message) {
        if (message == null || message.isBlank()) return "not valid YAML or JSON";
        StringJoiner kept = new StringJoiner("; ");
        for (String line : message.split("\r\n|[\r\n\u0085\u2028\u2029]")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) continue;
            kept.add(line.strip().replaceAll("'[^']{4,}'|\"[^\"]{4,}\"", "'...'"));
        }
        String s = kept.length() == 0 ? "not valid YAML or JSON" : kept.toString();
        return SafeText.escapeControls(bounded(s));
    }

    /** The message of a non-parser failure up to its first quote or colon (where values usually follow). */
    private static String firstClause(Throwable t) {
        String m = t.getMessage();
        if (m == null) return t.getClass().getSimpleName();
        int cut = m.length();
        for (char c : new char[] {':', '\'', '"', '`', '\n', '\r'}) {
            int i = m.indexOf(c);
            if (i >= 0 && i < cut) cut = i;
        }
        String s = m.substring(0, cut).strip();
        return SafeText.escapeControls(bounded(s.isEmpty() ? t.getClass().getSimpleName() : s));
    }

    private static String bounded(String s) {
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "..." : s;
    }
}
