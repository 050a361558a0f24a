package dev.zen.integration.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of comment sync: attribution, idempotency keys and the stored links. */
class CommentSynchronizerTest {

    @Test
    void givenAnAuthorAndASystemWhenAttributedThenTheHeadLineNamesBothAndAnEmptyBodyAddsNothing() {
        assertThat(CommentSynchronizer.attributed("Priya Shah", "Jira", "Reproduced"))
                .isEqualTo("Priya Shah wrote in Jira:\n\nReproduced");
        assertThat(CommentSynchronizer.attributed("Ann Lee", "Zen", "")).isEqualTo("Ann Lee wrote in Zen:");
        assertThat(CommentSynchronizer.systemName("github")).isEqualTo("GitHub");
        assertThat(CommentSynchronizer.systemName("jira")).isEqualTo("Jira");
        assertThat(CommentSynchronizer.systemName("linear")).isEqualTo("Linear");
    }

    @Test
    void givenTaskAndCommentIdsWhenKeyedThenKeysArePlainDistinctAndTraceBackToThePlainCommentId() {
        String key = CommentSynchronizer.idempotencyKey("task/1", "c7");
        String otherTask = CommentSynchronizer.idempotencyKey("task/2", "c7");
        String odd = CommentSynchronizer.idempotencyKey("task/1", "comment with spaces");

        assertThat(key).matches("[A-Za-z0-9_.-]+").isNotEqualTo(otherTask);
        assertThat(odd).matches("[A-Za-z0-9_.-]+");
        assertThat(CommentSynchronizer.zenIdOf("task/1", key)).isEqualTo("c7");
        assertThat(CommentSynchronizer.zenIdOf("task/2", key)).isNull();
        assertThat(CommentSynchronizer.zenIdOf("task/1", odd)).isNull();
        assertThat(CommentSynchronizer.zenIdOf("task/1", null)).isNull();
    }

    @Test
    void givenLinksWhenEncodedAndDecodedThenTheyRoundTripAndDamagedTextGivesNoLinks() {
        List<CommentSynchronizer.Link> links = List.of(new CommentSynchronizer.Link(true, "c1", "10001", "h1"),
                new CommentSynchronizer.Link(false, null, "10002", "h2"));

        assertThat(CommentSynchronizer.decode(CommentSynchronizer.encode(links))).isEqualTo(links);
        assertThat(CommentSynchronizer.decode("{broken")).isEmpty();
        assertThat(CommentSynchronizer.decode(null)).isEmpty();
    }
}
