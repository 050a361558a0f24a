package dev.zen.plugin.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes an Ed25519 plugin signature covers (the format is documented on
 * {@link dev.zen.plugin.runtime.PluginSigner}). Shared by the signer and by {@link Integrity}, which checks it.
 */
public final class SignedPayload {
    /** The domain tag that starts every signed payload. */
    public static final String TAG = "zen-plugin-signature-v2";

    private static final Pattern SIGNATURE_LINE = Pattern.compile(
            "(?m)^[ \\t]*signature[ \\t]*:[ \\t]*['\"]?[A-Za-z0-9+/=]*['\"]?[ \\t]*(?:\\r?\\n|\\z)");

    private SignedPayload() {
    }

    /**
     * The exact bytes an Ed25519 signature covers.
     *
     * @throws IllegalArgumentException if the manifest has more than one signature line
     */
    public static byte[] of(byte[] manifestYaml, byte[] wasm) {
        return of(manifestYaml, Integrity.sha256Hex(wasm));
    }

    /**
     * As {@link #of(byte[], byte[])}, for a module whose hex SHA-256 is already known (the load has just checked it
     * against the manifest's checksum).
     *
     * @throws IllegalArgumentException if the manifest has more than one signature line
     */
    public static byte[] of(byte[] manifestYaml, String wasmSha256Hex) {
        String manifest = new String(manifestYaml, StandardCharsets.UTF_8);
        Matcher m = SIGNATURE_LINE.matcher(manifest);
        String unsigned = manifest;
        if (m.find()) {
            int start = m.start();
            int end = m.end();
            if (m.find()) {
                throw new IllegalArgumentException("the manifest has more than one 'signature:' line; keep exactly "
                        + "one, under security");
            }
            unsigned = manifest.substring(0, start) + manifest.substring(end);
        }
        String payload = TAG + "\n"
                + "wasm-sha256:" + wasmSha256Hex + "\n"
                + "manifest-sha256:" + Integrity.sha256Hex(unsigned.getBytes(StandardCharsets.UTF_8)) + "\n";
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    /** The manifest without its first signature line (and that line's ending), or unchanged if it has none. */
    public static String withoutSignatureLine(String manifestYaml) {
        Matcher existing = SIGNATURE_LINE.matcher(manifestYaml);
        return existing.find()
                ? manifestYaml.substring(0, existing.start()) + manifestYaml.substring(existing.end())
                : manifestYaml;
    }
}
