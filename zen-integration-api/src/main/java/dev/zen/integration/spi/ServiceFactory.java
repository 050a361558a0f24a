package dev.zen.integration.spi;

/**
 * Makes a service with the integration's context, for services that need their workspace, settings or clock, which
 * a {@link java.util.ServiceLoader} registration of the service itself (no constructor arguments) cannot receive.
 * Register the factory in {@code META-INF/services/dev.zen.integration.spi.ServiceFactory} (a public class with a
 * public no-argument constructor); the builder calls {@link #create} once, while building, for each kind it
 * discovers and has not been given explicitly.
 *
 * <pre>{@code
 * public final class AcmeTaskStoreFactory implements ServiceFactory<TaskStore> {
 *     public ServiceKind kind() { return ServiceKind.TASK_STORE; }
 *     public TaskStore create(ServiceContext context) {
 *         return new AcmeTaskStore(context.resolve(context.setting("file", "acme-tasks.json")), context.clock());
 *     }
 * }
 * }</pre>
 *
 * <p>A factory wins over {@code META-INF/services} registrations of the service itself. For kinds of which one is
 * used ({@link ServiceKind#single()}), two factories of the same kind are a {@code CONFIG_ERROR} naming both; for
 * the others, each factory adds one service. A factory that throws, or returns a service of another type, fails
 * the build with a {@code CONFIG_ERROR} naming the factory.
 *
 * @param <T> the SPI type, {@code kind().type()}
 */
public interface ServiceFactory<T> {
    /** The kind of service this factory makes. */
    ServiceKind kind();

    /**
     * Makes the service.
     *
     * @param context the workspace, the host's settings for this kind and the clock
     * @return a new service of {@code kind().type()}
     */
    T create(ServiceContext context);
}
