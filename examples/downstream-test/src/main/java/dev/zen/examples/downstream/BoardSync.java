package dev.zen.examples.downstream;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The code a Zen tool (say, a team board) writes on top of {@link TaskSyncService}: bring a Jira backlog in,
 * publish new tasks, sync everything, and tell the user what needs their attention. It is the code under test in
 * this example; the tests next to it show how to test it with the testkit.
 *
 * <pre>{@code
 * BoardSync board = new BoardSync(zen, "jira", Clock.systemUTC());
 * board.importBacklog(List.of("SYNC-1", "SYNC-2"));
 * board.syncIfDue(Duration.ofMinutes(5)).ifPresent(s -> s.attention().forEach(System.out::println));
 * }</pre>
 *
 * <p>Thread-safe if the service is.
 */
public final class BoardSync {
    private final TaskSyncService sync;
    private final String provider;
    private final Clock clock;

    /**
     * @param sync     the service (a {@code ZenIntegration} in production, the injected one in tests)
     * @param provider the configured provider, such as "jira"
     * @param clock    decides when a sync is due; pass the service's clock
     */
    public BoardSync(TaskSyncService sync, String provider, Clock clock) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Imports each issue as a new board task. An issue that is already on the board is skipped, one that cannot
     * be imported is listed with its error; neither stops the others.
     */
    public ImportSummary importBacklog(Collection<String> issueKeys) {
        List<ZenTask> imported = new ArrayList<>();
        List<String> alreadyOnBoard = new ArrayList<>();
        Map<String, Problem> rejected = new LinkedHashMap<>();
        for (String key : issueKeys) {
            try {
                imported.add(sync.importItem(provider, key));
            } catch (IntegrationException e) {
                if (e.code() == ErrorCode.SYNC_CONFLICT) {
                    alreadyOnBoard.add(key);
                } else {
                    rejected.put(key, Problem.of(e));
                }
            }
        }
        return new ImportSummary(imported, alreadyOnBoard, rejected);
    }

    /**
     * Creates each task in Jira and links it. Retrying after a failure is safe: the library publishes with an
     * idempotency key, so an issue Jira created before failing is found again rather than duplicated.
     */
    public PublishSummary publish(Collection<String> taskIds) {
        Map<String, String> published = new LinkedHashMap<>();
        Map<String, Problem> failed = new LinkedHashMap<>();
        for (String taskId : taskIds) {
            try {
                TaskSyncRecord link = sync.publish(taskId, provider);
                published.put(taskId, link.externalId());
            } catch (IntegrationException e) {
                failed.put(taskId, Problem.of(e));
            }
        }
        return new PublishSummary(published, failed);
    }

    /**
     * Syncs every linked task both ways (changes queued while Jira was unavailable go out first) and sorts what
     * came back into what a person must look at.
     */
    public SyncSummary syncAll() {
        SyncReport report = sync.sync(SyncRequest.builder().build());
        List<Attention> attention = new ArrayList<>();
        for (TaskSyncResult r : report.results()) {
            if (!r.success()) {
                TaskSyncResult.ErrorInfo error = r.error().orElseThrow();
                Attention.Kind kind = error.retryable() ? Attention.Kind.WAITING_FOR_JIRA : Attention.Kind.NEEDS_FIX;
                attention.add(new Attention(r.taskId(), r.externalId(), kind, error.code() + ": " + error.message()));
            } else if (r.outcome() == TaskSyncResult.Outcome.QUEUED) {
                attention.add(new Attention(r.taskId(), r.externalId(), Attention.Kind.WAITING_FOR_JIRA,
                        "local changes queued until Jira is available again"));
            }
        }
        for (ConflictRecord c : sync.conflicts()) {
            attention.add(new Attention(c.taskId(), c.externalId(), Attention.Kind.REVIEW_CONFLICT,
                    c.field() + " changed on both sides: board '" + c.localValue() + "', Jira '" + c.remoteValue()
                            + "'"));
        }
        return new SyncSummary(report, attention, sync.status().pendingChanges());
    }

    /**
     * {@link #syncAll()}, unless the last sync finished less than {@code interval} ago by this object's clock: a
     * tool calls this on every command and syncs at most once per interval.
     *
     * @return the summary, or empty if no sync was due
     */
    public Optional<SyncSummary> syncIfDue(Duration interval) {
        Instant last = sync.status().lastSync();
        if (last != null && clock.instant().isBefore(last.plus(interval))) return Optional.empty();
        return Optional.of(syncAll());
    }

    /**
     * A failure to show the user.
     *
     * @param code    the library's error code
     * @param message what went wrong and what to do
     */
    public record Problem(ErrorCode code, String message) {
        static Problem of(IntegrationException e) {
            return new Problem(e.code(), e.getMessage());
        }
    }

    /**
     * What {@link #importBacklog} did.
     *
     * @param imported       the new tasks, in the order asked
     * @param alreadyOnBoard keys that were already linked to a task
     * @param rejected       keys that could not be imported, with why
     */
    public record ImportSummary(List<ZenTask> imported, List<String> alreadyOnBoard, Map<String, Problem> rejected) {
        /** Copies the collections. */
        public ImportSummary {
            imported = List.copyOf(imported);
            alreadyOnBoard = List.copyOf(alreadyOnBoard);
            rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
        }
    }

    /**
     * What {@link #publish} did.
     *
     * @param published task id to the Jira key it is now linked to
     * @param failed    task id to why it was not published; publish again later
     */
    public record PublishSummary(Map<String, String> published, Map<String, Problem> failed) {
        /** Copies the maps. */
        public PublishSummary {
            published = Collections.unmodifiableMap(new LinkedHashMap<>(published));
            failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        }
    }

    /**
     * What {@link #syncAll} found.
     *
     * @param report        the library's report, row by row
     * @param attention     what a person should know about, conflicts first in the order found
     * @param queuedChanges local changes still waiting for Jira, over all tasks
     */
    public record SyncSummary(SyncReport report, List<Attention> attention, int queuedChanges) {
        /** Copies the list. */
        public SyncSummary {
            attention = List.copyOf(attention);
        }

        /** Whether nothing needs a look and nothing waits for Jira. */
        public boolean allClear() {
            return attention.isEmpty() && queuedChanges == 0;
        }

        /** The items of one kind. */
        public List<Attention> of(Attention.Kind kind) {
            return attention.stream().filter(a -> a.kind() == kind).toList();
        }
    }

    /**
     * One thing to tell the user.
     *
     * @param taskId     the board task
     * @param externalId its Jira key, or null
     * @param kind       what kind of attention it needs
     * @param detail     a readable explanation
     */
    public record Attention(String taskId, String externalId, Kind kind, String detail) {
        /** What the user has to do. */
        public enum Kind {
            /** Both sides changed a field differently: pick a value ({@code TaskSyncService.resolve}). */
            REVIEW_CONFLICT,
            /** Jira is unavailable or asked us to slow down: nothing to do, a later sync delivers it. */
            WAITING_FOR_JIRA,
            /** A failure a retry will not fix (bad data, credentials, configuration): someone must act. */
            NEEDS_FIX
        }

        @Override
        public String toString() {
            return kind + " " + taskId + (externalId == null ? "" : " (" + externalId + ")") + ": " + detail;
        }
    }
}
