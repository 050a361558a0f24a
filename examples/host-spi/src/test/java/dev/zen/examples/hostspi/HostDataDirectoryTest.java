package dev.zen.examples.hostspi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Where ServiceLoader-created host services look for their data. */
class HostDataDirectoryTest {
    static Properties properties(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/ada");
        for (int i = 0; i < keyValues.length; i += 2) p.setProperty(keyValues[i], keyValues[i + 1]);
        return p;
    }

    @Test
    void givenTheSystemPropertyAndTheVariableWhenResolvedThenThePropertyWins() {
        Path dir = HostDataDirectory.resolve(properties(HostDataDirectory.PROPERTY, "/srv/acme"),
                Map.of(HostDataDirectory.VARIABLE, "/var/acme"));

        assertThat(dir).isEqualTo(Path.of("/srv/acme"));
    }

    @Test
    void givenOnlyTheVariableWhenResolvedThenTheVariableIsUsed() {
        assertThat(HostDataDirectory.resolve(properties(), Map.of(HostDataDirectory.VARIABLE, "/var/acme")))
                .isEqualTo(Path.of("/var/acme"));
    }

    @Test
    void givenNeitherWhenResolvedThenTheFolderInTheUsersHome() {
        assertThat(HostDataDirectory.resolve(properties(), Map.of())).isEqualTo(Path.of("/home/ada/.acme"));
    }
}
