package dev.zen.integration.core.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptedFileCredentialStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path storeFile() {
        return dir.resolve("credentials.enc");
    }

    private EncryptedFileCredentialStore keyFileStore() {
        Path key = dir.resolve("credentials.key");
        if (!Files.exists(key)) EncryptedFileCredentialStore.generateKeyFile(key);
        return EncryptedFileCredentialStore.builder(storeFile()).keyFile(key).build();
    }

    private EncryptedFileCredentialStore passphraseStore(String passphrase) {
        return EncryptedFileCredentialStore.builder(storeFile()).passphrase(passphrase.toCharArray())
                .pbkdf2Iterations(EncryptedFileCredentialStore.MIN_ITERATIONS).build();
    }

    private ObjectNode storeJson() throws IOException {
        return (ObjectNode) JSON.readTree(storeFile().toFile());
    }

    @Test
    void aStoredCredentialResolvesToTheSameValue() {
        Credential c = new Credential(Credential.Type.BEARER, null, "access", "refresh", Instant.parse("2030-01-01T00:00:00Z"));
        keyFileStore().put("jira-bot", c);

        assertThat(keyFileStore().resolve("jira-bot")).contains(c);
    }

    @Test
    void theFileHoldsNoPlaintextSecretAndIsOwnerOnly() throws IOException {
        keyFileStore().put("jira-bot", Credential.basic("bot@acme.com", "plaintext-secret-123"));

        String content = Files.readString(storeFile());
        assertThat(content).doesNotContain("plaintext-secret-123").doesNotContain("bot@acme.com");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile()))).isEqualTo("rw-------");
    }

    @Test
    void aCredentialsOriginBindingIsStoredInsideTheCiphertextAndReadBack() throws IOException {
        keyFileStore().put("jira-bot", Credential.basic("bot@acme.com", "s").boundTo("https://acme.atlassian.net"));

        assertThat(Files.readString(storeFile())).doesNotContain("acme.atlassian.net");
        assertThat(keyFileStore().resolve("jira-bot").orElseThrow().origins())
                .containsExactly("https://acme.atlassian.net");
    }

    @Test
    void everyWriteUsesAFreshNonce() throws IOException {
        EncryptedFileCredentialStore store = keyFileStore();
        Credential c = Credential.bearer("same");
        store.put("a", c);
        String first = storeJson().path("credentials").path("a").path("nonce").asText();
        store.put("a", c);
        store.put("b", c);

        ObjectNode creds = (ObjectNode) storeJson().get("credentials");
        assertThat(creds.path("a").path("nonce").asText()).isNotEqualTo(first)
                .isNotEqualTo(creds.path("b").path("nonce").asText());
        assertThat(creds.path("a").path("ciphertext").asText()).isNotEqualTo(creds.path("b").path("ciphertext").asText());
    }

    @Test
    void aKeyFileReadableByOthersIsRefused() throws IOException {
        Path key = dir.resolve("loose.key");
        EncryptedFileCredentialStore.generateKeyFile(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> EncryptedFileCredentialStore.builder(storeFile()).keyFile(key).build()
                .put("x", Credential.bearer("t")))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aGeneratedKeyFileIsOwnerOnlyAndNeverOverwritten() throws IOException {
        Path key = dir.resolve("k.key");
        EncryptedFileCredentialStore.generateKeyFile(key);
        byte[] before = Files.readAllBytes(key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThatThrownBy(() -> EncryptedFileCredentialStore.generateKeyFile(key)).hasMessageContaining("exists");
        assertThat(Files.readAllBytes(key)).isEqualTo(before);
    }

    @Test
    void aModifiedCiphertextFailsTheIntegrityCheck() throws IOException {
        keyFileStore().put("jira-bot", Credential.bearer("token"));
        ObjectNode root = storeJson();
        ObjectNode entry = (ObjectNode) root.get("credentials").get("jira-bot");
        byte[] ct = Base64.getDecoder().decode(entry.get("ciphertext").asText());
        ct[0] ^= 1;
        entry.put("ciphertext", Base64.getEncoder().encodeToString(ct));
        Files.write(storeFile(), JSON.writeValueAsBytes(root));

        assertThatThrownBy(() -> keyFileStore().resolve("jira-bot"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR))
                .hasMessageContaining("integrity check");
    }

    @Test
    void aCiphertextMovedToAnotherReferenceIsRejected() throws IOException {
        EncryptedFileCredentialStore store = keyFileStore();
        store.put("low", Credential.bearer("low-privilege"));
        store.put("admin", Credential.bearer("admin-token"));
        ObjectNode root = storeJson();
        ObjectNode creds = (ObjectNode) root.get("credentials");
        creds.set("admin", creds.get("low").deepCopy());
        Files.write(storeFile(), JSON.writeValueAsBytes(root));

        assertThatThrownBy(() -> keyFileStore().resolve("admin")).hasMessageContaining("integrity check");
    }

    @Test
    void aPassphraseStoreRecordsItsSaltAndIterationsAndRoundTrips() throws IOException {
        passphraseStore("correct horse").put("jira", Credential.basic("me@acme.com", "tok"));

        assertThat(storeJson().path("kdf").path("type").asText()).isEqualTo("pbkdf2_hmac_sha256");
        assertThat(storeJson().path("kdf").path("iterations").asInt()).isEqualTo(100_000);
        assertThat(storeJson().path("kdf").path("salt").asText()).isNotBlank();
        assertThat(passphraseStore("correct horse").resolve("jira")).contains(Credential.basic("me@acme.com", "tok"));
    }

    @Test
    void aWrongPassphraseIsReportedAsSuch() {
        passphraseStore("correct horse").put("jira", Credential.bearer("tok"));

        assertThatThrownBy(() -> passphraseStore("wrong horse").resolve("jira"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void removeDeletesOnlyThatReference() {
        EncryptedFileCredentialStore store = keyFileStore();
        store.put("a", Credential.bearer("1"));
        store.put("b", Credential.bearer("2"));

        assertThat(store.remove("a")).isTrue();
        assertThat(store.remove("a")).isFalse();
        assertThat(store.references()).containsExactly("b");
        assertThat(store.resolve("a")).isEmpty();
    }

    @Test
    void theUserDefaultStoreExistsOnlyOnceItsKeyFileDoes() {
        Path home = dir.resolve("home");
        assertThat(EncryptedFileCredentialStore.userDefault(home)).isEmpty();

        EncryptedFileCredentialStore.generateKeyFile(home.resolve(".zen/credentials.key"));
        EncryptedFileCredentialStore.userDefault(home).orElseThrow().put("jira", Credential.bearer("t"));

        assertThat(home.resolve(".zen/credentials.enc")).exists();
        assertThat(EncryptedFileCredentialStore.userDefault(home).orElseThrow().resolve("jira"))
                .contains(Credential.bearer("t"));
    }

    @Test
    void aMissingStoreResolvesNothing() {
        assertThat(keyFileStore().resolve("anything")).isEmpty();
        assertThat(keyFileStore().references()).isEmpty();
    }
}
