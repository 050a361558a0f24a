package dev.zen.integration.postgres;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service replica in its own JVM: until told to stop (a file appears), publishes unlinked tasks, syncs every
 * task both ways and flushes the outbox, round after round. Failures are expected (20% of Jira's answers are
 * faults) and left to the next round.
 */
public final class ReplicaMain {
    private ReplicaMain() {}

    /** Arguments: JDBC URL, Jira URL, requests per minute, workspace, stop file. */
    public static void main(String[] args) throws Exception {
        PostgresStores pg = PostgresStores.builder().jdbcUrl(args[0], "postgres", "").poolSize(4).build();
        Path stop = Path.of(args[4]);
        try (ZenIntegration zen = ReplicaSetup.replica(pg, Path.of(args[3]), args[1], Integer.parseInt(args[2]))) {
            System.out.println("READY");
            for (int round = 1; !Files.exists(stop); round++) {
                Set<String> linked = pg.syncRecordStore().list().stream().map(r -> r.taskId())
                        .collect(Collectors.toSet());
                List<String> ids = pg.taskStore().list().stream().map(ZenTask::id).toList();
                for (String id : ids) {
                    if (Files.exists(stop)) break;
                    if (linked.contains(id)) continue;
                    try {
                        zen.publish(id, "jira");
                    } catch (RuntimeException e) {
                        // linked by another replica meanwhile, or a fault: the next round tries again
                    }
                }
                try {
                    zen.sync(ids, SyncDirection.BIDIRECTIONAL);
                    zen.flushPending();
                } catch (RuntimeException e) {
                    System.out.println("round failed: " + e);
                }
                System.out.println("ROUND " + round);
            }
        } finally {
            pg.close();
        }
    }
}
