package dev.zen.integration.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A provider's whole-project sync ({@code integrations.providers.<name>.scope}): which external items belong to the
 * workspace and what happens to new, new-local and removed ones. Without a scope, only the tasks imported, linked or
 * published one at a time are synced.
 *
 * <pre>{@code
 * ProviderConfig jira = ProviderConfig.builder("jira").serverUrl("https://acme.atlassian.net").projectKey("SYNC")
 *         .scope(ScopeConfig.builder().filter("labels = zen").onRemoved(ScopeConfig.OnRemoved.ARCHIVE).build())
 *         .build();
 * }</pre>
 *
 * @param filter       a tracker filter narrowing the project (JQL for Jira, such as {@code labels = zen}); null for
 *                     the whole project
 * @param onNewRemote  what happens to an item in the scope that no task is linked to; default import
 * @param onNewLocal   what happens to a local task without a link; default ignore
 * @param onRemoved    what happens to a link whose item was deleted or moved out of the scope; default unlink
 * @param pollInterval how often the scheduler polls the scope; default 5 minutes
 * @param overlap      how far before the watermark each poll looks again (search-index lag, clock skew, Jira's
 *                     minute-granular dates); default 2 minutes
 * @param pageSize     items per search page, 1 to 100; default 100
 */
public record ScopeConfig(String filter, OnNewRemote onNewRemote, OnNewLocal onNewLocal, OnRemoved onRemoved,
                          Duration pollInterval, Duration overlap, int pageSize) {
    /** The default poll interval. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(5);
    /** The default overlap. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(2);
    /** The default and largest page size. */
    public static final int MAX_PAGE_SIZE = 100;

    /** Validates and applies defaults for nulls; errors name the key ({@code scope.page_size}, ...). */
    public ScopeConfig {
        if (filter != null) {
            filter = filter.strip();
            if (filter.isEmpty()) filter = null;
        }
        onNewRemote = Objects.requireNonNullElse(onNewRemote, OnNewRemote.IMPORT);
        onNewLocal = Objects.requireNonNullElse(onNewLocal, OnNewLocal.IGNORE);
        onRemoved = Objects.requireNonNullElse(onRemoved, OnRemoved.UNLINK);
        pollInterval = ConfigErrors.requirePositive("scope.poll_interval",
                Objects.requireNonNullElse(pollInterval, DEFAULT_POLL_INTERVAL));
        overlap = ConfigErrors.requireNonNegative("scope.overlap", Objects.requireNonNullElse(overlap, DEFAULT_OVERLAP));
        if (overlap.compareTo(Duration.ofDays(1)) > 0) {
            throw ConfigErrors.invalid("scope.overlap", Durations.format(overlap), "a duration from 0 to 1d, such as 2m");
        }
        pageSize = ConfigErrors.requireRange("scope.page_size", pageSize == 0 ? MAX_PAGE_SIZE : pageSize, 1,
                MAX_PAGE_SIZE);
    }

    /** The whole project with every default. */
    public static ScopeConfig defaults() {
        return builder().build();
    }

    /** Starts a scope with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The filter, or the empty string for none (what scope state is keyed by). */
    public String filterText() {
        return filter == null ? "" : filter;
    }

    /** {@code on_new_remote}: an unlinked item found in the scope. */
    public enum OnNewRemote {
        /** Import it as a new task, linked. */
        IMPORT,
        /** Leave it alone. */
        IGNORE;

        /** The YAML spelling. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code on_new_local}: a local task that no link holds. */
    public enum OnNewLocal {
        /** Create it in the tracker and link it. */
        PUBLISH,
        /** Leave it alone. */
        IGNORE;

        /** The YAML spelling. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code on_removed}: the linked item was deleted or moved out of the scope. Zen data is never deleted. */
    public enum OnRemoved {
        /** Remove the link; the task stays as it is. */
        UNLINK,
        /** Keep the link (later syncs of it fail until it is unlinked by hand). */
        KEEP,
        /** Keep the task, mark it archived (label {@code zen-archived}), and remove the link. */
        ARCHIVE;

        /** The YAML spelling. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Builds a {@link ScopeConfig}; unset values take the defaults. Not thread-safe. */
    public static final class Builder {
        private String filter;
        private OnNewRemote onNewRemote;
        private OnNewLocal onNewLocal;
        private OnRemoved onRemoved;
        private Duration pollInterval;
        private Duration overlap;
        private int pageSize;

        private Builder() {}

        /** The tracker filter (JQL for Jira); null or blank for the whole project. */
        public Builder filter(String filter) { this.filter = filter; return this; }
        /** What happens to new external items; default import. */
        public Builder onNewRemote(OnNewRemote p) { this.onNewRemote = p; return this; }
        /** What happens to unlinked local tasks; default ignore. */
        public Builder onNewLocal(OnNewLocal p) { this.onNewLocal = p; return this; }
        /** What happens to deleted or moved items; default unlink. */
        public Builder onRemoved(OnRemoved p) { this.onRemoved = p; return this; }
        /** The poll interval; default 5 minutes. */
        public Builder pollInterval(Duration d) { this.pollInterval = d; return this; }
        /** The overlap of each poll with the previous one; default 2 minutes. */
        public Builder overlap(Duration d) { this.overlap = d; return this; }
        /** Items per page, 1 to 100; default 100. */
        public Builder pageSize(int n) { this.pageSize = n; return this; }

        /** Builds and validates. */
        public ScopeConfig build() {
            return new ScopeConfig(filter, onNewRemote, onNewLocal, onRemoved, pollInterval, overlap, pageSize);
        }
    }
}
