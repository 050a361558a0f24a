package dev.zen.integration.testkit.junit;

import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.Workflow;
import dev.zen.integration.testkit.plugins.FakePlugin;
import dev.zen.integration.testkit.plugins.FakePlugins;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** One scope's fake Jira, clock and service, created on first use and closed by JUnit's store. */
final class Environment implements AutoCloseable {
    static final String CREDENTIALS_REF = "fake-jira";

    private final ZenIntegrationTest settings;
    private final TestClock testClock;
    private FakeJira jira;
    private ZenIntegration service;
    private Path workspace;

    Environment(ZenIntegrationTest settings) {
        this.settings = settings;
        this.testClock = settings.clockStart().isEmpty() ? null : TestClock.at(parse(settings.clockStart()));
    }

    private static Instant parse(String instant) {
        try {
            return Instant.parse(instant);
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@ZenIntegrationTest(clockStart = \"" + instant
                    + "\") is not an ISO-8601 instant such as 2025-09-20T10:30:00Z", e);
        }
    }

    synchronized Object get(Class<?> type) {
        if (type == FakeJira.class) return jira();
        if (type == ZenIntegration.class || type == TaskSyncService.class) return service();
        if (type == TestClock.class) {
            if (testClock == null) {
                throw new ExtensionConfigurationException("a TestClock is only available with "
                        + "@ZenIntegrationTest(clockStart = \"2025-09-20T10:30:00Z\") (any ISO-8601 instant)");
            }
            return testClock;
        }
        throw new IllegalArgumentException(type.getName());
    }

    private Clock clock() {
        return testClock != null ? testClock : Clock.systemUTC();
    }

    private FakeJira jira() {
        if (jira == null) {
            ZoneId zone;
            try {
                zone = ZoneId.of(settings.jiraTimeZone());
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException("@ZenIntegrationTest(jiraTimeZone = \""
                        + settings.jiraTimeZone() + "\") is not a time zone id such as Europe/Berlin", e);
            }
            jira = FakeJira.builder().clock(clock()).defaultUserTimeZone(zone)
                    .workflow(settings.simplifiedWorkflow() ? Workflow.simplified() : Workflow.standard())
                    .start();
        }
        return jira;
    }

    private ZenIntegration service() {
        if (service == null) {
            FakeJira fake = jira();
            try {
                workspace = Files.createTempDirectory("zen-test-workspace-");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary workspace", e);
            }
            Path plugins = workspace.resolve(".zen").resolve("plugins");
            for (FakePlugin p : settings.installPlugins()) FakePlugins.install(plugins, p);
            CredentialProvider credentials = ref -> CREDENTIALS_REF.equals(ref)
                    ? Optional.of(Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN))
                    : Optional.empty();
            service = ZenIntegration.builder()
                    .workspace(workspace)
                    .clock(clock())
                    .taskStore(InMemory.taskStore(clock()))
                    .recordStore(InMemory.recordStore())
                    .lockProvider(InMemory.lockProvider())
                    .credentialProvider(credentials)
                    .discoverServices(false)
                    .provider(ProviderConfig.builder(settings.provider()).plugin(settings.plugin())
                            .serverUrl(fake.baseUrl().toString()).projectKey(FakeJira.DEFAULT_PROJECT)
                            .credentialsRef(CREDENTIALS_REF)
                            // the default 300 requests/minute would make tests wait; retries and breaker stay
                            .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).build())
                            .build())
                    .build();
        }
        return service;
    }

    @Override
    public synchronized void close() {
        try {
            if (service != null) service.close();
        } finally {
            if (jira != null) jira.close();
            if (workspace != null) delete(workspace);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temporary file must not fail the test
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
