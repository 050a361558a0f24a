package dev.zen.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The quick start, run once against an embedded FakeJira through the real Jira plugin; each test checks one thing
 * the run must have done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuickStartTest {
    private FakeJira jira;
    private Summary summary;
    private String output;

    @BeforeAll
    void givenAFakeJiraWhenTheQuickStartRuns() {
        jira = FakeJira.start();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            summary = QuickStart.run(out, jira);
        }
        output = bytes.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    void stopJira() {
        if (jira != null) jira.close();
    }

    @Test
    void thenTheLocalTasksWereCreatedInJiraOnce() {
        assertThat(jira.issues(FakeJira.DEFAULT_PROJECT)).extracting(IssueSnapshot::summary).containsExactly(
                "Login times out on slow networks", "Export to CSV drops the last row of big reports",
                "Update the onboarding checklist", "Write the release notes for 2.4",
                "Add a dark mode to the settings page", "Crash when uploading an empty file");
        assertThat(row("zen-1").jiraKey()).isEqualTo("SYNC-4");
        assertThat(row("zen-2").jiraKey()).isEqualTo("SYNC-5");
    }

    @Test
    void thenTheZenEditsWerePushedToJira() {
        assertThat(issue("SYNC-1").description())
                .isEqualTo("Reproduce: sign in over a 3G connection; it gives up after 10 s.");
        assertThat(issue("SYNC-4").status()).isEqualTo("In Progress"); // Zen's "Doing", through the status value map
        assertThat(row("zen-1").status()).isEqualTo("Doing");
        assertThat(row("jira-SYNC-1").changes()).contains("pushed description");
        assertThat(row("zen-1").changes()).containsExactly("pushed status");
    }

    @Test
    void thenTheJiraEditsWerePulledIntoZen() {
        assertThat(row("jira-SYNC-1").changes()).contains("pulled priority");
        assertThat(row("jira-SYNC-3").changes()).containsExactly("pulled status");
        assertThat(row("jira-SYNC-3").status()).isEqualTo("Done");
    }

    @Test
    void thenExactlyOneConflictWasReportedAndTheZenValueWon() {
        assertThat(summary.conflicts()).isEqualTo(1);
        assertThat(summary.resolved()).isEqualTo(1);
        assertThat(row("jira-SYNC-2").outcome()).isEqualTo("CONFLICT");
        assertThat(row("jira-SYNC-2").conflicts()).containsExactly("title: kept Zen");
        assertThat(row("jira-SYNC-2").title()).isEqualTo("Export to CSV drops the last row of big reports");
        assertThat(issue("SYNC-2").summary()).isEqualTo("Export to CSV drops the last row of big reports");
        assertThat(output).contains("Jira now:    CSV export loses its final row")
                .contains("Open conflicts: 0, queued changes: 0.");
    }

    @Test
    void thenNothingFailedAndTheSummaryCountsEveryStep() {
        assertThat(summary.failures()).isZero();
        assertThat(summary.oneLine()).isEqualTo("3 imported, 1 picked up by a poll, 2 created in Jira, 2 pulled, "
                + "2 pushed, 1 conflict (1 resolved), 0 failures");
        assertThat(row("zen-2").outcome()).isEqualTo("UNCHANGED");
    }

    @Test
    void thenACommentWasCopiedEachWayWithItsAuthor() {
        assertThat(jira.comments("SYNC-1")).extracting(c -> c.text()).containsExactly("Same over the office VPN.",
                "Ann Lee wrote in Zen:\n\nOnly on 3G; Wi-Fi is fine.");
        assertThat(output).containsPattern("\\| jira-SYNC-1 +comment copied to jira")
                .containsPattern("\\| jira-SYNC-1 +comment copied from jira into Zen");
    }

    @Test
    void thenProgressWasPrintedOneLinePerEvent() {
        assertThat(output).contains("  | sync of 5 task(s), bidirectional")
                .containsPattern("\\| jira-SYNC-2 +title +CONFLICT: both sides changed the field")
                .containsPattern("\\| finished: 5 task\\(s\\), 0 failed, \\d+ ms");
    }

    @Test
    void thenTheTableListsEveryTaskWithItsKeyStatusAndChanges() {
        assertThat(output).containsPattern("TASK +TITLE +JIRA +STATUS +SYNC +CHANGES +CONFLICTS")
                .containsPattern("jira-SYNC-1 +Login times out on slow networks +SYNC-1 +To Do +UPDATED"
                        + " +pushed description, pulled priority +-")
                .containsPattern("jira-SYNC-2 +Export to CSV drops the last row of big reports +SYNC-2 +To Do"
                        + " +CONFLICT +pushed title \\(resolution\\) +title: kept Zen")
                .containsPattern("jira-SYNC-3 +Update the onboarding checklist +SYNC-3 +Done +UPDATED +pulled status")
                .containsPattern("zen-1 +Write the release notes for 2.4 +SYNC-4 +Doing +UPDATED +pushed status")
                .containsPattern("zen-2 +Add a dark mode to the settings page +SYNC-5 +To Do +UNCHANGED +- +-");
        assertThat(summary.rows()).extracting(Summary.Row::taskId)
                .containsExactly("jira-SYNC-1", "jira-SYNC-2", "jira-SYNC-3", "zen-1", "zen-2", "jira-SYNC-6");
    }

    @Test
    void thenAPollImportedTheIssueCreatedInJiraAfterTheStart() {
        assertThat(summary.polled()).isEqualTo(1);
        assertThat(row("jira-SYNC-6").jiraKey()).isEqualTo("SYNC-6");
        assertThat(row("jira-SYNC-6").title()).isEqualTo("Crash when uploading an empty file");
        assertThat(row("jira-SYNC-6").outcome()).isEqualTo("IMPORTED");
        assertThat(output).contains("initial import: 5 issues in SYNC, 0 imported, 5 already linked")
                .containsPattern("poll: SYNC-6 +-> jira-SYNC-6 +Crash when uploading an empty file")
                .contains("poll: 1 imported, 0 updated;")
                .containsPattern("\\| poll of jira: \\d+ seen, 1 imported, 0 linked");
    }

    @Test
    void thenTheTemporaryWorkspaceIsGone() {
        Matcher m = Pattern.compile("Temporary workspace (\\S+) \\(deleted at the end\\)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(Files.exists(Path.of(m.group(1)))).isFalse();
    }

    private Summary.Row row(String taskId) {
        return summary.rows().stream().filter(r -> r.taskId().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + taskId + " in " + summary.rows()));
    }

    private IssueSnapshot issue(String key) {
        return jira.issue(key).orElseThrow();
    }
}
