package dev.zen.integration.testkit.jira;

import java.time.Instant;
import java.util.Map;

/**
 * A comment of a {@link FakeJira} issue as a test sees it.
 *
 * @param id          the comment id, such as {@code 10000}
 * @param authorId    the author's account id
 * @param authorName  the author's display name
 * @param text        the ADF body as text (paragraphs separated by a blank line)
 * @param created     when it was added
 * @param updated     when its body last changed
 * @param properties  its entity properties, key to JSON text
 */
public record JiraComment(String id, String authorId, String authorName, String text, Instant created,
                          Instant updated, Map<String, String> properties) {
    /** Copies the properties. */
    public JiraComment {
        properties = Map.copyOf(properties);
    }
}
