package dev.zen.integration.core.credentials;

import dev.zen.integration.spi.Credential;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotBlank;
import net.jqwik.api.constraints.StringLength;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

class EncryptionRoundTripProperties {

    @Property(tries = 30)
    void whateverIsPutIsResolvedUnchanged(@ForAll @NotBlank @StringLength(max = 40) String reference,
                                          @ForAll @NotBlank @StringLength(max = 60) String username,
                                          @ForAll @StringLength(min = 1, max = 200) String secret) throws IOException {
        Path dir = Files.createTempDirectory("zen-cred");
        try {
            Path key = dir.resolve("k");
            EncryptedFileCredentialStore.generateKeyFile(key);
            Credential c = Credential.basic(username, secret);

            EncryptedFileCredentialStore.builder(dir.resolve("s.enc")).keyFile(key).build().put(reference, c);

            assertThat(EncryptedFileCredentialStore.builder(dir.resolve("s.enc")).keyFile(key).build()
                    .resolve(reference)).contains(c);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
