package dev.zen.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void givenNothingConfiguredWhenReadThenTheEmbeddedFakeJiraIsUsed() {
        Settings settings = Settings.from(Map.of(), new Properties());

        assertThat(settings).isEqualTo(Settings.embedded());
        assertThat(settings.usesRealJira()).isFalse();
        assertThat(settings.credentialsRef()).isEqualTo("jira-bot");
    }

    @Test
    void givenEnvironmentVariablesWhenReadThenTheyNameTheRealJira() {
        Settings settings = Settings.from(Map.of("ZEN_JIRA_URL", "https://acme.atlassian.net",
                "ZEN_JIRA_PROJECT", "SCRATCH", "ZEN_JIRA_CREDENTIALS_REF", "acme-bot",
                "ZEN_QUICKSTART_IMPORT", " SCRATCH-1, SCRATCH-2 ,"), new Properties());

        assertThat(settings).isEqualTo(new Settings("https://acme.atlassian.net", "SCRATCH", "acme-bot",
                List.of("SCRATCH-1", "SCRATCH-2")));
        assertThat(settings.usesRealJira()).isTrue();
    }

    @Test
    void givenBothAPropertyAndAVariableWhenReadThenThePropertyWins() {
        Properties properties = new Properties();
        properties.setProperty("zen.jira.project", "FROM-PROPERTY");

        Settings settings = Settings.from(Map.of("ZEN_JIRA_URL", "https://acme.atlassian.net",
                "ZEN_JIRA_PROJECT", "FROM-ENV"), properties);

        assertThat(settings.projectKey()).isEqualTo("FROM-PROPERTY");
    }

    @Test
    void givenAUrlWithoutAProjectWhenReadThenAConfigErrorAsksForAScratchProject() {
        assertThatThrownBy(() -> Settings.from(Map.of("ZEN_JIRA_URL", "https://acme.atlassian.net"), new Properties()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("ZEN_JIRA_PROJECT").contains("scratch project");
                });
    }

    @Test
    void givenAProjectWithoutAUrlWhenReadThenAConfigErrorExplainsBothChoices() {
        assertThatThrownBy(() -> Settings.from(Map.of("ZEN_JIRA_PROJECT", "SCRATCH"), new Properties()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("ZEN_JIRA_URL").contains("embedded fake Jira");
                });
    }
}
