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

    private static Settings settings(Class<?> type) {
        return Settings.of(type.getAnnotation(ZenIntegrationTest.class));
    }

    @Test
    void aTestClockWithoutClockStartIsAConfigurationErrorThatSaysWhatToAdd() {
        try (ZenTestEnvironment env = new ZenTestEnvironment(settings(Defaults.class))) {
            assertThatThrownBy(() -> env.get(TestClock.class))
                    .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("clockStart");
        }
    }

    @Test
    void anInvalidClockStartIsRejected() {
        assertThatThrownBy(() -> new ZenTestEnvironment(settings(BadClock.class)))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("ISO-8601");
    }

    @Test
    void anInvalidTimeZoneIsRejected() {
        try (ZenTestEnvironment env = new ZenTestEnvironment(settings(BadZone.class))) {
            assertThatThrownBy(() -> env.get(FakeJira.class))
                    .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("Mars/Olympus");
        }
    }

    @Test
    void closingStopsTheFake() {
        ZenTestEnvironment env = new ZenTestEnvironment(settings(Defaults.class));
        FakeJira jira = (FakeJira) env.get(FakeJira.class);
        int port = jira.port();

        env.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void theSameFakeIsReturnedWithinOneEnvironment() {
        try (ZenTestEnvironment env = new ZenTestEnvironment(settings(Defaults.class))) {
            assertThat(env.get(FakeJira.class)).isSameAs(env.get(FakeJira.class));
        }
    }
}
