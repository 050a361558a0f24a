package dev.zen.integration.testkit.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.jira.Workflow;
import dev.zen.integration.testkit.plugins.FakePlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A static registered extension: one environment for the class, configured by the builder. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZenIntegrationExtensionClassScopeTest {
    @RegisterExtension
    static ZenIntegrationExtension zen = ZenIntegrationExtension.builder()
            .jiraTimeZone("Europe/Berlin").simplifiedWorkflow().clockStart(Instant.parse("2025-09-20T10:30:00Z"))
            .provider("jira").plugin("fake-canned").installPlugins(FakePlugin.CANNED)
            .configureIntegration(b -> b.parallelism(2))
            .build();

    private static final List<ZenTestEnvironment> SEEN = new ArrayList<>();
    static FakeJira seenInBeforeAll;

    @BeforeAll
    static void seedOnce() {
        seenInBeforeAll = zen.jira();
        zen.jira().seed(NewIssue.builder("SYNC", "Seeded once for the class").build());
    }

    @Test
    @Order(1)
    void aStaticExtensionGivesBeforeAllAndEveryTestTheSameEnvironment() {
        SEEN.add(zen.environment());

        assertThat(zen.jira()).isSameAs(seenInBeforeAll);
        assertThat(zen.integration()).isSameAs(zen.integration());
        assertThat(zen.jira().issues()).hasSize(1);
    }

    @Test
    @Order(2)
    void theClassWideEnvironmentKeepsItsStateFromTestToTest() {
        SEEN.add(zen.environment());

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
        assertThat(zen.jira().issues()).extracting(i -> i.summary()).containsExactly("Seeded once for the class");
    }

    @Test
    @Order(3)
    void theFakeRunsOnTheSharedClockWithTheConfiguredWorkflowAndTimeZone() throws Exception {
        assertThat(zen.clock().instant()).isEqualTo(Instant.parse("2025-09-20T10:30:00Z"));
        zen.clock().advance(Duration.ofMinutes(5));
        assertThat(zen.jira().seed(NewIssue.builder("SYNC", "Later").build()).created())
                .isEqualTo(Instant.parse("2025-09-20T10:35:00Z"));
        assertThat(zen.jira().workflow().transitions()).isEqualTo(Workflow.simplified().transitions());
        assertThat(myself(zen.jira()).get("timeZone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    @Order(4)
    void theServiceRunsTheConfiguredPluginFromItsWorkspace() {
        // the canned fake answers CONFIG_ERROR for an unconfigured get_task_data: proof the WASM plugin ran
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> zen.integration().importItem("jira", "SYNC-1"));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(zen.workspace().resolve(".zen").resolve("plugins")).isNotEmptyDirectory();
        assertThat(zen.integration().status().providers()).extracting(p -> p.provider()).containsExactly("jira");
    }

    private static JsonNode myself(FakeJira jira) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jira.baseUrl() + "/rest/api/3/myself"))
                .header("Authorization", jira.basicAuthHeader()).timeout(Duration.ofSeconds(5)).build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body);
    }
}
