package dev.zen.integration.it.scope;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.postgres.PostgresStores;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.SyncListener;
import dev.zen.integration.testkit.jira.FakeJira;
import java.nio.file.Path;
import java.time.Duration;

/** A Zen Integration with the real Jira plugin and a whole-project scope on FakeJira's project SYNC. */
final class ScopeFixture {
    static final String PROVIDER = "jira";

    private ScopeFixture() {}

    static ProviderConfig provider(String jiraUrl, ScopeConfig scope) {
        return ProviderConfig.builder(PROVIDER)
                .serverUrl(jiraUrl)
                .projectKey(FakeJira.DEFAULT_PROJECT)
                .credentialsRef("jira-bot")
                .conflictStrategy(ConflictStrategy.REMOTE_WINS)
                .resilience(ResilienceConfig.builder().requestsPerMinute(600_000).maxConcurrentCalls(16)
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build())
                .scope(scope)
                .build();
    }

    /** The file stores of {@code workspace}; {@code listener} may be null. */
    static ZenIntegration open(Path workspace, String jiraUrl, ScopeConfig scope, SyncListener listener) {
        return open(workspace, jiraUrl, scope, listener, null);
    }

    /** Tasks, records (and scope state) and locks in PostgreSQL when {@code pg} is not null, else in the workspace. */
    static ZenIntegration open(Path workspace, String jiraUrl, ScopeConfig scope, SyncListener listener,
                               PostgresStores pg) {
        ZenIntegration.Builder b = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(provider(jiraUrl, scope));
        if (listener != null) b.listener(listener);
        if (pg != null) b.taskStore(pg.taskStore()).recordStore(pg.syncRecordStore()).lockProvider(pg.lockProvider());
        return b.build();
    }

    /** Runs {@code syncScope} until the bulk import is complete (at most {@code maxCalls} calls); the last report. */
    static ScopeReport importAll(ZenIntegration zen, int maxCalls) {
        ScopeReport last = null;
        for (int i = 0; i < maxCalls; i++) {
            last = zen.syncScope(PROVIDER);
            if (last.bulkDone()) return last;
        }
        throw new AssertionError("the bulk import was not complete after " + maxCalls + " calls: " + last);
    }
}
