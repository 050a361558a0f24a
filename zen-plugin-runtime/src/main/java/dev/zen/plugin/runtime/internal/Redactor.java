package dev.zen.plugin.runtime.internal;

import dev.zen.integration.spi.Credential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from text the plugin sees or logs: every credential value the host injected for this plugin,
 * and anything shaped like one (Authorization schemes, {@code token=...}).
 */
public final class Redactor {
    /** What replaces a secret. */
    static final String MASK = "[REDACTED]";
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b(authorization|api[_-]?key|api[_-]?token|access[_-]?token|refresh[_-]?token|token|password|secret)"
                    + "(\"?\\s*[:=]\\s*\"?)(?!\\[REDACTED\\])[^\\s\",;}&]{4,}");
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** Remembers the secret parts of a credential so they are scrubbed wherever they show up. */
    void remember(Credential c) {
        add(c.secret());
        add(c.refreshToken());
        add(c.authorizationHeader());
        String header = c.authorizationHeader();
        int space = header.indexOf(' ');
        if (space > 0) add(header.substring(space + 1));
        if (c.type() == Credential.Type.BASIC) {
            add(Base64.getEncoder().encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void add(String s) {
        if (s != null && s.length() >= 4) secrets.add(s);
    }

    /** Replaces every remembered secret with {@link #MASK}. */
    String scrubKnown(String text) {
        if (text == null || secrets.isEmpty()) return text;
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) out = out.replace(s, MASK);
        }
        return out;
    }

    /** Remembered secrets and anything that looks like a credential, for log lines. */
    String redact(String text) {
        String out = scrubKnown(text);
        out = SCHEME.matcher(out).replaceAll("$1$2" + MASK);
        return ASSIGNMENT.matcher(out).replaceAll("$1$2" + MASK);
    }
}
