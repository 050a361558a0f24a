package dev.zen.integration.testkit;

import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import org.assertj.core.api.AbstractAssert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** AssertJ assertions on a {@link ZenTask}. */
public final class ZenTaskAssert extends AbstractAssert<ZenTaskAssert, ZenTask> {

    ZenTaskAssert(ZenTask actual) {
        super(actual, ZenTaskAssert.class);
    }

    /** The title. */
    public ZenTaskAssert hasTitle(String expected) {
        return field("title", actual == null ? null : actual.title(), expected);
    }

    /** The description (null for none). */
    public ZenTaskAssert hasDescription(String expected) {
        return field("description", actual == null ? null : actual.description(), expected);
    }

    /** The status. */
    public ZenTaskAssert hasStatus(String expected) {
        return field("status", actual == null ? null : actual.status(), expected);
    }

    /** The priority. */
    public ZenTaskAssert hasPriority(String expected) {
        return field("priority", actual == null ? null : actual.priority(), expected);
    }

    /** The assignee (null for none). */
    public ZenTaskAssert hasAssignee(String expected) {
        return field("assignee", actual == null ? null : actual.assignee(), expected);
    }

    /** Exactly these labels, in this order. */
    public ZenTaskAssert hasExactlyLabels(String... expected) {
        isNotNull();
        if (!actual.labels().equals(List.of(expected))) {
            failWithMessage("Expected task %s to have labels %s but it had %s", actual.id(), List.of(expected),
                    actual.labels());
        }
        return this;
    }

    /** Among others, this label. */
    public ZenTaskAssert hasLabel(String label) {
        isNotNull();
        if (!actual.labels().contains(label)) {
            failWithMessage("Expected task %s to have label %s but it had %s", actual.id(), label, actual.labels());
        }
        return this;
    }

    /** An extra (custom) field with this value. */
    public ZenTaskAssert hasExtraField(String name, String expected) {
        return field(name, actual == null ? null : actual.extraFields().get(name), expected);
    }

    /**
     * One field in its canonical text form ({@link ZenTasks#canonicalFields}: labels as {@code "a b"}), by its
     * canonical name such as {@code title}, {@code status} or {@code labels}; null for unset.
     */
    public ZenTaskAssert hasField(String name, String expected) {
        return field(name, actual == null ? null : ZenTasks.canonicalFields(actual).get(name), expected);
    }

    /** The store version. */
    public ZenTaskAssert hasVersion(long expected) {
        isNotNull();
        if (actual.version() != expected) {
            failWithMessage("Expected task %s at version %s but it was at %s", actual.id(), expected, actual.version());
        }
        return this;
    }

    /** It changed after the given instant. */
    public ZenTaskAssert wasUpdatedAfter(Instant instant) {
        isNotNull();
        if (actual.updated() == null || !actual.updated().isAfter(instant)) {
            failWithMessage("Expected task %s to be updated after %s but it was updated %s", actual.id(), instant,
                    actual.updated());
        }
        return this;
    }

    private ZenTaskAssert field(String name, String value, String expected) {
        isNotNull();
        if (!Objects.equals(value, expected)) {
            failWithMessage("Expected task %s to have %s '%s' but it was '%s'", actual.id(), name, expected, value);
        }
        return this;
    }
}
