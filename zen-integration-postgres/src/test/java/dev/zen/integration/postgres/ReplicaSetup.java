package dev.zen.integration.postgres;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import java.nio.file.Path;
import java.time.Duration;

/** One service replica: a ZenIntegration whose tasks, records, locks and Jira budget live in PostgreSQL. */
final class ReplicaSetup {
    private ReplicaSetup() {}

    static ResilienceConfig resilience(int requestsPerMinute) {
        return ResilienceConfig.builder().requestsPerMinute(requestsPerMinute).maxAttempts(4)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).circuitBreaker(50, Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(20)).build();
    }

    static ZenIntegration replica(PostgresStores pg, Path workspace, String jiraUrl, int requestsPerMinute) {
        ResilientProviderCalls calls = ResilientProviderCalls.builder()
                .provider("jira", resilience(requestsPerMinute)).sharedBudget(pg.sharedBudget()).build();
        return ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .taskStore(pg.taskStore())
                .recordStore(pg.syncRecordStore())
                .lockProvider(pg.lockProvider())
                .providerCalls(calls)
                .lockTimeout(Duration.ofSeconds(2))
                .parallelism(2)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jiraUrl)
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .conflictStrategy(ConflictStrategy.REMOTE_WINS)
                        .resilience(resilience(requestsPerMinute))
                        .build())
                .build();
    }
}
