package dev.zen.integration.core.credentials;

import dev.zen.integration.spi.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsNeverLoggedTest {
    @TempDir
    Path dir;

    @Test
    void storingResolvingAndRefreshingLogReferencesButNoSecret() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Path key = dir.resolve("k");
            EncryptedFileCredentialStore.generateKeyFile(key);
            EncryptedFileCredentialStore store = EncryptedFileCredentialStore.builder(dir.resolve("s.enc"))
                    .keyFile(key).build();
            store.put("jira-bot", Credential.basic("bot@acme.com", "SECRET-TOKEN-1"));
            InMemoryCredentialProvider memory = new InMemoryCredentialProvider(50)
                    .put("jira-bot", Credential.bearer("SECRET-TOKEN-2"));
            CredentialResolver resolver = CredentialResolver.builder().provider(store).provider(memory).build();

            Credential c = resolver.require("jira-bot");
            resolver.refresh("jira-bot", c);
            store.remove("jira-bot");
        } finally {
            System.setErr(original);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("jira-bot"); // the capture works: references are logged
        assertThat(log).doesNotContain("SECRET-TOKEN-1").doesNotContain("SECRET-TOKEN-2");
    }
}
