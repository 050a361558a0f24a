package dev.zen.examples.hostspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable example, run as a user runs it. */
class HostSpiExampleTest {
    @TempDir Path dataDir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(HostDataDirectory.PROPERTY);
    }

    @Test
    void givenANewHostDataFolderWhenTheExampleRunsThenItSyncsThroughTheHostServicesAndSaysSo() throws Exception {
        System.setProperty(HostDataDirectory.PROPERTY, dataDir.toString());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            HostSpiExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("Task store in use:     JsonFileTaskStore[" + dataDir.resolve("tasks.json"))
                .contains("SecretsFileCredentialProvider[" + dataDir.resolve("secrets.properties"))
                .contains(": COMPLETED")
                .contains("Jira SYNC-1 summary:   Export fails for files over 2 GB");
        assertThat(new JsonFileTaskStore(dataDir.resolve("tasks.json"), Clock.systemUTC()).list()).hasSize(2);
    }

    @Test
    void givenAFolderThatIsNotEmptyWhenTheExampleRunsThenItRefusesWithAClearMessage() throws Exception {
        Files.writeString(dataDir.resolve("tasks.json"), "{\"tasks\":[]}");
        System.setProperty(HostDataDirectory.PROPERTY, dataDir.toString());

        assertThatThrownBy(() -> HostSpiExample.main(new String[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not empty")
                .hasMessageContaining("-D" + HostDataDirectory.PROPERTY);
    }
}
