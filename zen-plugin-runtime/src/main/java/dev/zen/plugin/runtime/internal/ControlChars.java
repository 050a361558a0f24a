package dev.zen.plugin.runtime.internal;

/**
 * Makes text a plugin controls safe to put into one log line or exception message: control characters (C0, DEL,
 * C1 including NEL), the Unicode line and paragraph separators and the bidirectional overrides are written as
 * escapes ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}, ...), so a plugin can neither start a forged log
 * record nor send terminal (ANSI) escape sequences nor reorder what a reader sees.
 */
final class ControlChars {
    private ControlChars() {
    }

    /** The text with every unsafe character escaped; the same instance when there is none. */
    static String escape(String text) {
        if (text == null) return null;
        int first = firstUnsafe(text);
        if (first < 0) return text;
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) return i;
        }
        return -1;
    }

    /** C0 controls, DEL, C1 controls (NEL, CSI...), U+2028/U+2029, and the bidi embeddings, overrides and isolates. */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
