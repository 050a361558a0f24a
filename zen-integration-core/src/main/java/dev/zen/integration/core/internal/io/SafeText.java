package dev.zen.integration.core.internal.io;

import java.util.regex.Pattern;

/**
 * Makes a value safe to quote in an error message or log line: user info in URLs ({@code https://bot:pw@host}) is
 * masked, control characters and line separators are escaped (one message stays one log line). Not API.
 */
public final class SafeText {
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,20}://)[^/?#\\s]*@");

    private SafeText() {}

    /** The value as text for a message: user info masked, control characters escaped. */
    public static String quote(Object value) {
        return escapeControls(maskUserInfo(String.valueOf(value)));
    }

    /**
     * Replaces the user info of every URL in the text ({@code https://bot:pw@host}) by {@code ***}, up to the
     * authority's last {@code @}, so a password containing {@code @} is masked whole.
     */
    public static String maskUserInfo(String text) {
        if (text == null || text.indexOf('@') < 0) return text;
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /**
     * Escapes C0 and C1 control characters (CR, LF, NEL, ESC...), U+2028/U+2029 and the bidirectional overrides as
     * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}.
     */
    public static String escapeControls(String text) {
        if (text == null) return null;
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (!unsafe) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(text.length() + 16).append(text, 0, i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }
}
