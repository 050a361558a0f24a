package example;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncService;
import java.util.List;

/** Compiles only if the API, imported through the BOM, has the shape downstream code relies on. */
public final class UsesTheApi {
    private UsesTheApi() {}

    public static int failures(TaskSyncService service) {
        SyncReport report = service.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
        return report.failures().size();
    }
}
