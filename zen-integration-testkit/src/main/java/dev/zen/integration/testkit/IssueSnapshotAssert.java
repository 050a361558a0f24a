package dev.zen.integration.testkit;

import dev.zen.integration.testkit.jira.IssueSnapshot;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a FakeJira issue ({@code jira.issue("SYNC-1").orElseThrow()}). */
public final class IssueSnapshotAssert extends AbstractAssert<IssueSnapshotAssert, IssueSnapshot> {

    IssueSnapshotAssert(IssueSnapshot actual) {
        super(actual, IssueSnapshotAssert.class);
    }

    /** The summary (Jira's title). */
    public IssueSnapshotAssert hasSummary(String expected) {
        return field("summary", actual == null ? null : actual.summary(), expected);
    }

    /** The description as plain text (null for none). */
    public IssueSnapshotAssert hasDescription(String expected) {
        return field("description", actual == null ? null : actual.description(), expected);
    }

    /** The status name, such as {@code In Progress}. */
    public IssueSnapshotAssert hasStatus(String expected) {
        return field("status", actual == null ? null : actual.status(), expected);
    }

    /** The priority name (null for none). */
    public IssueSnapshotAssert hasPriority(String expected) {
        return field("priority", actual == null ? null : actual.priority(), expected);
    }

    /** The assignee's account id (null for unassigned). */
    public IssueSnapshotAssert hasAssigneeAccountId(String expected) {
        return field("assignee", actual == null ? null : actual.assigneeAccountId(), expected);
    }

    /** The issue type name, such as {@code Task}. */
    public IssueSnapshotAssert hasIssueType(String expected) {
        return field("issue type", actual == null ? null : actual.issueType(), expected);
    }

    /** Exactly these labels, in this order. */
    public IssueSnapshotAssert hasExactlyLabels(String... expected) {
        isNotNull();
        if (!actual.labels().equals(List.of(expected))) {
            failWithMessage("Expected issue %s to have labels %s but it had %s", actual.key(), List.of(expected),
                    actual.labels());
        }
        return this;
    }

    /** Among others, this label. */
    public IssueSnapshotAssert hasLabel(String label) {
        isNotNull();
        if (!actual.labels().contains(label)) {
            failWithMessage("Expected issue %s to have label %s but it had %s", actual.key(), label, actual.labels());
        }
        return this;
    }

    /** An entity property with this key (the plugin keeps its idempotency record in one). */
    public IssueSnapshotAssert hasProperty(String key) {
        isNotNull();
        if (!actual.properties().containsKey(key)) {
            failWithMessage("Expected issue %s to have property %s but it had %s", actual.key(), key,
                    actual.properties().keySet());
        }
        return this;
    }

    private IssueSnapshotAssert field(String name, String value, String expected) {
        isNotNull();
        if (!Objects.equals(value, expected)) {
            failWithMessage("Expected issue %s to have %s '%s' but it was '%s'", actual.key(), name, expected, value);
        }
        return this;
    }
}
