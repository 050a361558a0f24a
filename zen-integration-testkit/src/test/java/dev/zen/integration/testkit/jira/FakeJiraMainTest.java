package dev.zen.integration.testkit.jira;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeJiraMainTest {
    @Test
    void helpPrintsTheOptionsAndReturns() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            FakeJiraMain.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port").contains("--time-zone");
    }

    @Test
    void anUnknownOptionIsRejectedWithAHint() {
        assertThatThrownBy(() -> FakeJiraMain.main(new String[] {"--prot", "8089"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--prot").hasMessageContaining("--help");
    }

    @Test
    void anOptionWithoutValueIsRejected() {
        assertThatThrownBy(() -> FakeJiraMain.main(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port needs a value");
    }
}
