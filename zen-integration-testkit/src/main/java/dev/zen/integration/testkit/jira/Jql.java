package dev.zen.integration.testkit.jira;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the fake's JQL subset into a syntax tree: clauses {@code field op value}, {@code AND}, {@code OR},
 * parentheses and {@code ORDER BY}. Meaning (which fields and values exist) is checked by {@link JqlFilter}.
 */
final class Jql {
    private static final Set<String> OPERATORS = Set.of("=", "!=", ">", ">=", "<", "<=", "~", "!~");

    sealed interface Node permits And, Or, Clause {}

    record And(List<Node> parts) implements Node {}

    record Or(List<Node> parts) implements Node {}

    /** A value: a literal, or a function call such as {@code currentUser()}. */
    record Value(String text, boolean function) {}

    /** {@code op} is upper case: =, !=, &gt;, &gt;=, &lt;, &lt;=, ~, !~, IN, NOT IN, IS, IS NOT. */
    record Clause(String field, String op, List<Value> values) implements Node {}

    record OrderBy(String field, boolean ascending) {}

    record Query(Node where, List<OrderBy> orderBy) {}

    private record Token(String text, boolean quoted, int position) {
        boolean is(String word) {
            return !quoted && text.equalsIgnoreCase(word);
        }
    }

    private final List<Token> tokens;
    private int pos;

    private Jql(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Query parse(String jql) {
        Jql parser = new Jql(tokenize(jql == null ? "" : jql));
        return parser.query();
    }

    private Query query() {
        Node where = null;
        if (!atEnd() && !peek().is("ORDER")) where = or();
        List<OrderBy> order = new ArrayList<>();
        if (!atEnd()) {
            if (!peek().is("ORDER")) throw error("Expecting either 'OR' or 'AND' but got '" + peek().text + "'.");
            next();
            if (atEnd() || !peek().is("BY")) throw error("Expecting 'by' after 'order'.");
            next();
            do {
                if (atEnd()) throw error("Expecting a field name after 'ORDER BY'.");
                Token field = next();
                boolean asc = true;
                if (!atEnd() && (peek().is("ASC") || peek().is("DESC"))) asc = next().is("ASC");
                order.add(new OrderBy(field.text.toLowerCase(Locale.ROOT), asc));
            } while (!atEnd() && peek().text.equals(",") && next() != null);
            if (!atEnd()) throw error("Expecting ',' or the end of the query but got '" + peek().text + "'.");
        }
        return new Query(where, order);
    }

    private Node or() {
        List<Node> parts = new ArrayList<>();
        parts.add(and());
        while (!atEnd() && peek().is("OR")) {
            next();
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    private Node and() {
        List<Node> parts = new ArrayList<>();
        parts.add(primary());
        while (!atEnd() && peek().is("AND")) {
            next();
            parts.add(primary());
        }
        return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    private Node primary() {
        if (atEnd()) throw error("Expecting a field name but reached the end of the query.");
        if (peek().is("NOT")) throw error("FakeJira's JQL subset does not support NOT; use != or NOT IN.");
        if (peek().text.equals("(") && !peek().quoted) {
            next();
            Node inner = or();
            if (atEnd() || !peek().text.equals(")")) throw error("Expecting ')' to close the group.");
            next();
            return inner;
        }
        Token field = next();
        if (field.quoted && field.text.isEmpty() || isReserved(field)) {
            throw error("Expecting a field name but got '" + field.text + "'.");
        }
        if (atEnd()) throw error("Expecting operator but reached the end of the query.");
        String op = operator();
        List<Value> values = new ArrayList<>();
        if (op.equals("IN") || op.equals("NOT IN")) {
            if (atEnd() || !peek().text.equals("(")) throw error("Expecting '(' after '" + op + "'.");
            next();
            do {
                values.add(value());
            } while (!atEnd() && peek().text.equals(",") && next() != null);
            if (atEnd() || !peek().text.equals(")")) throw error("Expecting ')' to close the list of values.");
            next();
        } else {
            values.add(value());
        }
        return new Clause(field.text.toLowerCase(Locale.ROOT), op, values);
    }

    private String operator() {
        Token t = next();
        if (!t.quoted && OPERATORS.contains(t.text)) return t.text;
        if (t.is("IN")) return "IN";
        if (t.is("IS")) {
            if (!atEnd() && peek().is("NOT")) {
                next();
                return "IS NOT";
            }
            return "IS";
        }
        if (t.is("NOT") && !atEnd() && peek().is("IN")) {
            next();
            return "NOT IN";
        }
        throw error("Expecting operator but got '" + t.text + "'. The valid operators are '=', '!=', '<', '>', "
                + "'<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.");
    }

    private Value value() {
        if (atEnd()) throw error("Expecting a value but reached the end of the query.");
        Token t = next();
        if (!t.quoted && (isReserved(t) || t.text.equals(")") || t.text.equals(",") || t.text.equals("("))) {
            throw error("Expecting a value but got '" + t.text + "'.");
        }
        if (!t.quoted && !atEnd() && peek().text.equals("(")) {
            next();
            if (atEnd() || !peek().text.equals(")")) throw error("FakeJira supports only functions without arguments.");
            next();
            return new Value(t.text, true);
        }
        return new Value(t.text, false);
    }

    private static boolean isReserved(Token t) {
        return !t.quoted && (t.is("AND") || t.is("OR") || t.is("ORDER") || t.is("IN") || t.is("IS")
                || t.is("NOT") || OPERATORS.contains(t.text));
    }

    private boolean atEnd() {
        return pos >= tokens.size();
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private JqlException error(String message) {
        int at = atEnd() ? -1 : peek().position;
        return new JqlException("Error in the JQL Query: " + message
                + (at >= 0 ? " (line 1, character " + (at + 1) + ")" : ""));
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int start = i++;
                StringBuilder b = new StringBuilder();
                while (i < s.length() && s.charAt(i) != c) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                    b.append(s.charAt(i++));
                }
                if (i >= s.length()) {
                    throw new JqlException("Error in the JQL Query: The quoted string starting at character "
                            + (start + 1) + " has not been completed.");
                }
                i++;
                out.add(new Token(b.toString(), true, start));
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(String.valueOf(c), false, i++));
            } else if (c == '=' || c == '~') {
                out.add(new Token(String.valueOf(c), false, i++));
            } else if (c == '!' || c == '<' || c == '>') {
                int start = i++;
                if (i < s.length() && (s.charAt(i) == '=' || (c == '!' && s.charAt(i) == '~'))) i++;
                String op = s.substring(start, i);
                if (op.equals("!")) {
                    throw new JqlException("Error in the JQL Query: The character '!' is a reserved JQL character."
                            + " (line 1, character " + (start + 1) + ")");
                }
                out.add(new Token(op, false, start));
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()\",'=!<>~".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), false, start));
            }
        }
        return out;
    }
}
