package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.testkit.jira.FakeJira;
import org.junit.jupiter.api.Test;

/** Compiles against the testkit, JUnit and AssertJ, all versions from the BOM. */
class UsesTheTestkitTest {
    @Test
    void fakeJiraStarts() {
        try (FakeJira jira = FakeJira.start()) {
            assertThat(jira.baseUrl()).isNotNull();
        }
    }
}
