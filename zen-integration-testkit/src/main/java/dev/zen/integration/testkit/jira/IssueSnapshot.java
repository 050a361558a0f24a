package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of one fake issue at a moment, for assertions. Timestamps are instants (no zone); texts are plain.
 *
 * @param id                the numeric id
 * @param key               the key, e.g. {@code SYNC-7}
 * @param projectKey        the project key
 * @param issueType         the issue type name
 * @param summary           the summary
 * @param description       the description as the text the Jira plugin reads (paragraphs separated by a blank line,
 *                          hard breaks as newlines, lists as "- " / "1. " lines; see docs/sync.md), or null
 * @param descriptionAdf    the description as stored (ADF), or null
 * @param status            the status name
 * @param statusCategory    the status category
 * @param priority          the priority name
 * @param assigneeAccountId the assignee, or null
 * @param reporterAccountId the reporter, or null
 * @param labels            the labels
 * @param resolution        the resolution name, or null
 * @param created           when it was created
 * @param updated           when it last changed
 * @param properties        issue properties by key
 * @param remoteLinks       remote links as Jira renders them
 * @param changelog         every changed field, oldest first
 */
public record IssueSnapshot(String id, String key, String projectKey, String issueType, String summary,
                            String description, JsonNode descriptionAdf, String status, StatusCategory statusCategory,
                            String priority, String assigneeAccountId, String reporterAccountId, List<String> labels,
                            String resolution, Instant created, Instant updated, Map<String, JsonNode> properties,
                            List<JsonNode> remoteLinks, List<Change> changelog) {
    /** Copies the collections. */
    public IssueSnapshot {
        labels = List.copyOf(labels);
        properties = Map.copyOf(properties);
        remoteLinks = List.copyOf(remoteLinks);
        changelog = List.copyOf(changelog);
    }

    /**
     * One changed field in the changelog.
     *
     * @param historyId       the changelog entry id (several changes can share one)
     * @param authorAccountId who changed it
     * @param at              when
     * @param field           the field id
     * @param from            the old value as display text, or null
     * @param to              the new value as display text, or null
     */
    public record Change(String historyId, String authorAccountId, Instant at, String field, String from, String to) {}
}
