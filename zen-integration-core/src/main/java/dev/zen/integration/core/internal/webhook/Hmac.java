package dev.zen.integration.core.internal.webhook;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures as Jira and GitHub send them: {@code sha256=} and the lower-case hex of the MAC of the raw
 * body. The key is held as bytes and never printed.
 */
public final class Hmac {
    private static final String PREFIX = "sha256=";
    private final byte[] key;

    /** A signer with a copy of {@code key} (the caller may wipe its array afterwards). */
    public Hmac(byte[] key) {
        if (key.length == 0) throw new IllegalArgumentException("the webhook secret is empty");
        this.key = key.clone();
    }

    /** The header value a sender with this key puts on {@code body}. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(body));
    }

    /**
     * Whether {@code header} is this key's signature of {@code body}. The MACs are compared in constant time, so the
     * answer's timing tells an attacker nothing about how many leading bytes were right.
     */
    public boolean verifies(byte[] body, String header) {
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return false;
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(body), claimed);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "Hmac[key=" + "***" + "]";
    }
}
