package dev.zen.plugin.runtime;

import dev.zen.plugin.runtime.internal.Integrity;
import dev.zen.plugin.runtime.internal.SignedPayload;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs plugins for the Zen plugin runtime: the checksum line, the Ed25519 signature and the public key format
 * that {@link WasmPluginRegistry.Builder#trustedKeys(java.util.List)} accepts.
 *
 * <p>A signature covers the module and the whole manifest. The signed payload is the UTF-8 text
 * <pre>
 * zen-plugin-signature-v2\n
 * wasm-sha256:&lt;lower-case hex SHA-256 of the wasm file&gt;\n
 * manifest-sha256:&lt;lower-case hex SHA-256 of manifest.yaml without its signature line&gt;\n
 * </pre>
 * where "the signature line" is the one line of the manifest matching
 * {@code ^[ \t]*signature[ \t]*:[ \t]*['"]?[A-Za-z0-9+/=]*['"]?[ \t]*\r?\n?} (removed with its line ending). A
 * manifest with more than one such line cannot be signed or verified.
 *
 * <pre>{@code
 * KeyPair keys = PluginSigner.generateKeyPair();
 * String manifest = Files.readString(dir.resolve("manifest.yaml"));   // contains "checksum: sha256:..."
 * byte[] wasm = Files.readAllBytes(dir.resolve("jira.wasm"));
 * Files.writeString(dir.resolve("manifest.yaml"), PluginSigner.signManifest(manifest, wasm, keys.getPrivate()));
 * String trusted = PluginSigner.encodePublicKey(keys.getPublic());   // give this to trustedKeys(...)
 * }</pre>
 */
public final class PluginSigner {
    /** The domain tag that starts every signed payload. */
    public static final String PAYLOAD_TAG = SignedPayload.TAG;

    private static final Pattern CHECKSUM_LINE = Pattern.compile("(?m)^([ \\t]*)checksum[ \\t]*:.*(?:\\r?\\n|\\z)");

    private PluginSigner() {
    }

    /** The manifest checksum value for a module: {@code sha256:<hex>}. */
    public static String checksum(byte[] wasm) {
        return "sha256:" + Integrity.sha256Hex(wasm);
    }

    /**
     * The exact bytes an Ed25519 signature covers.
     *
     * @throws IllegalArgumentException if the manifest has more than one signature line
     */
    public static byte[] signedPayload(byte[] manifestYaml, byte[] wasm) {
        return SignedPayload.of(manifestYaml, wasm);
    }

    /** Signs a plugin; returns the Base64 signature for {@code security.signature}. */
    public static String sign(byte[] manifestYaml, byte[] wasm, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signedPayload(manifestYaml, wasm));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("could not sign with an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the manifest with its {@code signature:} line set to a fresh signature: an existing line is replaced,
     * otherwise the line is added right after the {@code checksum:} line, with the same indentation.
     *
     * @throws IllegalArgumentException if the manifest has no {@code checksum:} line
     */
    public static String signManifest(String manifestYaml, byte[] wasm, PrivateKey key) {
        String unsigned = SignedPayload.withoutSignatureLine(manifestYaml);
        Matcher c = CHECKSUM_LINE.matcher(unsigned);
        if (!c.find()) {
            throw new IllegalArgumentException("the manifest has no 'checksum:' line; add "
                    + "'checksum: " + checksum(wasm) + "' under security first");
        }
        String signature = sign(unsigned.getBytes(StandardCharsets.UTF_8), wasm, key);
        String checksumLine = unsigned.substring(c.start(), c.end());
        String newline = checksumLine.endsWith("\r\n") ? "\r\n" : "\n";
        String prefix = unsigned.substring(0, c.end()) + (checksumLine.endsWith("\n") ? "" : newline);
        return prefix + c.group(1) + "signature: " + signature + newline + unsigned.substring(c.end());
    }

    /** A new Ed25519 key pair. */
    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15+ has it)", e);
        }
    }

    /** A public key in the form trusted keys are configured: Base64 of its X.509 encoding. */
    public static String encodePublicKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads a trusted key written by {@link #encodePublicKey(PublicKey)}.
     *
     * @throws IllegalArgumentException if it is not a Base64 X.509 Ed25519 public key
     */
    public static PublicKey decodePublicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Base64 X.509 Ed25519 public key: '" + abbreviate(base64)
                    + "' (" + e.getMessage() + ")", e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 16 ? s.substring(0, 16) + "..." : s;
    }
}
