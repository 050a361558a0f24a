package dev.zen.integration.core.internal.webhook;

import java.time.Instant;
import java.util.List;

/**
 * What one delivery is about.
 *
 * @param name        the event, such as {@code jira:issue_updated} or {@code issues.labeled}
 * @param externalIds the affected items' external ids (empty when the event is ignored)
 * @param sentAt      when the sender says it sent the event, or null when the format carries no time
 * @param ignored     why the event causes no sync (ping, pull request, event not about an issue), or null
 */
public record Event(String name, List<String> externalIds, Instant sentAt, String ignored) {
    /** Copies the ids. */
    public Event {
        externalIds = List.copyOf(externalIds);
    }

    static Event affecting(String name, String externalId, Instant sentAt) {
        return new Event(name, List.of(externalId), sentAt, null);
    }

    static Event ignored(String name, Instant sentAt, String why) {
        return new Event(name, List.of(), sentAt, why);
    }
}
