package dev.zen.examples.quickstart;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ValueMap;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.CommentSync;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.credentials.CredentialResolver;
import dev.zen.integration.core.credentials.EnvCredentialProvider;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The quick start: a temporary Zen workspace kept in sync with Jira through the real, sandboxed Jira plugin.
 *
 * <ol>
 *   <li>Jira: an embedded fake Jira seeded with three issues (or a real Jira, see {@link Settings});</li>
 *   <li>a temporary Zen workspace with two tasks of its own;</li>
 *   <li>import: the Jira issues become Zen tasks;</li>
 *   <li>publish: the Zen tasks are created in Jira;</li>
 *   <li>edits on both sides: in Zen, and by a colleague in Jira;</li>
 *   <li>one bidirectional sync, printing its progress: a change pulled, a change pushed, and a conflict where both
 *       sides changed the same title;</li>
 *   <li>the conflict, as the library reports it, settled with {@link ConflictResolution#local()};</li>
 *   <li>the whole project kept in sync: {@code syncScope} runs the initial import, a colleague creates an issue in
 *       Jira, and the next {@code syncScope} (a poll) imports it;</li>
 *   <li>a table of the tasks and a one-line summary.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl examples/quickstart exec:java} (see this module's README). {@link #run} does
 * the work and returns a {@link Summary}, so it can be tested; {@link #main} only reads the settings and reports
 * errors.
 */
public final class QuickStart {
    /** The provider name used in the configuration and in task ids such as {@code jira-SYNC-1}. */
    static final String PROVIDER = "jira";

    private static final String COLLEAGUE_ID = "5d53f3cbc6b9320d9ea5bdc2";
    private static final String COLLEAGUE_NAME = "Priya Shah";

    private final PrintStream out;
    private final Settings settings;
    private final FakeJira fakeJira;
    private final Map<String, TaskLog> tasks = new LinkedHashMap<>();

    private QuickStart(PrintStream out, Settings settings, FakeJira fakeJira) {
        this.out = out;
        this.settings = settings;
        this.fakeJira = fakeJira;
    }

    /** Runs the quick start with the settings of this process; exits with 1 if anything failed. */
    public static void main(String[] args) {
        try {
            Summary summary = run(System.out, Settings.fromEnvironment());
            if (summary.failures() > 0) System.exit(1);
        } catch (IntegrationException e) {
            System.out.flush();
            System.err.println();
            System.err.println("The quick start stopped: " + e.code() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the quick start against the Jira the settings name, or else against an embedded fake Jira that it
     * starts and stops.
     *
     * @throws IntegrationException when Jira cannot be reached, the credentials are missing or rejected, or an
     *                              issue to import does not exist
     */
    public static Summary run(PrintStream out, Settings settings) {
        if (settings.usesRealJira()) return new QuickStart(out, settings, null).run();
        try (FakeJira jira = FakeJira.start()) {
            return new QuickStart(out, settings, jira).run();
        }
    }

    /**
     * Runs the quick start against the given, already started fake Jira, which it seeds and edits. The fake stays
     * open, so a test can look at what landed in it.
     */
    public static Summary run(PrintStream out, FakeJira fakeJira) {
        return new QuickStart(out, Settings.embedded(), fakeJira).run();
    }

    private Summary run() {
        out.println("Zen Integration quick start");
        out.println("===========================");
        Path workspace = createWorkspace();
        try (ZenIntegration zen = connect(workspace)) {
            List<String> keysToImport = prepareJira();
            List<String> localTaskIds = createLocalTasks(zen, workspace);
            List<String> importedTaskIds = importIssues(zen, keysToImport);
            publish(zen, localTaskIds);
            editBothSides(zen, importedTaskIds, localTaskIds);
            SyncReport report = syncBothWays(zen);
            int resolved = settleConflicts(zen);
            int polled = keepProjectInSync(zen);
            return printResult(zen, report, resolved, polled);
        } finally {
            deleteWorkspace(workspace);
        }
    }

    // ---- setting up -----------------------------------------------------------------------------------------

    /**
     * Assembles the library: the workspace's file stores, the Jira provider and a listener printing progress. The
     * Jira plugin is found on the classpath (the {@code zen-plugin-jira} dependency) and runs sandboxed; it never
     * sees the credentials, which the host adds to its requests.
     */
    private ZenIntegration connect(Path workspace) {
        ProviderConfig.Builder jira = ProviderConfig.builder(PROVIDER)
                .serverUrl(fakeJira != null ? fakeJira.baseUrl().toString() : settings.jiraUrl())
                .projectKey(projectKey())
                .credentialsRef(settings.credentialsRef())
                // The default, spelled out: a field both sides changed waits for a decision. TIMESTAMP,
                // LOCAL_WINS and REMOTE_WINS settle conflicts during the sync instead.
                .conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                // Zen says "Doing" where Jira says "In Progress"; other statuses have the same name on both sides
                .valueMap("status", ValueMap.of("Doing", "In Progress"))
                .comments(CommentSync.BOTH); // copy comments both ways, with the author's name
        if (fakeJira != null) {
            // The fake has no rate limit. A real Jira Cloud site keeps the default budget of 300 requests a minute,
            // which spreads the calls out: against it a run takes a few seconds longer.
            jira.resilience(ResilienceConfig.builder().requestsPerMinute(60_000).build());
            // The whole project: syncScope imports every issue of SYNC, then polls for what changed since. Against
            // a real Jira this example leaves it out, as it would import every issue of your project.
            jira.scope(ScopeConfig.builder().build());
        }
        return ZenIntegration.builder()
                .workspace(workspace)
                .listener(new ConsoleProgress(out))
                .credentialProvider(fakeJira != null ? fakeJiraCredentials() : realJiraCredentials())
                .provider(jira.build())
                .build();
    }

    /** The fake's default user, given as the environment variables a real user would export. */
    private CredentialProvider fakeJiraCredentials() {
        String prefix = EnvCredentialProvider.variablePrefix(settings.credentialsRef());
        return new EnvCredentialProvider(Map.of(
                prefix + "USERNAME", FakeJira.DEFAULT_EMAIL,
                prefix + "TOKEN", FakeJira.DEFAULT_API_TOKEN));
    }

    /**
     * What the builder uses by default: environment variables ({@code ZEN_CREDENTIAL_<REF>_USERNAME} and
     * {@code _TOKEN}), then any provider registered with ServiceLoader, cached. Built here only to check up front
     * that the credential exists, so a missing one is reported before anything is created.
     *
     * @throws IntegrationException {@code AUTH_FAILED} naming the variables to set, if no provider knows the reference
     */
    private CredentialProvider realJiraCredentials() {
        CredentialResolver credentials = CredentialResolver.builder()
                .provider(EnvCredentialProvider.fromSystem())
                .serviceProviders(Thread.currentThread().getContextClassLoader())
                .build();
        credentials.require(settings.credentialsRef());
        return credentials;
    }

    private String projectKey() {
        return fakeJira != null ? FakeJira.DEFAULT_PROJECT : settings.projectKey();
    }

    /** Seeds the embedded fake Jira, or warns about what happens to a real one; returns the issues to import. */
    private List<String> prepareJira() {
        heading("1. Jira");
        String prefix = EnvCredentialProvider.variablePrefix(settings.credentialsRef());
        if (fakeJira == null) {
            out.println("  Real Jira at " + settings.jiraUrl() + ", project " + settings.projectKey()
                    + ", credentials from " + prefix + "USERNAME / " + prefix + "TOKEN.");
            out.println("  WARNING: this creates 2 issues in " + settings.projectKey()
                    + " (use a scratch project). It changes only the issues it creates.");
            if (settings.importKeys().isEmpty()) {
                out.println("  Nothing to import: set ZEN_QUICKSTART_IMPORT=KEY-1,KEY-2 to import existing issues.");
            }
            return settings.importKeys();
        }
        out.println("  Embedded fake Jira at " + fakeJira.baseUrl() + ", project " + FakeJira.DEFAULT_PROJECT
                + ", user " + FakeJira.DEFAULT_EMAIL + " (" + prefix + "USERNAME / " + prefix + "TOKEN).");
        fakeJira.addUser(JiraUser.of(COLLEAGUE_ID, COLLEAGUE_NAME));
        List<String> keys = new ArrayList<>();
        for (NewIssue issue : sampleIssues()) {
            String key = fakeJira.seed(issue).key();
            keys.add(key);
            out.printf("  seeded  %-8s %s%n", key, issue.summary());
        }
        return keys;
    }

    /** Three issues as a team's tracker might hold them. */
    private static List<NewIssue> sampleIssues() {
        String project = FakeJira.DEFAULT_PROJECT;
        return List.of(
                NewIssue.builder(project, "Login times out on slow networks").priority("High")
                        .assignee(COLLEAGUE_ID).labels("mobile", "auth").build(),
                NewIssue.builder(project, "Export to CSV drops the last row").priority("Medium")
                        .description("Exports of more than 1000 rows lose the final row.").labels("export").build(),
                NewIssue.builder(project, "Update the onboarding checklist").priority("Low").labels("docs").build());
    }

    private static Path createWorkspace() {
        try {
            return Files.createTempDirectory("zen-quickstart-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary workspace; check java.io.tmpdir", e);
        }
    }

    /** Creates the workspace's own tasks, which do not exist in Jira yet. */
    private List<String> createLocalTasks(ZenIntegration zen, Path workspace) {
        heading("2. Zen workspace");
        out.println("  Temporary workspace " + workspace + " (deleted at the end)");
        List<ZenTask> local = List.of(
                ZenTask.builder("zen-1", "Write the release notes for 2.4").status("To Do").priority("Medium")
                        .labels("release").build(),
                ZenTask.builder("zen-2", "Add a dark mode to the settings page").status("To Do").priority("Low")
                        .labels("ui").build());
        List<String> ids = new ArrayList<>();
        for (ZenTask task : local) {
            ZenTask stored = zen.taskStore().create(task);
            ids.add(stored.id());
            out.printf("  created %-12s %s%n", stored.id(), stored.title());
        }
        return ids;
    }

    // ---- linking --------------------------------------------------------------------------------------------

    /** Imports each Jira issue as a new Zen task, linked to it. */
    private List<String> importIssues(ZenIntegration zen, List<String> keys) {
        heading("3. Import Jira issues into Zen");
        List<String> ids = new ArrayList<>();
        for (String key : keys) {
            ZenTask task = zen.importItem(PROVIDER, key);
            tasks.put(task.id(), new TaskLog(key, true));
            ids.add(task.id());
            out.printf("  %-8s -> %-12s %s%n", key, task.id(), task.title());
        }
        if (keys.isEmpty()) out.println("  (none)");
        return ids;
    }

    /** Creates each local task in Jira and links the two; safe to retry, it never creates duplicates. */
    private void publish(ZenIntegration zen, List<String> taskIds) {
        heading("4. Publish Zen tasks to Jira");
        for (String taskId : taskIds) {
            TaskSyncRecord link = zen.publish(taskId, PROVIDER);
            tasks.put(taskId, new TaskLog(link.externalId(), false));
            out.printf("  %-12s -> %-8s created in Jira%n", taskId, link.externalId());
        }
    }

    // ---- editing both sides ---------------------------------------------------------------------------------

    /**
     * Changes tasks in Zen and, in the fake Jira, issues as a colleague would: one field pulled, two pushed, and a
     * title both sides changed differently. Against a real Jira only the tasks this run created are edited.
     */
    private void editBothSides(ZenIntegration zen, List<String> importedTaskIds, List<String> localTaskIds) {
        heading("5. Edits on both sides since the last sync");
        editInZen(zen, localTaskIds.get(0), t -> t.status("Doing"), "status: To Do -> Doing (Jira: In Progress)");
        if (fakeJira == null) {
            out.println("  (real Jira: nobody edits your issues here, so this run pulls only what changed anyway)");
            return;
        }
        String login = importedTaskIds.get(0);
        String export = importedTaskIds.get(1);
        String onboarding = importedTaskIds.get(2);
        editInZen(zen, login, t -> t.description("Reproduce: sign in over a 3G connection; it gives up after 10 s."),
                "description added");
        editInZen(zen, export, t -> t.title("Export to CSV drops the last row of big reports"),
                "title reworded");
        editInJira(tasks.get(login).jiraKey, Map.of("priority", "Highest"), "priority: High -> Highest");
        editInJira(tasks.get(export).jiraKey, Map.of("summary", "CSV export loses its final row"),
                "summary reworded");
        zen.taskStore().comments().orElseThrow().add(login, "Ann Lee", "Only on 3G; Wi-Fi is fine.", null);
        out.printf("  Zen   %-12s %s%n", login, "comment added (by Ann Lee)");
        fakeJira.simulateComment(tasks.get(login).jiraKey, COLLEAGUE_ID, "Same over the office VPN.");
        out.printf("  Jira  %-12s %s (by %s)%n", tasks.get(login).jiraKey, "comment added", COLLEAGUE_NAME);
        fakeJira.simulateStatusChange(tasks.get(onboarding).jiraKey, COLLEAGUE_ID, "Done");
        out.printf("  Jira  %-12s %s (by %s)%n", tasks.get(onboarding).jiraKey, "status: To Do -> Done",
                COLLEAGUE_NAME);
    }

    private void editInZen(ZenIntegration zen, String taskId, UnaryOperator<ZenTask.Builder> edit, String what) {
        zen.taskStore().edit(taskId, edit);
        out.printf("  Zen   %-12s %s%n", taskId, what);
    }

    private void editInJira(String key, Map<String, ?> fields, String what) {
        fakeJira.simulateEdit(key, COLLEAGUE_ID, fields);
        out.printf("  Jira  %-12s %s (by %s)%n", key, what, COLLEAGUE_NAME);
    }

    // ---- syncing --------------------------------------------------------------------------------------------

    /** Syncs every linked task both ways; the listener prints each event as it happens. */
    private SyncReport syncBothWays(ZenIntegration zen) {
        heading("6. Bidirectional sync");
        SyncReport report = zen.sync(List.of(), SyncDirection.BIDIRECTIONAL); // empty: every linked task
        for (TaskSyncResult result : report.results()) {
            TaskLog log = tasks.computeIfAbsent(result.taskId(), id -> new TaskLog(result.externalId(), false));
            log.outcome = result.outcome().name();
            result.changes().forEach(c -> log.changes.add(describe(c)));
            result.conflicts().forEach(c -> log.conflicts.add(c.field() + ": waiting for review"));
            result.error().ifPresent(e -> log.conflicts.add("error " + e.code()));
        }
        return report;
    }

    private static String describe(FieldChange change) {
        return (change.target() == FieldChange.Side.LOCAL ? "pulled " : "pushed ") + change.field();
    }

    /**
     * Shows each conflict waiting for review and settles it. A real tool would ask its user; here the Zen value
     * wins ({@link ConflictResolution#local()}). {@code remote()} would take Jira's value, and
     * {@code merged(value)} would write a value of your choice to both sides.
     */
    private int settleConflicts(ZenIntegration zen) {
        heading("7. Conflicts");
        List<ConflictRecord> conflicts = zen.conflicts();
        if (conflicts.isEmpty()) out.println("  none");
        for (ConflictRecord conflict : conflicts) {
            out.printf("  %s / %s: both sides changed '%s'%n", conflict.taskId(), conflict.externalId(),
                    conflict.field());
            out.println("    last agreed: " + conflict.baseValue());
            out.println("    Zen now:     " + conflict.localValue());
            out.println("    Jira now:    " + conflict.remoteValue());
            out.println("    decision:    keep the Zen value (ConflictResolution.local()), write it to "
                    + conflict.externalId());
            TaskSyncResult settled = zen.resolve(conflict.id(), ConflictResolution.local());
            TaskLog log = tasks.get(conflict.taskId());
            settled.changes().forEach(c -> log.changes.add(describe(c) + " (resolution)"));
            log.conflicts.remove(conflict.field() + ": waiting for review");
            log.conflicts.add(conflict.field() + ": kept Zen");
        }
        return conflicts.size();
    }

    // ---- the whole project ------------------------------------------------------------------------------------

    /**
     * Keeps the whole Jira project in sync: the first {@code syncScope} runs the initial import (every issue here is
     * linked already, so it only checks them), a colleague creates an issue, and the next {@code syncScope} polls
     * for what changed since the first and imports it. A host calls {@code syncScope} on a schedule
     * ({@code scope.poll_interval}). Returns how many issues the poll imported.
     */
    private int keepProjectInSync(ZenIntegration zen) {
        heading("8. Keep the whole project in sync");
        if (fakeJira == null) {
            out.println("  (real Jira: left out, it would import every issue of " + settings.projectKey()
                    + "; see docs/user-guide.md, \"Whole-project sync\")");
            return 0;
        }
        ScopeReport initial = zen.syncScope(PROVIDER);
        out.printf("  initial import: %d issues in %s, %d imported, %d already linked%n", initial.seen(),
                FakeJira.DEFAULT_PROJECT, initial.imported(), initial.linked());
        String key = fakeJira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Crash when uploading an empty file")
                .priority("High").reporter(COLLEAGUE_ID).labels("upload").build()).key();
        out.printf("  Jira  %-12s created: Crash when uploading an empty file (by %s)%n", key, COLLEAGUE_NAME);
        ScopeReport poll = zen.syncScope(PROVIDER);
        for (TaskSyncResult result : poll.results()) {
            if (result.outcome() != TaskSyncResult.Outcome.IMPORTED) continue;
            ZenTask task = zen.taskStore().find(result.taskId()).orElseThrow();
            out.printf("  poll: %-8s -> %-12s %s%n", result.externalId(), task.id(), task.title());
            TaskLog log = new TaskLog(result.externalId(), true);
            log.outcome = "IMPORTED";
            log.changes.add("by a poll");
            tasks.put(task.id(), log);
        }
        out.printf("  poll: %d imported, %d updated; %d seen in the overlap with the last poll were unchanged%n",
                poll.imported(), poll.updated(), poll.skipped());
        return poll.imported();
    }

    // ---- reporting ------------------------------------------------------------------------------------------

    private Summary printResult(ZenIntegration zen, SyncReport report, int resolved, int polled) {
        heading("9. Result");
        Summary summary = summarize(zen, report, resolved, polled);
        TaskTable.lines(summary.rows()).forEach(line -> out.println("  " + line));
        out.println();
        IntegrationStatus status = zen.status();
        out.println("Done: " + summary.oneLine() + ". Open conflicts: " + status.conflictCount()
                + ", queued changes: " + status.pendingChanges() + ".");
        return summary;
    }

    private Summary summarize(ZenIntegration zen, SyncReport report, int resolved, int polled) {
        List<FieldChange> changes = report.results().stream().flatMap(r -> r.changes().stream()).toList();
        int pulled = (int) changes.stream().filter(c -> c.target() == FieldChange.Side.LOCAL).count();
        int conflicts = report.results().stream().mapToInt(r -> r.conflicts().size()).sum();
        int imported = (int) tasks.values().stream().filter(log -> log.imported).count() - polled;
        List<Summary.Row> rows = new ArrayList<>();
        tasks.forEach((id, log) -> {
            ZenTask task = zen.taskStore().find(id).orElseThrow();
            rows.add(new Summary.Row(id, task.title(), log.jiraKey, task.status(), log.outcome, log.changes,
                    log.conflicts));
        });
        return new Summary(imported, polled, tasks.size() - imported - polled, pulled, changes.size() - pulled,
                conflicts, resolved, report.failures().size(), rows);
    }

    private void heading(String title) {
        out.println();
        out.println(title);
    }

    private void deleteWorkspace(Path workspace) {
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            out.println("Could not delete the temporary workspace " + workspace + ": " + e.getMessage());
        }
    }

    /** What happened to one task during the run, collected for the table. */
    private static final class TaskLog {
        final String jiraKey;
        final boolean imported;
        String outcome = "-";
        final List<String> changes = new ArrayList<>();
        final List<String> conflicts = new ArrayList<>();

        TaskLog(String jiraKey, boolean imported) {
            this.jiraKey = jiraKey;
            this.imported = imported;
        }
    }
}
