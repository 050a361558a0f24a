package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.plugin.runtime.PluginSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The load's verification with the signature checked beside the hashing. */
class IntegrityTest {
    private static final KeyPair PUBLISHER = PluginSigner.generateKeyPair();
    private static final KeyPair ATTACKER = PluginSigner.generateKeyPair();
    private static final Supplier<List<PublicKey>> TRUSTED = () -> List.of(PUBLISHER.getPublic());
    private static final byte[] MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};
    private static final byte[] OTHER_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0, 0, 1, 0};

    private static byte[] manifest(KeyPair signer) {
        String yaml = "schema_version: 1\n"
                + "plugin:\n  name: signed\n  version: 1.0.0\n  description: test plugin\n"
                + "capabilities: [get_task]\n"
                + "runtime:\n  wasm_file: plugin.wasm\n  memory_limit: 1MiB\n  execution_timeout: 2s\n"
                + "api_requirements:\n  abi_version: 1\n  hosts: []\n"
                + "security:\n  permissions: []\n  checksum: " + PluginSigner.checksum(MODULE) + "\n";
        return PluginSigner.signManifest(yaml, MODULE, signer.getPrivate()).getBytes(StandardCharsets.UTF_8);
    }

    private static String verify(byte[] manifest, byte[] wasm) {
        return verify(manifest, wasm, TRUSTED);
    }

    private static String verify(byte[] manifest, byte[] wasm, Supplier<List<PublicKey>> trusted) {
        PluginManifest m = ManifestParser.parse("signed", manifest);
        return Integrity.verifyConcurrently(m, manifest, wasm, trusted, true);
    }

    @Test
    void givenASignedModuleWhenVerifiedBesideTheHashingThenItsDigestIsReturned() {
        assertThat(verify(manifest(PUBLISHER), MODULE)).isEqualTo(Integrity.sha256Hex(MODULE));
    }

    @Test
    void givenASignatureByAnUntrustedKeyWhenVerifiedBesideTheHashingThenItDoesNotVerify() {
        assertThatThrownBy(() -> verify(manifest(ATTACKER), MODULE)).isInstanceOf(IntegrationException.class)
                .hasMessageContaining("does not verify with any trusted key");
    }

    @Test
    void givenASwappedModuleWhenVerifiedThenTheChecksumMismatchIsReportedThoughTheSignatureVerifies() {
        // the signature is over the checksum the manifest declares, so it verifies: the checksum must catch the swap
        assertThatThrownBy(() -> verify(manifest(PUBLISHER), OTHER_MODULE))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void givenASwappedModuleAndAnUntrustedSignatureWhenVerifiedThenTheChecksumIsReportedFirstAsBefore() {
        assertThatThrownBy(() -> verify(manifest(ATTACKER), OTHER_MODULE))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void givenASignedModuleWhenVerifiedThenTheSignatureIsCheckedOnItsOwnThreadWithTheKeys() {
        AtomicReference<String> checkedOn = new AtomicReference<>();

        assertThatThrownBy(() -> verify(manifest(ATTACKER), MODULE, () -> {
            checkedOn.set(Thread.currentThread().getName());
            return TRUSTED.get();
        })).isInstanceOf(IntegrationException.class).hasMessageContaining("does not verify with any trusted key");
        assertThat(checkedOn).hasValue("zen-plugin-verify-1");
    }

    @Test
    void givenAnUnsignedManifestWhenSignaturesAreRequiredThenTheLoadSaysSo() {
        String yaml = new String(manifest(PUBLISHER), StandardCharsets.UTF_8).replaceAll("(?m)^  signature:.*\\n", "");
        byte[] unsigned = yaml.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verify(unsigned, MODULE)).isInstanceOf(IntegrationException.class)
                .hasMessageContaining("not signed");
    }
}
