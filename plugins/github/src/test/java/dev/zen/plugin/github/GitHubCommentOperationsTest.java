package dev.zen.plugin.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.github.GitHubComment;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The comment operations against FakeGitHub: the idempotency key as a hidden marker, stripped when read. */
class GitHubCommentOperationsTest {
    FakeGitHub github;
    GitHubPlugin plugin;

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        github.addUser("octo", "Octo Cat", true);
        github.seedIssue("Export fails", "Repro");
        plugin = GitHubPlugin.open(github);
    }

    @AfterEach
    void stop() {
        plugin.close();
        github.close();
    }

    @Test
    void givenAnIdempotencyKeyWhenAddedTwiceThenOneCommentHoldsAHiddenMarkerThatListingStrips() {
        Map<String, String> in = Map.of("id", "1", "body", "On it", "idempotency_key", "zc-abc-i-c1");

        JsonNode first = plugin.call(PluginOperation.ADD_COMMENT, in);
        JsonNode again = plugin.call(PluginOperation.ADD_COMMENT, in);
        JsonNode list = plugin.call(PluginOperation.LIST_COMMENTS, Map.of("id", "1")).path("comments");

        assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(github.comments(1)).extracting(GitHubComment::body)
                .containsExactly("On it\n\n<!-- zen-comment:zc-abc-i-c1 -->");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("body").asText()).isEqualTo("On it");
        assertThat(list.get(0).path("marker").asText()).isEqualTo("zc-abc-i-c1");
    }

    @Test
    void givenPeoplesCommentsWhenListedEditedAndDeletedThenTheyFollowWithoutMarkers() {
        GitHubComment c = github.simulateComment(1, "octo", "Happens on **Windows**");

        JsonNode listed = plugin.call(PluginOperation.LIST_COMMENTS, Map.of("id", "1")).path("comments").get(0);
        JsonNode updated = plugin.call(PluginOperation.UPDATE_COMMENT, Map.of("id", "1",
                "comment_id", String.valueOf(c.id()), "body", "Only on Windows"));
        JsonNode deleted = plugin.call(PluginOperation.DELETE_COMMENT, Map.of("id", "1",
                "comment_id", String.valueOf(c.id())));

        assertThat(listed.path("author").asText()).isEqualTo("octo");
        assertThat(listed.path("body").asText()).isEqualTo("Happens on **Windows**");
        assertThat(listed.has("marker")).isFalse();
        assertThat(updated.path("body").asText()).isEqualTo("Only on Windows");
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(github.comments(1)).isEmpty();
    }

    @Test
    void givenAKeyWithMarkupWhenAddedThenInvalidDataAndNothingIsWritten() {
        assertThat(plugin.fail(PluginOperation.ADD_COMMENT, Map.of("id", "1", "body", "x",
                "idempotency_key", "a --> b")).code()).isEqualTo(ErrorCode.INVALID_DATA);
        assertThat(github.comments(1)).isEmpty();
    }
}
