package dev.zen.integration.testkit.junit;

import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A static field is one fake for the class; an instance field a fresh one per test, closed after it. */
@ZenIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZenIntegrationClassScopeTest {
    static FakeJira shared;
    static FakeJira seenInBeforeAll;
    private static final List<FakeJira> PER_TEST = new ArrayList<>();
    FakeJira perTest;

    @BeforeAll
    static void beforeAll(FakeJira jira) {
        seenInBeforeAll = jira;
        jira.seed(NewIssue.builder("SYNC", "Seeded once for the class").build());
    }

    @Test
    @Order(1)
    void staticFieldAndBeforeAllParameterAreTheSameClassWideFake() {
        PER_TEST.add(perTest);

        assertThat(shared).isNotNull().isSameAs(seenInBeforeAll);
        assertThat(shared.issues()).hasSize(1);
        assertThat(perTest).isNotNull().isNotSameAs(shared);
        assertThat(perTest.issues()).isEmpty();
    }

    @Test
    @Order(2)
    void instanceFieldIsFreshForEachTestAndTheLastOneWasClosed() {
        PER_TEST.add(perTest);

        assertThat(PER_TEST.get(1)).isNotSameAs(PER_TEST.get(0));
        assertThatThrownBy(() -> get(PER_TEST.get(0).baseUrl().resolve("/rest/api/3/myself")))
                .isInstanceOf(IOException.class);
        assertThat(shared.issues()).as("the class-wide fake keeps its state").hasSize(1);
    }

    @Test
    @Order(3)
    void testParameterGetsTheClassWideFakeBecauseTheClassHasAStaticField(FakeJira jira) {
        assertThat(jira).isSameAs(shared);
    }

    private static int get(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
