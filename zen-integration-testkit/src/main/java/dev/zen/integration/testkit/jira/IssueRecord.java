package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mutable state of one fake issue; guarded by the {@link JiraState} lock. */
final class IssueRecord {
    final long id;
    final String projectKey;
    final int number;
    String issueTypeId;
    String summary;
    JsonNode description;
    String statusId;
    String priorityId;
    String assigneeId;
    String reporterId;
    String creatorId;
    List<String> labels = new ArrayList<>();
    String resolution;
    String duedate;
    Instant created;
    Instant updated;
    Instant statusCategoryChanged;
    Instant resolutionDate;
    /** When the issue was last written through the API or a simulation (null for seeded issues): search lags it. */
    Instant written;
    final Map<String, JsonNode> customFields = new LinkedHashMap<>();
    final Map<String, JsonNode> properties = new LinkedHashMap<>();
    final List<RemoteLinkRecord> remoteLinks = new ArrayList<>();
    final List<History> histories = new ArrayList<>();
    final List<CommentRecord> comments = new ArrayList<>();

    IssueRecord(long id, String projectKey, int number) {
        this.id = id;
        this.projectKey = projectKey;
        this.number = number;
    }

    String key() {
        return projectKey + "-" + number;
    }

    /** One changelog entry. */
    record History(long id, String authorId, Instant created, List<ChangeItem> items) {
        History {
            items = List.copyOf(items);
        }
    }

    /** A comment: ADF body, author, times. */
    static final class CommentRecord {
        final long id;
        final String authorId;
        final Instant created;
        JsonNode body;
        Instant updated;
        /** Entity properties by key ({@code properties} on create, {@code expand=properties} on reads). */
        final Map<String, JsonNode> properties = new LinkedHashMap<>();

        CommentRecord(long id, String authorId, JsonNode body, Instant created) {
            this.id = id;
            this.authorId = authorId;
            this.body = body;
            this.created = created;
            this.updated = created;
        }
    }

    /** One changed field inside a changelog entry. */
    record ChangeItem(String field, String fieldId, String from, String fromText, String to, String toText) {}

    /** A remote link: its id, optional global id, and the JSON body as posted (object, application, ...). */
    static final class RemoteLinkRecord {
        final long id;
        String globalId;
        JsonNode body;

        RemoteLinkRecord(long id, String globalId, JsonNode body) {
            this.id = id;
            this.globalId = globalId;
            this.body = body;
        }
    }
}
