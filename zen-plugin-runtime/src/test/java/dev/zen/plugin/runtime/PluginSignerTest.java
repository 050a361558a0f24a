package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.plugin.PluginManifest;
import dev.zen.plugin.runtime.internal.Integrity;
import dev.zen.plugin.runtime.internal.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginSignerTest {
    static final KeyPair KEYS = PluginSigner.generateKeyPair();
    static final byte[] WASM = Wat.plugin("", Wat.echo("map_to_zen"));

    private static String manifest(String newline) {
        return String.join(newline, "schema_version: 1", "plugin:", "  name: signed", "  version: 1.0.0",
                "runtime:", "  wasm_file: plugin.wasm", "  memory_limit: 1MiB", "  execution_timeout: 1s",
                "security:", "  permissions: [log]  # comment is covered too", "  checksum: " + PluginSigner.checksum(WASM),
                "");
    }

    private static PluginManifest parse(String yaml) {
        return ManifestParser.parse("signed", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenAManifestWhenSignedThenTheSignatureLineFollowsTheChecksumAndVerifiesAgainstThePayload()
            throws Exception {
        String signed = PluginSigner.signManifest(manifest("\n"), WASM, KEYS.getPrivate());

        String signature = parse(signed).security().signature();
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(KEYS.getPublic());
        v.update(PluginSigner.signedPayload(signed.getBytes(StandardCharsets.UTF_8), WASM));

        assertThat(signed).contains("  checksum: " + PluginSigner.checksum(WASM) + "\n  signature: " + signature + "\n");
        assertThat(v.verify(Base64.getDecoder().decode(signature))).isTrue();
        assertThat(new String(PluginSigner.signedPayload(signed.getBytes(StandardCharsets.UTF_8), WASM),
                StandardCharsets.UTF_8)).startsWith("zen-plugin-signature-v2\nwasm-sha256:" + Integrity.sha256Hex(WASM)
                + "\nmanifest-sha256:" + Integrity.sha256Hex(manifest("\n").getBytes(StandardCharsets.UTF_8)) + "\n");
    }

    @Test
    void givenAWindowsLineEndingManifestWhenSignedAndVerifiedThenItIsAccepted() {
        String signed = PluginSigner.signManifest(manifest("\r\n"), WASM, KEYS.getPrivate());

        PluginManifest m = parse(signed);

        assertThat(signed).contains("\r\n  signature: ");
        assertThat(Integrity.verify(m, signed.getBytes(StandardCharsets.UTF_8), WASM, List.of(KEYS.getPublic()), true))
                .isEqualTo(Integrity.sha256Hex(WASM));
    }

    @Test
    void givenAnAlreadySignedManifestWhenSignedAgainThenTheOldSignatureIsReplacedNotDuplicated() {
        KeyPair other = PluginSigner.generateKeyPair();
        String once = PluginSigner.signManifest(manifest("\n"), WASM, other.getPrivate());

        String twice = PluginSigner.signManifest(once, WASM, KEYS.getPrivate());

        assertThat(twice.split("signature:", -1)).hasSize(2);
        assertThat(Integrity.verify(parse(twice), twice.getBytes(StandardCharsets.UTF_8), WASM,
                List.of(KEYS.getPublic()), true)).isNotEmpty();
    }

    @Test
    void givenACommentChangedAfterSigningWhenVerifiedThenItFails() {
        String signed = PluginSigner.signManifest(manifest("\n"), WASM, KEYS.getPrivate())
                .replace("comment is covered", "comment was edited");

        assertThatThrownBy(() -> Integrity.verify(parse(signed), signed.getBytes(StandardCharsets.UTF_8), WASM,
                List.of(KEYS.getPublic()), true)).hasMessageContaining("does not verify");
    }

    @Test
    void givenTwoSignatureLinesWhenThePayloadIsComputedThenItIsRefused() {
        String doubled = manifest("\n") + "signature: AAAA\n  signature: BBBB\n";

        assertThatThrownBy(() -> PluginSigner.signedPayload(doubled.getBytes(StandardCharsets.UTF_8), WASM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one");
    }

    @Test
    void givenAManifestWithoutChecksumWhenSignedThenTheSignerSaysWhatToAdd() {
        assertThatThrownBy(() -> PluginSigner.signManifest("schema_version: 1\n", WASM, KEYS.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum: sha256:");
    }

    @Test
    void givenATrustedKeyThatIsNotAKeyWhenTheRegistryIsBuiltThenItFailsNamingTheProblem() {
        assertThatThrownBy(() -> WasmPluginRegistry.builder().pluginDirectories(List.of()).scanClasspath(false)
                .trustedKeys(List.of("bm90IGEga2V5")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519 public key");
    }

    @Test
    void givenAPublicKeyWhenEncodedAndDecodedThenItIsTheSameKey() {
        assertThat(PluginSigner.decodePublicKey(PluginSigner.encodePublicKey(KEYS.getPublic())))
                .isEqualTo(KEYS.getPublic());
    }
}
