package dev.zen.integration.testkit.junit;

import dev.zen.integration.testkit.jira.FakeJira;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a static field, fields and parameters in one test share that test's fake. */
@ZenIntegrationTest
class ZenIntegrationMethodScopeTest {
    FakeJira jira;
    FakeJira fromBeforeEach;

    @BeforeEach
    void remember(FakeJira fake) {
        fromBeforeEach = fake;
    }

    @Test
    void fieldBeforeEachParameterAndTestParameterAreTheSameFake(FakeJira param) {
        assertThat(param).isSameAs(jira).isSameAs(fromBeforeEach);
        assertThat(jira.baseUrl().getHost()).isEqualTo("127.0.0.1");
    }
}
