package dev.zen.integration.testkit.junit;

import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.jira.FakeJira;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentTest {
    @ZenIntegrationTest
    static class Defaults {}

    @ZenIntegrationTest(clockStart = "yesterday")
    static class BadClock {}

    @ZenIntegrationTest(jiraTimeZone = "Mars/Olympus")
    static class BadZone {}

    private static ZenIntegrationTest settings(Class<?> type) {
        return type.getAnnotation(ZenIntegrationTest.class);
    }

    @Test
    void aTestClockWithoutClockStartIsAConfigurationErrorThatSaysWhatToAdd() {
        try (Environment env = new Environment(settings(Defaults.class))) {
            assertThatThrownBy(() -> env.get(TestClock.class))
                    .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("clockStart");
        }
    }

    @Test
    void anInvalidClockStartIsRejected() {
        assertThatThrownBy(() -> new Environment(settings(BadClock.class)))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("ISO-8601");
    }

    @Test
    void anInvalidTimeZoneIsRejected() {
        try (Environment env = new Environment(settings(BadZone.class))) {
            assertThatThrownBy(() -> env.get(FakeJira.class))
                    .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("Mars/Olympus");
        }
    }

    @Test
    void closingStopsTheFake() {
        Environment env = new Environment(settings(Defaults.class));
        FakeJira jira = (FakeJira) env.get(FakeJira.class);
        int port = jira.port();

        env.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void theSameFakeIsReturnedWithinOneEnvironment() {
        try (Environment env = new Environment(settings(Defaults.class))) {
            assertThat(env.get(FakeJira.class)).isSameAs(env.get(FakeJira.class));
        }
    }
}
