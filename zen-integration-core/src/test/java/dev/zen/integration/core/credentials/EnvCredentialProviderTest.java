package dev.zen.integration.core.credentials;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvCredentialProviderTest {

    @Test
    void aUsernameAndTokenMakeABasicCredential() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of(
                "ZEN_CREDENTIAL_JIRA_BOT_USERNAME", "bot@acme.com",
                "ZEN_CREDENTIAL_JIRA_BOT_TOKEN", "s3cret"));

        assertThat(env.resolve("jira-bot")).contains(Credential.basic("bot@acme.com", "s3cret"));
    }

    @Test
    void aTokenAloneMakesABearerCredentialWithItsRefreshToken() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of(
                "ZEN_CREDENTIAL_GITHUB_TOKEN", "ghp_x", "ZEN_CREDENTIAL_GITHUB_REFRESH_TOKEN", "r1"));

        Credential c = env.resolve("github").orElseThrow();

        assertThat(c.type()).isEqualTo(Credential.Type.BEARER);
        assertThat(c.refreshToken()).isEqualTo("r1");
    }

    @Test
    void anOriginsVariableBindsTheCredentialToThoseOrigins() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of("ZEN_CREDENTIAL_JIRA_TOKEN", "t",
                "ZEN_CREDENTIAL_JIRA_ORIGINS", "https://ACME.atlassian.net, https://api.atlassian.com:443"));

        assertThat(env.resolve("jira").orElseThrow().origins())
                .containsExactly("https://acme.atlassian.net", "https://api.atlassian.com:443");
    }

    @Test
    void aMalformedOriginNamesTheVariableButNotTheSecret() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of("ZEN_CREDENTIAL_JIRA_TOKEN", "do-not-show",
                "ZEN_CREDENTIAL_JIRA_ORIGINS", "https://acme.atlassian.net/rest"));

        assertThatThrownBy(() -> env.resolve("jira"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("ZEN_CREDENTIAL_JIRA_ORIGINS").hasMessageNotContaining("do-not-show");
    }

    @Test
    void anUnknownReferenceIsEmpty() {
        assertThat(new EnvCredentialProvider(Map.of("ZEN_CREDENTIAL_JIRA_TOKEN", "t")).resolve("github")).isEmpty();
    }

    @Test
    void theVariablePrefixUpperCasesAndReplacesOtherCharacters() {
        assertThat(EnvCredentialProvider.variablePrefix("jira.prod-bot")).isEqualTo("ZEN_CREDENTIAL_JIRA_PROD_BOT_");
    }

    @Test
    void anInvalidTypeNamesTheVariableButNotTheSecret() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of(
                "ZEN_CREDENTIAL_JIRA_TOKEN", "do-not-show", "ZEN_CREDENTIAL_JIRA_TYPE", "digest"));

        assertThatThrownBy(() -> env.resolve("jira"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("ZEN_CREDENTIAL_JIRA_TYPE")
                .hasMessageContaining("basic, bearer")
                .hasMessageNotContaining("do-not-show");
    }

    @Test
    void basicWithoutUsernameIsRejected() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of(
                "ZEN_CREDENTIAL_JIRA_TOKEN", "t", "ZEN_CREDENTIAL_JIRA_TYPE", "basic"));

        assertThatThrownBy(() -> env.resolve("jira")).hasMessageContaining("ZEN_CREDENTIAL_JIRA_USERNAME");
    }
}
