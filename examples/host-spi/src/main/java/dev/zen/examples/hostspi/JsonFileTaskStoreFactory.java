package dev.zen.examples.hostspi;

import dev.zen.integration.spi.ServiceContext;
import dev.zen.integration.spi.ServiceFactory;
import dev.zen.integration.spi.ServiceKind;
import dev.zen.integration.spi.TaskStore;
import java.nio.file.Path;

/**
 * Makes the host's {@link JsonFileTaskStore} with the integration's context. Registered in
 * {@code META-INF/services/dev.zen.integration.spi.ServiceFactory}, so {@code ZenIntegration.builder()} uses it
 * without naming it, and, unlike a store registered itself, the store learns where its file is and which clock to
 * use:
 * <ul>
 *   <li>the setting {@value #FILE} ({@code builder().serviceSettings(ServiceKind.TASK_STORE, Map.of("file", ...))}):
 *       the JSON file, absolute or relative to the Zen workspace;</li>
 *   <li>without it, {@code tasks.json} in the {@link HostDataDirectory};</li>
 *   <li>{@code created}/{@code updated} times come from the builder's clock.</li>
 * </ul>
 */
public final class JsonFileTaskStoreFactory implements ServiceFactory<TaskStore> {
    /** The setting naming the tasks file. */
    public static final String FILE = "file";

    /** For ServiceLoader. */
    public JsonFileTaskStoreFactory() {}

    @Override
    public ServiceKind kind() {
        return ServiceKind.TASK_STORE;
    }

    @Override
    public TaskStore create(ServiceContext context) {
        String file = context.settings().get(FILE);
        if (file != null && file.isBlank()) {
            throw new IllegalArgumentException("the task store setting '" + FILE + "' is blank; name the tasks"
                    + " file, or leave the setting out to use " + JsonFileTaskStore.FILE_NAME + " in the host data folder");
        }
        Path path = file == null ? HostDataDirectory.current().resolve(JsonFileTaskStore.FILE_NAME) : context.resolve(file);
        return new JsonFileTaskStore(path, context.clock());
    }
}
