package dev.zen.plugin.runtime.internal;

import dev.zen.integration.spi.Credential;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from text the plugin sees or logs: every credential value the host injected for this plugin, in
 * the encodings a server might echo it in ({@link SecretForms}), and in log lines anything shaped like one
 * (Authorization schemes, {@code token=...}).
 */
public final class Redactor {
    /** What replaces a secret. */
    static final String MASK = "[REDACTED]";
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b(authorization|api[_-]?key|api[_-]?token|access[_-]?token|refresh[_-]?token|token|password|secret)"
                    + "(\"?\\s*[:=]\\s*\"?)(?!\\[REDACTED\\])[^\\s\",;}&]{4,}");
    private final Set<String> secrets = new LinkedHashSet<>(); // guarded by this
    /** The encoded forms of {@link #secrets}, rebuilt when a new secret is remembered (rare: once per credential). */
    private volatile SecretForms forms = SecretForms.EMPTY;

    /** Remembers the secret parts of a credential so they are scrubbed wherever they show up. */
    void remember(Credential c) {
        List<String> values = new ArrayList<>();
        values.add(c.secret());
        values.add(c.refreshToken());
        String header = c.authorizationHeader();
        values.add(header);
        int space = header.indexOf(' ');
        if (space > 0) values.add(header.substring(space + 1));
        if (c.type() == Credential.Type.BASIC) {
            values.add(Base64.getEncoder().encodeToString((c.username() + ":" + c.secret())
                    .getBytes(StandardCharsets.UTF_8)));
        }
        synchronized (this) {
            boolean added = false;
            for (String s : values) {
                if (s != null && s.length() >= 4) added |= secrets.add(s);
            }
            if (added) forms = SecretForms.of(secrets);
        }
    }

    /** Replaces every remembered secret, in any of its encodings, with {@link #MASK}. */
    String scrubKnown(String text) {
        return forms.scrub(text, MASK);
    }

    /** Remembered secrets and anything that looks like a credential, for log lines. */
    String redact(String text) {
        String out = scrubKnown(text);
        out = SCHEME.matcher(out).replaceAll("$1$2" + MASK);
        return ASSIGNMENT.matcher(out).replaceAll("$1$2" + MASK);
    }
}
