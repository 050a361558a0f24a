package dev.zen.integration.core.config;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldMapping;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.plugin.PluginConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigRecordsTest {

    @Test
    void resilienceDefaultsAreTheSpecValues() {
        ResilienceConfig r = ResilienceConfig.defaults();

        assertThat(r.retry().maxAttempts()).isEqualTo(5);
        assertThat(r.retry().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.retry().maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(r.circuitBreaker().failureThreshold()).isEqualTo(5);
        assertThat(r.circuitBreaker().openDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.rateLimit().requestsPerMinute()).isEqualTo(300);
        assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.bulkhead().maxConcurrentCalls()).isEqualTo(4);
    }

    @Test
    void providerDefaultsUseTheProviderNameForPluginAndCredentialReference() {
        ProviderConfig p = ProviderConfig.builder("jira").build();

        assertThat(p.plugin()).isEqualTo("jira");
        assertThat(p.credentialsRef()).isEqualTo("jira");
        assertThat(p.enabled()).isTrue();
        assertThat(p.authType()).isEqualTo(AuthType.BASIC);
        assertThat(p.syncDirection()).isEqualTo(SyncDirection.BIDIRECTIONAL);
        assertThat(p.conflictStrategy()).isEqualTo(ConflictStrategy.MANUAL_REVIEW);
    }

    @Test
    void pluginConfigCarriesSettingsReferenceAndServerHostButNoSecret() {
        ProviderConfig p = ProviderConfig.builder("jira").serverUrl("https://acme.atlassian.net/")
                .projectKey("SYNC").credentialsRef("jira-bot").setting("issue_type", "Bug")
                .fieldMapping(FieldMapping.of("title", "summary")).build();

        PluginConfig pc = p.toPluginConfig();

        assertThat(pc.plugin()).isEqualTo("jira");
        assertThat(pc.credentialsRef()).isEqualTo("jira-bot");
        assertThat(pc.allowedHosts()).containsExactly("acme.atlassian.net");
        assertThat(pc.settings()).containsEntry("server_url", "https://acme.atlassian.net")
                .containsEntry("project_key", "SYNC").containsEntry("issue_type", "Bug")
                .containsEntry("auth_type", "basic").containsEntry("field_mapping", Map.of("title", "summary"));
    }

    @Test
    void perFieldSettingsFallBackToTheProviderSettings() {
        ProviderConfig p = ProviderConfig.builder("jira").conflictStrategy(ConflictStrategy.REMOTE_WINS)
                .fieldConflictStrategy("title", ConflictStrategy.LOCAL_WINS)
                .fieldDirection("status", SyncDirection.PULL).build();

        assertThat(p.conflictStrategyFor("title")).isEqualTo(ConflictStrategy.LOCAL_WINS);
        assertThat(p.conflictStrategyFor("description")).isEqualTo(ConflictStrategy.REMOTE_WINS);
        assertThat(p.directionFor("status")).isEqualTo(SyncDirection.PULL);
        assertThat(p.directionFor("title")).isEqualTo(SyncDirection.BIDIRECTIONAL);
    }

    @Test
    void aFieldDirectionOutsideTheProviderDirectionIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> ProviderConfig.builder("jira").syncDirection(SyncDirection.PULL)
                .fieldDirection("status", SyncDirection.PUSH).build())
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("integrations.providers.jira.field_directions.status")
                .hasMessageContaining("pull");
    }

    @Test
    void aServerUrlWithUserInfoIsRejected() {
        assertThatThrownBy(() -> ProviderConfig.builder("jira").serverUrl("https://bob:pw@acme.net").build())
                .hasMessageContaining("integrations.providers.jira.server_url")
                .hasMessageContaining("http or https URL");
    }

    @Test
    void aTaskSystemWithoutAProviderIsRejectedNamingTheFix() {
        assertThatThrownBy(() -> IntegrationConfig.builder().taskSystem("jira").build())
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("integrations.task_system")
                .hasMessageContaining("add integrations.providers.jira");
    }

    @Test
    void featureFlagsDecideWhichProvidersAreActive() {
        IntegrationConfig config = IntegrationConfig.builder()
                .provider(ProviderConfig.builder("jira").build())
                .provider(ProviderConfig.builder("github").enabled(false).build()).build();

        assertThat(config.activeProviders()).extracting(ProviderConfig::name).containsExactly("jira");
        assertThat(config.toBuilder().integrationEnabled(false).build().activeProviders()).isEmpty();
        assertThat(config.isActive("github")).isFalse();
    }

    @Test
    void retryMaxAttemptsOutOfRangeNamesTheKeyAndRange() {
        assertThatThrownBy(() -> ResilienceConfig.builder().maxAttempts(0).build())
                .hasMessageContaining("resilience.retry.max_attempts")
                .hasMessageContaining("from 1 to 20");
    }

    @Test
    void durationsParseTheShortAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("accepted");
    }
}
