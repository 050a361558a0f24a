package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.LockProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Locks and crash safety across two real processes sharing a workspace. */
@Timeout(60)
class CrossProcessTest {
    @TempDir Path workspace;

    Process start(String... args) throws Exception {
        return start(ChildProcess.class, args);
    }

    /** Starts {@code main} in a new JVM with this test's class path. */
    static Process start(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] cmd = new String[args.length + 4];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = main.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static void awaitLine(Process p, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) return;
        }
        throw new AssertionError("child process ended without printing '" + expected + "'");
    }

    @Test
    void givenAnotherProcessHoldsATaskLockWhenThisOneAsksThenItGetsLockTimeoutUntilThatProcessDies() throws Exception {
        Process child = start("lock", workspace.toString(), "task-1");
        try {
            awaitLine(child, "locked");
            WorkspaceLockProvider locks = new WorkspaceLockProvider(workspace);

            assertThatThrownBy(() -> locks.acquire("task-1", Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT));
            try (LockProvider.Lock other = locks.acquire("task-2", Duration.ofMillis(200))) {
                assertThat(other).isNotNull(); // other tasks are not blocked
            }

            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // the OS releases a dead process's locks
            try (LockProvider.Lock mine = locks.acquire("task-1", Duration.ofSeconds(5))) {
                assertThat(mine).isNotNull();
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void givenAProcessKilledWhileWritingRecordsWhenTheStoreIsReadAfterwardsThenTheRecordIsWholeAndCurrent()
            throws Exception {
        Process child = start("write", workspace.toString());
        try {
            awaitLine(child, "writing");
            Thread.sleep(400);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        YamlSyncRecordStore store = new YamlSyncRecordStore(workspace);
        TaskSyncRecord r = store.find("task-1").orElseThrow();

        assertThat(r.version()).isGreaterThan(1);
        assertThat(r.lastError()).isEqualTo("write " + (r.version() - 2));
        assertThat(r.metadata().get("payload")).endsWith(String.valueOf(r.version() - 2));
        assertThat(store.update(r.toBuilder().lastError("after the crash").build()).version()).isEqualTo(r.version() + 1);
    }

    @Test
    void givenTwoThreadsInOneJvmWhenBothLockTheSameTaskThenTheSecondWaitsForTheFirst() throws Exception {
        WorkspaceLockProvider locks = new WorkspaceLockProvider(workspace);
        LockProvider.Lock first = locks.acquire("task-1", Duration.ofSeconds(1));

        WorkspaceLockProvider otherInstance = new WorkspaceLockProvider(workspace);

        assertThatThrownBy(() -> CompletableFuture.runAsync(
                        () -> otherInstance.acquire("task-1", Duration.ofMillis(100))).join())
                .hasCauseInstanceOf(IntegrationException.class)
                .cause().satisfies(e -> assertThat(((IntegrationException) e).code()).isEqualTo(ErrorCode.LOCK_TIMEOUT));
        CompletableFuture<LockProvider.Lock> waiting = CompletableFuture
                .supplyAsync(() -> otherInstance.acquire("task-1", Duration.ofSeconds(5)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        first.close();
        waiting.get(5, TimeUnit.SECONDS).close();
    }
}
