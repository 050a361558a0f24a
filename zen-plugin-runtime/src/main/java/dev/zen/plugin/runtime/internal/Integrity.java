package dev.zen.plugin.runtime.internal;

import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks a plugin's bytes before anything parses them: the required SHA-256 checksum, then the signature policy. */
public final class Integrity {
    private static final Logger LOG = LoggerFactory.getLogger(Integrity.class);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Integrity() {
    }

    /** The hex digest of a checksum written as {@code sha256:<hex>} or plain hex. */
    static Optional<String> parseChecksum(String checksum) {
        String c = checksum.trim().toLowerCase(Locale.ROOT);
        if (c.startsWith("sha256:")) c = c.substring("sha256:".length()).trim();
        return HEX64.matcher(c).matches() ? Optional.of(c) : Optional.empty();
    }

    /** The hex digest the manifest's {@code security.checksum} names; null when it names none or not validly. */
    static String declaredChecksum(PluginManifest manifest) {
        String checksum = manifest.security().checksum();
        return checksum == null ? null : parseChecksum(checksum).orElse(null);
    }

    /** Lower-case hex SHA-256. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Verifies checksum and signature.
     *
     * @return the module's hex SHA-256
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} saying what does not match
     */
    public static String verify(PluginManifest manifest, byte[] manifestBytes, byte[] wasm, List<PublicKey> trusted,
                                boolean requireSignatures) {
        String name = manifest.plugin().name();
        String actual = checkChecksum(name, manifest, wasm);
        String signature = manifest.security().signature();
        if (signature == null || signature.isBlank()) {
            if (requireSignatures) {
                throw Errors.loadFailed(name, "the plugin is not signed, and this host requires signatures "
                        + "(security.signature is missing). Sign it with PluginSigner or disable requireSignatures");
            }
            return actual;
        }
        // Always checked, even when signatures are optional: a signed plugin may shadow another (ShadowPolicy), so a
        // signature is accepted only if a trusted key (the built-in first-party keys or the host's) verifies it.
        checkSignature(name, signature, manifestBytes, actual, trusted);
        return actual;
    }

    /**
     * As {@link #verify}, with the signature checked on a daemon thread while the module is hashed: the signed payload
     * names the module by the checksum its manifest declares, so the signature does not need the module's digest;
     * when the module does not match that checksum, the load fails on the checksum, as {@code verify} reports it. In a
     * cold JVM, hashing the module and checking an Ed25519 signature each take a tenth of a load.
     *
     * @return the module's hex SHA-256
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} saying what does not match: the checksum first
     */
    public static String verifyConcurrently(PluginManifest manifest, byte[] manifestBytes, byte[] wasm,
                                            Supplier<List<PublicKey>> trusted, boolean requireSignatures) {
        String signature = manifest.security().signature();
        String declared = declaredChecksum(manifest);
        if (declared == null || signature == null || signature.isBlank()) {
            return verify(manifest, manifestBytes, wasm, trusted.get(), requireSignatures);
        }
        String name = manifest.plugin().name();
        CompletableFuture<Void> signed = Threads.supply("zen-plugin-verify", () -> {
            checkSignature(name, signature, manifestBytes, declared, trusted.get());
            return null;
        });
        String actual = checkChecksum(name, manifest, wasm);
        Threads.join(signed);
        return actual;
    }

    /** The module's hex SHA-256, after checking it is the one the manifest names. */
    private static String checkChecksum(String name, PluginManifest manifest, byte[] wasm) {
        String checksum = manifest.security().checksum();
        if (checksum == null) {
            // The spec's example manifest has none. Loading without it would run bytes nobody vouched for.
            throw Errors.loadFailed(name, "manifest key 'security.checksum' is missing: a module is loaded only when "
                    + "its manifest names its SHA-256. Add 'checksum: sha256:<64 hex digits>' under security: "
                    + "(plugins/build.sh writes it; sha256sum " + manifest.runtime().wasmFile() + " prints it)");
        }
        String expected = parseChecksum(checksum).orElseThrow(
                () -> Errors.loadFailed(name, "security.checksum is not sha256:<64 hex digits>"));
        String actual = sha256Hex(wasm);
        if (!MessageDigest.isEqual(expected.getBytes(), actual.getBytes())) {
            throw Errors.loadFailed(name, "checksum mismatch for " + manifest.runtime().wasmFile()
                    + ": the manifest says sha256:" + expected + " but the file is sha256:" + actual
                    + ". The file was changed or corrupted; reinstall the plugin");
        }
        return actual;
    }

    /** Passes when one trusted key verifies the signature over the {@link SignedPayload}. */
    private static void checkSignature(String name, String signature, byte[] manifestBytes, String wasmSha256Hex,
                                       List<PublicKey> trusted) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            throw Errors.loadFailed(name, "security.signature is not Base64", e);
        }
        byte[] payload;
        try {
            payload = SignedPayload.of(manifestBytes, wasmSha256Hex); // the checksum's digest: hashed once
        } catch (IllegalArgumentException e) {
            throw Errors.loadFailed(name, "signature cannot be checked: " + e.getMessage(), e);
        }
        for (PublicKey key : trusted) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(payload);
                if (s.verify(sig)) return;
            } catch (GeneralSecurityException e) {
                LOG.debug("signature check of plugin {} failed with one key: {}", name, e.toString());
            }
        }
        throw Errors.loadFailed(name, "signature does not verify with any trusted key: the module or manifest was "
                + "changed after signing, or it was signed with a key this host does not trust. Reinstall the plugin, "
                + "or add its publisher's public key with trustedKeys(...) (the built-in Zen key verifies only the "
                + "plugins Zen ships)");
    }
}
