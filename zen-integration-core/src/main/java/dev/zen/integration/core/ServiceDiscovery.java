package dev.zen.integration.core;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.ServiceContext;
import dev.zen.integration.spi.ServiceFactory;
import dev.zen.integration.spi.ServiceKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The builder's {@link ServiceLoader} lookups, for the kinds it was asked to discover: services made by a
 * registered {@link ServiceFactory} (given their {@link ServiceContext}) first, then services registered
 * themselves. Every failure is a {@code CONFIG_ERROR} naming the class at fault.
 */
final class ServiceDiscovery {
    private final ClassLoader loader;
    private final Set<ServiceKind> kinds;
    private final Path workspace;
    private final Map<ServiceKind, Map<String, String>> settings;
    private final Clock clock;
    private List<ServiceFactory<?>> factories;

    ServiceDiscovery(ClassLoader loader, Set<ServiceKind> kinds, Path workspace,
                     Map<ServiceKind, Map<String, String>> settings, Clock clock) {
        this.loader = loader;
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(ServiceKind.class) : EnumSet.copyOf(kinds);
        this.workspace = workspace;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether this kind is looked up at all. */
    boolean discovers(ServiceKind kind) {
        return kinds.contains(kind);
    }

    /**
     * The one service of a single kind: the one factory's product, else the registered service with the highest
     * priority; empty when the kind is not discovered or nothing is registered.
     */
    <T> Optional<T> single(ServiceKind kind, Class<T> type, ToIntFunction<T> priority) {
        if (!discovers(kind)) return Optional.empty();
        List<ServiceFactory<?>> makers = factoriesOf(kind);
        if (makers.size() > 1) {
            throw configError("two ServiceFactory registrations make the " + kind.displayName() + ": "
                    + makers.get(0).getClass().getName() + " and " + makers.get(1).getClass().getName()
                    + "; keep one of them on the class path, or give the " + kind.displayName() + " to the builder", kind,
                    null);
        }
        if (makers.size() == 1) return Optional.of(make(makers.get(0), kind, type));
        return registered(kind, type).stream().max(Comparator.comparingInt(priority));
    }

    /** Every service of a kind: each factory's product, then every registered service; empty if not discovered. */
    <T> List<T> all(ServiceKind kind, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (!discovers(kind)) return found;
        factoriesOf(kind).forEach(f -> found.add(make(f, kind, type)));
        found.addAll(registered(kind, type));
        return found;
    }

    private <T> T make(ServiceFactory<?> factory, ServiceKind kind, Class<T> type) {
        String name = factory.getClass().getName();
        Object made;
        try {
            made = factory.create(new ServiceContext(kind, workspace, settings.getOrDefault(kind, Map.of()), clock));
        } catch (RuntimeException e) {
            throw configError("ServiceFactory " + name + " failed to make the " + kind.displayName() + ": " + e
                    + "; check its settings (builder().serviceSettings(ServiceKind." + kind + ", ...))", kind, e);
        }
        if (!type.isInstance(made)) {
            throw configError("ServiceFactory " + name + " made " + (made == null ? "null" : made.getClass().getName())
                    + " instead of a " + type.getSimpleName() + " for kind " + kind + "; fix the factory", kind, null);
        }
        return type.cast(made);
    }

    private List<ServiceFactory<?>> factoriesOf(ServiceKind kind) {
        if (factories == null) {
            factories = new ArrayList<>();
            for (ServiceFactory<?> f : load(ServiceFactory.class, null)) factories.add(f);
        }
        List<ServiceFactory<?>> of = new ArrayList<>();
        for (ServiceFactory<?> f : factories) {
            ServiceKind k;
            try {
                k = f.kind();
            } catch (RuntimeException e) {
                throw configError("ServiceFactory " + f.getClass().getName() + " failed to say its kind: " + e
                        + "; fix the factory", kind, e);
            }
            if (k == kind) of.add(f);
        }
        return of;
    }

    private <T> List<T> registered(ServiceKind kind, Class<T> type) {
        List<T> found = new ArrayList<>();
        load(type, kind).forEach(found::add);
        return found;
    }

    private <T> List<T> load(Class<T> type, ServiceKind kind) {
        List<T> found = new ArrayList<>();
        try {
            ServiceLoader.load(type, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw configError("a META-INF/services registration of " + type.getName() + " cannot be loaded: "
                    + e.getMessage() + "; fix or remove it", kind, e);
        }
        return found;
    }

    private static IntegrationException configError(String message, ServiceKind kind, Throwable cause) {
        IntegrationException.Builder b = IntegrationException.builder(ErrorCode.CONFIG_ERROR, message);
        if (kind != null) b.detail("kind", kind.name());
        if (cause != null) b.cause(cause);
        return b.build();
    }
}
