package dev.zen.examples.hostspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's secrets-file credential provider on its own. */
class SecretsFileCredentialProviderTest {
    @TempDir Path dir;

    SecretsFileCredentialProvider providerWith(String content) throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, content);
        return new SecretsFileCredentialProvider(file);
    }

    @Test
    void givenAUsernameAndTokenWhenResolvedThenABasicCredential() throws IOException {
        var provider = providerWith("jira-bot.username=bot@acme.example\njira-bot.token=s3cret\n");

        assertThat(provider.resolve("jira-bot")).contains(Credential.basic("bot@acme.example", "s3cret"));
    }

    @Test
    void givenOnlyATokenWhenResolvedThenABearerCredential() throws IOException {
        var provider = providerWith("jira-oauth.token=access-token\n");

        assertThat(provider.resolve("jira-oauth")).contains(Credential.bearer("access-token"));
    }

    @Test
    void givenAnUnknownReferenceOrNoFileWhenResolvedThenEmptySoTheNextProviderIsAsked() throws IOException {
        var provider = providerWith("jira-bot.token=s3cret\n");

        assertThat(provider.resolve("github-bot")).isEmpty();
        assertThat(new SecretsFileCredentialProvider(dir.resolve("missing.properties")).resolve("jira-bot")).isEmpty();
    }

    @Test
    void givenARotatedSecretWhenResolvedAgainThenTheNewSecretIsReturned() throws IOException {
        var provider = providerWith("jira-bot.token=old\n");
        assertThat(provider.resolve("jira-bot")).contains(Credential.bearer("old"));

        Files.writeString(provider.file(), "jira-bot.token=new\n");

        assertThat(provider.resolve("jira-bot")).contains(Credential.bearer("new"));
    }

    @Test
    void givenAnUnknownTypeWhenResolvedThenConfigErrorNamingTheKey() throws IOException {
        var provider = providerWith("jira-bot.type=kerberos\njira-bot.token=s3cret\n");

        assertThatThrownBy(() -> provider.resolve("jira-bot")).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.getMessage()).contains("jira-bot.type").contains("basic or bearer").doesNotContain("s3cret");
        });
    }

    @Test
    void givenBasicTypeWithoutUsernameWhenResolvedThenConfigErrorAskingForTheEmail() throws IOException {
        var provider = providerWith("jira-bot.type=basic\njira-bot.token=s3cret\n");

        assertThatThrownBy(() -> provider.resolve("jira-bot")).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e).extracting(IntegrationException::code).isEqualTo(ErrorCode.CONFIG_ERROR));
    }

    @Test
    void givenASecretWhenPrintedThenNeitherProviderNorCredentialShowsIt() throws IOException {
        var provider = providerWith("jira-bot.username=bot@acme.example\njira-bot.token=s3cret-value\n");

        assertThat(provider.toString()).contains("secrets.properties").doesNotContain("s3cret-value");
        assertThat(provider.resolve("jira-bot").orElseThrow().toString()).doesNotContain("s3cret-value");
    }

    @Test
    void givenTheServiceRegistrationWhenServiceLoaderLooksUpCredentialProvidersThenItReadsTheHostDataFolder() {
        System.setProperty(HostDataDirectory.PROPERTY, dir.toString());
        try {
            assertThat(ServiceLoader.load(CredentialProvider.class).stream().map(ServiceLoader.Provider::get))
                    .singleElement().isInstanceOfSatisfying(SecretsFileCredentialProvider.class, p -> {
                        assertThat(p.file()).isEqualTo(dir.resolve(SecretsFileCredentialProvider.FILE_NAME));
                        assertThat(p.priority()).isEqualTo(SecretsFileCredentialProvider.PRIORITY);
                    });
        } finally {
            System.clearProperty(HostDataDirectory.PROPERTY);
        }
    }
}
