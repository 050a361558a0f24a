package dev.zen.integration;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A comment on a Zen task, kept by the task store's {@link dev.zen.integration.spi.TaskComments} capability.
 *
 * <p>A comment copied from an external system carries the {@code source} of its original, such as
 * {@code jira:10001} (provider and the external comment id): the sync engine never copies such a comment back, and
 * finds it again instead of copying the original twice when a sync is retried.
 *
 * @param id      the comment's id within its task, assigned by the store; never blank
 * @param author  who wrote it (a display name); never blank
 * @param body    the text, plain text with Markdown-style lists (see {@code docs/user-guide.md#comments})
 * @param created when it was written
 * @param updated when its text last changed
 * @param source  {@code <provider>:<external comment id>} for a copy of an external comment; null for a comment
 *                written in Zen
 */
public record ZenComment(String id, String author, String body, Instant created, Instant updated,
                         @Nullable String source) {
    /** Validates the comment. */
    public ZenComment {
        Checks.requireText(id, "id");
        Checks.requireText(author, "author");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        if (source != null && source.isBlank()) throw new IllegalArgumentException("source must be null or not blank");
    }

    /** Whether this comment is a copy of an external system's comment. */
    public boolean isCopy() {
        return source != null;
    }
}
