package dev.zen.examples.downstream;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.examples.downstream.BoardSync.Attention;
import dev.zen.examples.downstream.BoardSync.ImportSummary;
import dev.zen.examples.downstream.BoardSync.PublishSummary;
import dev.zen.examples.downstream.BoardSync.SyncSummary;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.TaskSyncResult.Outcome;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A downstream tool's own code ({@link BoardSync}) tested with the testkit: every test gets a fresh FakeJira, a
 * service wired to it (the real Jira plugin, in-memory stores) and the clock both share.
 */
@ZenIntegrationTest(clockStart = "2025-09-22T09:00:00Z")
class BoardSyncTest {
    FakeJira jira;        // instance fields: a fresh one for every test
    ZenIntegration zen;   // wired to this test's jira; its taskStore() is where the board keeps its tasks
    TestClock clock;      // moves only when the test says so

    BoardSync board;

    @BeforeEach
    void createBoard() {
        board = new BoardSync(zen, "jira", clock);
    }

    // ---- import ----

    @Test
    void givenABacklogInJiraWhenImportedThenEachIssueBecomesABoardTaskWithItsFields() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").status("In Progress").priority("High")
                .labels("backend").build());
        jira.seed(NewIssue.builder("SYNC", "Write release notes").build());

        ImportSummary summary = board.importBacklog(List.of("SYNC-1", "SYNC-2"));

        assertThat(summary.imported()).extracting(ZenTask::id).containsExactly("jira-SYNC-1", "jira-SYNC-2");
        assertThat(zen.taskStore().find("jira-SYNC-1").orElseThrow())
                .hasTitle("Export fails").hasStatus("In Progress").hasPriority("High").hasExactlyLabels("backend");
    }

    @Test
    void givenAnIssueAlreadyOnTheBoardWhenImportedAgainThenItIsSkippedNotDuplicated() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        board.importBacklog(List.of("SYNC-1"));

        ImportSummary again = board.importBacklog(List.of("SYNC-1"));

        assertThat(again.imported()).isEmpty();
        assertThat(again.alreadyOnBoard()).containsExactly("SYNC-1");
        assertThat(zen.taskStore().list()).hasSize(1);
    }

    @Test
    void givenOneKeyDoesNotExistWhenTheBacklogIsImportedThenThatKeyIsRejectedAndTheOthersStillArrive() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());

        ImportSummary summary = board.importBacklog(List.of("SYNC-404", "SYNC-1"));

        assertThat(summary.rejected()).containsOnlyKeys("SYNC-404");
        assertThat(summary.rejected().get("SYNC-404").code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(summary.imported()).extracting(ZenTask::id).containsExactly("jira-SYNC-1");
    }

    // ---- publish ----

    @Test
    void givenANewBoardTaskWhenPublishedThenAnIssueIsCreatedAndLinked() {
        zen.taskStore().create(ZenTask.builder("card-7", "Rotate the API keys").labels("ops").build());

        PublishSummary summary = board.publish(List.of("card-7"));

        assertThat(summary.published()).containsEntry("card-7", "SYNC-1");
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Rotate the API keys");
    }

    @Test
    void givenJiraFailsAfterCreatingTheIssueWhenPublishedThenExactlyOneIssueExistsAndTheTaskIsLinkedToIt() {
        zen.taskStore().create(ZenTask.builder("card-7", "Rotate the API keys").build());
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));

        PublishSummary summary = board.publish(List.of("card-7"));

        assertThat(jira.issues("SYNC")).hasSize(1);
        assertThat(summary.published()).containsEntry("card-7", jira.issues("SYNC").get(0).key());
    }

    // ---- sync ----

    @Test
    void givenAnEditInJiraWhenSyncedThenTheBoardTaskFollowsAndNothingNeedsAttention() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        board.importBacklog(List.of("SYNC-1"));
        clock.advance(Duration.ofMinutes(10));
        jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", "Export fails for 2 GB files"));

        SyncSummary summary = board.syncAll();

        assertThat(summary.report()).hasSucceeded()
                .resultFor("jira-SYNC-1").hasOutcome(Outcome.UPDATED).changedLocal("title").hasNoConflicts();
        assertThat(zen.taskStore().find("jira-SYNC-1").orElseThrow()).hasTitle("Export fails for 2 GB files");
        assertThat(summary.allClear()).as(summary.attention().toString()).isTrue();
    }

    @Test
    void givenBothSidesChangedTheTitleWhenSyncedThenTheConflictIsListedForReviewAndNeitherSideIsOverwritten() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = board.importBacklog(List.of("SYNC-1")).imported().get(0);
        clock.advance(Duration.ofMinutes(5));
        zen.taskStore().update(task.toBuilder().title("Export fails on Windows").build());
        jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", "Export fails on macOS"));

        SyncSummary summary = board.syncAll();

        assertThat(summary.report()).resultFor(task.id()).hasOutcome(Outcome.CONFLICT).hasConflictOn("title");
        assertThat(summary.of(Attention.Kind.REVIEW_CONFLICT)).singleElement().satisfies(a -> {
            assertThat(a.externalId()).isEqualTo("SYNC-1");
            assertThat(a.detail()).contains("title", "Export fails on Windows", "Export fails on macOS");
        });
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails on macOS");
        assertThat(zen.taskStore().find(task.id()).orElseThrow()).hasTitle("Export fails on Windows");
    }

    @Test
    void givenJiraRateLimitsBrieflyOnAWriteWhenSyncedThenTheWriteIsRetriedAndNothingNeedsAttention() {
        ZenTask task = importedAndEditedLocally("Export fails for 2 GB files");
        jira.inject(FaultRule.onPathMatching("PUT", "/rest/api/3/issue/.*").times(1)
                .respond(Fault.rateLimited(Duration.ofSeconds(1), "jira-per-issue-on-write")));

        SyncSummary summary = board.syncAll();

        assertThat(summary.report()).hasSucceeded().resultFor(task.id()).hasOutcome(Outcome.UPDATED).changedRemote("title");
        assertThat(jira.requests().stream().filter(r -> r.status() == 429)).hasSize(1);
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails for 2 GB files");
        assertThat(summary.allClear()).isTrue();
    }

    @Test
    void givenJiraRateLimitsForMinutesWhenABoardEditSyncsThenItIsQueuedAndReportedAsWaitingAndJiraIsUntouched() {
        ZenTask task = importedAndEditedLocally("Export fails for 2 GB files");
        // longer than the library waits in place (max_retry_after, 60 s): it stops retrying and goes offline
        jira.inject(FaultRule.onAny().always()
                .respond(Fault.rateLimited(Duration.ofMinutes(2), "jira-quota-tenant-based")));

        SyncSummary summary = board.syncAll();

        assertThat(summary.report()).resultFor(task.id()).hasOutcome(Outcome.QUEUED).isFromCache();
        assertThat(summary.queuedChanges()).isEqualTo(1);
        assertThat(summary.of(Attention.Kind.WAITING_FOR_JIRA)).extracting(Attention::taskId).containsExactly(task.id());
        assertThat(summary.of(Attention.Kind.NEEDS_FIX)).isEmpty();
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails");
    }

    @Test
    void givenAnEditQueuedWhileJiraWasRateLimitingWhenJiraAcceptsRequestsAgainThenTheNextSyncDeliversItExactlyOnce() {
        ZenTask task = importedAndEditedLocally("Export fails for 2 GB files");
        jira.inject(FaultRule.onAny().always()
                .respond(Fault.rateLimited(Duration.ofMinutes(2), "jira-quota-tenant-based")));
        board.syncAll();
        jira.clearFaults();
        jira.clearRequests();
        clock.advance(Duration.ofMinutes(3));

        SyncSummary later = board.syncAll();

        assertThat(later.report()).hasSucceeded().hasResultFor(task.id());
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("Export fails for 2 GB files");
        assertThat(jira.requests().stream().filter(r -> r.method().equals("PUT"))).hasSize(1);
        assertThat(later.allClear()).as(later.attention().toString()).isTrue();
    }

    @Test
    void givenJiraRejectsTheCredentialsWhenSyncedThenTheTaskNeedsAFixRatherThanARetry() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        board.importBacklog(List.of("SYNC-1"));
        jira.revokeTokens();

        SyncSummary summary = board.syncAll();

        assertThat(summary.report()).hasFailureFor("jira-SYNC-1", ErrorCode.AUTH_FAILED);
        assertThat(summary.of(Attention.Kind.NEEDS_FIX)).singleElement()
                .satisfies(a -> assertThat(a.detail()).startsWith("AUTH_FAILED"));
    }

    // ---- scheduling (the clock matters) ----

    @Test
    void givenASyncTwoMinutesAgoWhenASyncIsDueEveryFiveMinutesThenNothingIsSentToJira() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        board.importBacklog(List.of("SYNC-1"));
        board.syncAll();
        clock.advance(Duration.ofMinutes(2));
        jira.clearRequests();

        Optional<SyncSummary> summary = board.syncIfDue(Duration.ofMinutes(5));

        assertThat(summary).isEmpty();
        assertThat(jira.requests()).isEmpty();
    }

    @Test
    void givenASyncFiveMinutesAgoWhenASyncIsDueEveryFiveMinutesThenItSyncsAndPullsTheLatestEdit() {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        board.importBacklog(List.of("SYNC-1"));
        board.syncAll();
        clock.advance(Duration.ofMinutes(5));
        jira.simulateStatusChange("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");

        Optional<SyncSummary> summary = board.syncIfDue(Duration.ofMinutes(5));

        assertThat(summary).isPresent();
        assertThat(zen.taskStore().find("jira-SYNC-1").orElseThrow()).hasStatus("In Progress");
    }

    /** SYNC-1 imported as a board task, then its title edited on the board. */
    private ZenTask importedAndEditedLocally(String newTitle) {
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
        ZenTask task = board.importBacklog(List.of("SYNC-1")).imported().get(0);
        clock.advance(Duration.ofMinutes(1));
        return zen.taskStore().update(task.toBuilder().title(newTitle).build());
    }
}
