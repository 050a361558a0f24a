package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An issue to seed straight into the fake Jira's state, bypassing the REST API, its validation and its workflow
 * (a seeded issue may start in any status). Build with {@link #builder(String, String)}.
 *
 * @param projectKey     the project; it must exist
 * @param summary        the summary
 * @param descriptionAdf the description as an ADF document, or null
 * @param issueType      the issue type name (Task, Bug, Story)
 * @param status         the status name or id, or null for the workflow's initial status
 * @param priority       the priority name or id, or null for Medium
 * @param assignee       the assignee's account id, or null
 * @param reporter       the reporter's account id, or null for the default API user
 * @param labels         the labels
 * @param created        the creation time, or null for the clock's now
 * @param updated        the last-update time, or null for {@code created}
 * @param properties     issue properties by key
 */
public record NewIssue(String projectKey, String summary, JsonNode descriptionAdf, String issueType, String status,
                       String priority, String assignee, String reporter, List<String> labels, Instant created,
                       Instant updated, Map<String, JsonNode> properties) {

    private static final ObjectMapper JSON = Jackson.MAPPER;

    /** Validates and copies. */
    public NewIssue {
        Objects.requireNonNull(projectKey, "projectKey");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(issueType, "issueType");
        labels = List.copyOf(labels);
        for (String label : labels) {
            if (label.isEmpty() || label.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("Jira labels cannot be empty or contain white space: '" + label + "'");
            }
        }
        if (summary.isBlank() || summary.length() >= JiraState.MAX_SUMMARY || summary.contains("\n")) {
            throw new IllegalArgumentException("a Jira summary is one non-blank line under 255 characters: '"
                    + summary + "'");
        }
        properties = Map.copyOf(properties);
        if (descriptionAdf != null && !Adf.isDocument(descriptionAdf)) {
            throw new IllegalArgumentException("descriptionAdf is not a valid ADF document ("
                    + AdfSchema.violation(descriptionAdf) + "): " + descriptionAdf);
        }
    }

    /** Starts an issue in a project with a summary. */
    public static Builder builder(String projectKey, String summary) {
        return new Builder(projectKey, summary);
    }

    /** Builds a {@link NewIssue}. Not thread-safe. */
    public static final class Builder {
        private final String projectKey;
        private final String summary;
        private JsonNode description;
        private String issueType = "Task";
        private String status;
        private String priority;
        private String assignee;
        private String reporter;
        private List<String> labels = List.of();
        private Instant created;
        private Instant updated;
        private final Map<String, JsonNode> properties = new LinkedHashMap<>();

        private Builder(String projectKey, String summary) {
            this.projectKey = projectKey;
            this.summary = summary;
        }

        /** Sets the description from text in the Jira plugin's text form (a blank line between paragraphs). */
        public Builder description(String text) { this.description = Adf.fromText(text); return this; }

        /** Sets the description as an ADF document. */
        public Builder descriptionAdf(JsonNode adf) { this.description = adf; return this; }

        /** Sets the issue type name. */
        public Builder issueType(String name) { this.issueType = name; return this; }

        /** Sets the status (name or id). */
        public Builder status(String nameOrId) { this.status = nameOrId; return this; }

        /** Sets the priority (name or id). */
        public Builder priority(String nameOrId) { this.priority = nameOrId; return this; }

        /** Sets the assignee by account id. */
        public Builder assignee(String accountId) { this.assignee = accountId; return this; }

        /** Sets the reporter by account id. */
        public Builder reporter(String accountId) { this.reporter = accountId; return this; }

        /** Sets the labels. */
        public Builder labels(String... values) { this.labels = List.of(values); return this; }

        /** Sets the creation time. */
        public Builder created(Instant at) { this.created = at; return this; }

        /** Sets the last-update time. */
        public Builder updated(Instant at) { this.updated = at; return this; }

        /** Adds an issue property given as JSON text. */
        public Builder property(String key, String json) {
            try {
                properties.put(key, JSON.readTree(json));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("property " + key + " is not valid JSON", e);
            }
            return this;
        }

        /** Builds the seed. */
        public NewIssue build() {
            return new NewIssue(projectKey, summary, description, issueType, status, priority, assignee, reporter,
                    labels, created, updated, properties);
        }
    }
}
