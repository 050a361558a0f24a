package dev.zen.integration.testkit.jira;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The statuses and transitions of the fake Jira's issues. Status changes happen only through transitions, and the
 * transitions offered depend on the current status, as on Jira.
 *
 * <p>{@link #standard()} is the default: To Do (id {@code 10000}) → In Progress ({@code 3}) → Done
 * ({@code 10002}), with transition {@code 21} "In Progress" from To Do, {@code 31} "Done" from In Progress, and
 * {@code 11} "To Do" back from In Progress and Done. {@link #simplified()} is Jira's team-managed style where every
 * status can be reached from every other one. Build your own with {@link #builder()}; a transition may require
 * fields ({@link Builder#requireField}), which makes it fail with 400 unless the issue or the transition request
 * gives them a value.
 */
public final class Workflow {

    /**
     * A workflow status.
     *
     * @param id       the status id, a numeric string
     * @param name     the status name
     * @param category the category
     */
    public record Status(String id, String name, StatusCategory category) {
        /** Validates the status. */
        public Status {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(category, "category");
        }
    }

    /**
     * A transition.
     *
     * @param id             the transition id, a numeric string
     * @param name           the name shown to users
     * @param fromStatusIds  the statuses it is offered from; empty for a global transition (offered everywhere)
     * @param toStatusId     the target status
     * @param requiredFields field ids that must have a value after the transition (e.g. {@code assignee})
     */
    public record Transition(String id, String name, Set<String> fromStatusIds, String toStatusId,
                             List<String> requiredFields) {
        /** Copies the collections. */
        public Transition {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(toStatusId, "toStatusId");
            fromStatusIds = Set.copyOf(fromStatusIds);
            requiredFields = List.copyOf(requiredFields);
        }

        /** Whether the transition is offered to an issue in the given status. */
        public boolean availableFrom(String statusId) {
            return fromStatusIds.isEmpty() || fromStatusIds.contains(statusId);
        }

        /** Whether it is offered from every status. */
        public boolean global() {
            return fromStatusIds.isEmpty();
        }
    }

    private final List<Status> statuses;
    private final List<Transition> transitions;
    private final String initialStatusId;

    private Workflow(List<Status> statuses, List<Transition> transitions, String initialStatusId) {
        this.statuses = List.copyOf(statuses);
        this.transitions = List.copyOf(transitions);
        this.initialStatusId = initialStatusId;
    }

    /** To Do → In Progress → Done, with the way back to To Do; the default. */
    public static Workflow standard() {
        return builder()
                .status("10000", "To Do", StatusCategory.TO_DO)
                .status("3", "In Progress", StatusCategory.IN_PROGRESS)
                .status("10002", "Done", StatusCategory.DONE)
                .transition("11", "To Do", "To Do", "In Progress", "Done")
                .transition("21", "In Progress", "In Progress", "To Do")
                .transition("31", "Done", "Done", "In Progress")
                .build();
    }

    /** To Do, In Progress and Done, each reachable from every status by a global transition (11, 21, 31). */
    public static Workflow simplified() {
        return builder()
                .status("10000", "To Do", StatusCategory.TO_DO)
                .status("3", "In Progress", StatusCategory.IN_PROGRESS)
                .status("10002", "Done", StatusCategory.DONE)
                .globalTransition("11", "To Do", "To Do")
                .globalTransition("21", "In Progress", "In Progress")
                .globalTransition("31", "Done", "Done")
                .build();
    }

    /** Starts an empty workflow; the first status added is the initial one unless set otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The statuses, in the order they were added. */
    public List<Status> statuses() {
        return statuses;
    }

    /** The transitions, in the order they were added. */
    public List<Transition> transitions() {
        return transitions;
    }

    /** The status new issues start in. */
    public Status initialStatus() {
        return status(initialStatusId).orElseThrow();
    }

    /** A status by id or name (name ignoring case). */
    public Optional<Status> status(String idOrName) {
        return statuses.stream()
                .filter(s -> s.id().equals(idOrName) || s.name().equalsIgnoreCase(idOrName))
                .findFirst();
    }

    /** The transitions offered to an issue in the given status. */
    public List<Transition> availableFrom(String statusId) {
        return transitions.stream().filter(t -> t.availableFrom(statusId)).toList();
    }

    /** Builds a {@link Workflow}. Not thread-safe. */
    public static final class Builder {
        private final List<Status> statuses = new ArrayList<>();
        private final List<Transition> transitions = new ArrayList<>();
        private String initial;

        private Builder() {}

        /** Adds a status. */
        public Builder status(String id, String name, StatusCategory category) {
            if (statuses.stream().anyMatch(s -> s.id().equals(id) || s.name().equalsIgnoreCase(name))) {
                throw new IllegalArgumentException("duplicate status " + id + " / " + name);
            }
            statuses.add(new Status(id, name, category));
            if (initial == null) initial = id;
            return this;
        }

        /** Sets the status new issues start in (by name or id). */
        public Builder initialStatus(String idOrName) {
            initial = find(idOrName).id();
            return this;
        }

        /** Adds a transition to {@code toStatus}, offered from the named statuses. */
        public Builder transition(String id, String name, String toStatus, String... fromStatuses) {
            if (fromStatuses.length == 0) {
                throw new IllegalArgumentException("transition " + id + " needs at least one from-status; "
                        + "use globalTransition for a transition offered everywhere");
            }
            Set<String> from = new LinkedHashSet<>();
            for (String f : fromStatuses) from.add(find(f).id());
            return add(new Transition(id, name, from, find(toStatus).id(), List.of()));
        }

        /** Adds a transition to {@code toStatus} offered from every status. */
        public Builder globalTransition(String id, String name, String toStatus) {
            return add(new Transition(id, name, Set.of(), find(toStatus).id(), List.of()));
        }

        /** Makes a transition require a value for a field (such as {@code assignee} or {@code resolution}). */
        public Builder requireField(String transitionId, String fieldId) {
            for (int i = 0; i < transitions.size(); i++) {
                Transition t = transitions.get(i);
                if (t.id().equals(transitionId)) {
                    List<String> fields = new ArrayList<>(t.requiredFields());
                    fields.add(fieldId.toLowerCase(Locale.ROOT));
                    transitions.set(i, new Transition(t.id(), t.name(), t.fromStatusIds(), t.toStatusId(), fields));
                    return this;
                }
            }
            throw new IllegalArgumentException("no transition with id " + transitionId);
        }

        /** Builds the workflow. */
        public Workflow build() {
            if (statuses.isEmpty()) throw new IllegalStateException("a workflow needs at least one status");
            return new Workflow(statuses, transitions, initial);
        }

        private Builder add(Transition t) {
            if (transitions.stream().anyMatch(x -> x.id().equals(t.id()))) {
                throw new IllegalArgumentException("duplicate transition id " + t.id());
            }
            transitions.add(t);
            return this;
        }

        private Status find(String idOrName) {
            return statuses.stream()
                    .filter(s -> s.id().equals(idOrName) || s.name().equalsIgnoreCase(idOrName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown status '" + idOrName
                            + "'; add it with status(...) first"));
        }
    }
}
