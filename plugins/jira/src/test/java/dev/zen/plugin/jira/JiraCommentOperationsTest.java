package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraComment;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** list_comments, add_comment, update_comment and delete_comment against FakeJira: ADF both ways, idempotent adds. */
class JiraCommentOperationsTest {
    FakeJira jira;
    JiraPlugin plugin;

    @BeforeEach
    void start() {
        jira = FakeJira.start();
        jira.addUser(JiraUser.of("priya-1", "Priya Shah"));
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        plugin = JiraPlugin.open(jira);
    }

    @AfterEach
    void stop() {
        plugin.close();
        jira.close();
    }

    @Test
    void givenACommentWithAListWhenListedThenItsAdfIsTextWithAuthorTimesAndNoMarker() {
        jira.simulateComment("SYNC-1", "priya-1", "Seen on:\n\n- Windows\n- macOS");

        JsonNode list = plugin.call(PluginOperation.LIST_COMMENTS, Map.of("id", "SYNC-1")).path("comments");

        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("author").asText()).isEqualTo("Priya Shah");
        assertThat(list.get(0).path("body").asText()).isEqualTo("Seen on:\n\n- Windows\n- macOS");
        assertThat(list.get(0).path("updated").asText()).isNotBlank();
        assertThat(list.get(0).has("marker")).isFalse();
    }

    @Test
    void givenAnIdempotencyKeyWhenAddedTwiceThenOneCommentCarriesTheKeyAsAProperty() {
        Map<String, String> in = Map.of("id", "SYNC-1", "body", "Fixed in 2.4\n\n1. Update\n2. Restart",
                "idempotency_key", "zc-abc-i-c1");

        JsonNode first = plugin.call(PluginOperation.ADD_COMMENT, in);
        JsonNode again = plugin.call(PluginOperation.ADD_COMMENT, in);

        assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(again.path("marker").asText()).isEqualTo("zc-abc-i-c1");
        assertThat(jira.comments("SYNC-1")).extracting(JiraComment::text)
                .containsExactly("Fixed in 2.4\n\n1. Update\n2. Restart");
        assertThat(jira.comments("SYNC-1").get(0).properties().get("zen.comment")).contains("zc-abc-i-c1");
        assertThat(jira.requests("POST", "/rest/api/3/issue/SYNC-1/comment")).hasSize(1);
    }

    @Test
    void givenACommentWhenUpdatedAndDeletedTwiceThenJiraFollowsAndTheSecondDeleteIsNoError() {
        String id = plugin.call(PluginOperation.ADD_COMMENT, Map.of("id", "SYNC-1", "body", "Draft")).path("id").asText();

        JsonNode updated = plugin.call(PluginOperation.UPDATE_COMMENT, Map.of("id", "SYNC-1", "comment_id", id,
                "body", "Final"));
        JsonNode deleted = plugin.call(PluginOperation.DELETE_COMMENT, Map.of("id", "SYNC-1", "comment_id", id));
        JsonNode again = plugin.call(PluginOperation.DELETE_COMMENT, Map.of("id", "SYNC-1", "comment_id", id));

        assertThat(updated.path("body").asText()).isEqualTo("Final");
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(again.path("deleted").asBoolean()).isFalse();
        assertThat(jira.comments("SYNC-1")).isEmpty();
    }

    @Test
    void givenACommentIdThatIsNotANumberWhenUpdatedThenInvalidDataNamesCommentId() {
        assertThat(plugin.fail(PluginOperation.UPDATE_COMMENT, Map.of("id", "SYNC-1", "comment_id", "../x",
                "body", "x"))).satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                    assertThat(e.getMessage()).contains("comment_id");
                });
    }
}
