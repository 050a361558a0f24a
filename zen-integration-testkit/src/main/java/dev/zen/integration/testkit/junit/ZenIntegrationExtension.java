package dev.zen.integration.testkit.junit;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import dev.zen.integration.testkit.jira.FakeJira;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The JUnit 5 extension behind {@link ZenIntegrationTest}, also usable on its own in the style of WireMock's
 * {@code WireMockExtension}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static ZenIntegrationExtension zen = ZenIntegrationExtension.builder()
 *         .jiraTimeZone("Europe/Berlin").clockStart(Instant.parse("2025-09-20T10:30:00Z"))
 *         .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW))
 *         .build();
 *
 * @Test
 * void pullsASummaryChange() {
 *     zen.jira().seed(NewIssue.builder("SYNC", "Export fails").build());
 *     ZenTask task = zen.integration().importItem("jira", "SYNC-1");
 *     ...
 * }
 * }</pre>
 *
 * A <b>static</b> field gets one environment for the whole class (made before all tests, closed after all); an
 * <b>instance</b> field a fresh one for every test (closed after it). The options are those of
 * {@link EnvironmentBuilder} (e.g. {@code .fakes(Fake.JIRA, Fake.GITHUB)} for a service with both providers); reach
 * the parts through {@link #jira()}, {@link #github()}, {@link #integration()}, {@link #clock()} and
 * the other accessors. A registered instance injects nothing: fields and parameters are only filled in by
 * {@link ZenIntegrationTest}, whose extension is an instance made with the public no-argument constructor.
 */
public final class ZenIntegrationExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ZenIntegrationExtension.class);
    private static final Set<Class<?>> INJECTABLE =
            Set.of(FakeJira.class, FakeGitHub.class, ZenIntegration.class, TaskSyncService.class, TestClock.class);

    /** Null for the annotation's extension, which keeps its environments in JUnit's store. */
    private final Settings settings;
    private ZenTestEnvironment environment;
    private boolean perTest;
    private int classDepth; // a static field's environment also serves @Nested classes

    /** Created by JUnit for {@link ZenIntegrationTest}; register {@link #builder()}'s result yourself instead. */
    public ZenIntegrationExtension() {
        this.settings = null;
    }

    private ZenIntegrationExtension(Settings settings) {
        this.settings = settings;
    }

    /** Options for an extension to register with {@code @RegisterExtension}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options of a registered {@link ZenIntegrationExtension}; see {@link EnvironmentBuilder}. */
    public static final class Builder extends EnvironmentBuilder<Builder> {
        Builder() {}

        /** The extension; register it in a static field (one environment per class) or an instance field. */
        public ZenIntegrationExtension build() {
            return new ZenIntegrationExtension(settings());
        }
    }

    // ---- the registered form -----------------------------------------------------------------------------------

    /** The current environment; fails outside the test lifecycle. */
    public synchronized ZenTestEnvironment environment() {
        if (settings == null) {
            throw new IllegalStateException("the extension behind @ZenIntegrationTest injects its parts; use "
                    + "ZenIntegrationExtension.builder() with @RegisterExtension for these accessors");
        }
        if (environment == null) {
            throw new IllegalStateException("no environment outside a test: register this extension with "
                    + "@RegisterExtension and use it from tests or @BeforeEach/@BeforeAll methods");
        }
        return environment;
    }

    /** The fake Jira, started on first use. */
    public FakeJira jira() {
        return environment().jira();
    }

    /** The fake GitHub, started on first use; a provider of the service with {@code fakes(Fake.GITHUB, ...)}. */
    public FakeGitHub github() {
        return environment().github();
    }

    /** The service wired to the fakes (or the in-memory tracker), built on first use. */
    public ZenIntegration integration() {
        return environment().integration();
    }

    /** The shared test clock; needs {@code clockStart}. */
    public TestClock clock() {
        return environment().clock();
    }

    /** The temporary workspace folder, deleted when the environment closes. */
    public Path workspace() {
        return environment().workspace();
    }

    /** The in-memory tracker; needs {@code inMemoryTracker(name)}. */
    public InMemoryTracker tracker() {
        return environment().tracker();
    }

    /** The events the service emitted so far. */
    public RecordingSyncListener events() {
        return environment().events();
    }

    /** The service's task store, kept across restarts. */
    public TaskStore taskStore() {
        return environment().taskStore();
    }

    /** The service's sync-record store, kept across restarts. */
    public SyncRecordStore recordStore() {
        return environment().recordStore();
    }

    /** See {@link ZenTestEnvironment#restart(Consumer)}. */
    public ZenIntegration restart(Consumer<ProviderConfig.Builder> reconfigure) {
        return environment().restart(reconfigure);
    }

    /** See {@link ZenTestEnvironment#task(String)}. */
    public ZenTask task(String taskId) {
        return environment().task(taskId);
    }

    /** See {@link ZenTestEnvironment#record(String)}. */
    public TaskSyncRecord record(String taskId) {
        return environment().record(taskId);
    }

    /** See {@link ZenTestEnvironment#taskField(String, String)}. */
    public String taskField(String taskId, String field) {
        return environment().taskField(taskId, field);
    }

    /** See {@link ZenTestEnvironment#itemField(String, String)}. */
    public String itemField(String key, String field) {
        return environment().itemField(key, field);
    }

    /** See {@link ZenTestEnvironment#linkedPair(String, Map)}. */
    public String linkedPair(String taskId, Map<String, String> fields) {
        return environment().linkedPair(taskId, fields);
    }

    /** See {@link ZenTestEnvironment#editTask(String, String, String)}. */
    public ZenTask editTask(String taskId, String field, String value) {
        return environment().editTask(taskId, field, value);
    }

    /** See {@link ZenTestEnvironment#editItem(String, String, String)}. */
    public void editItem(String key, String field, String value) {
        environment().editItem(key, field, value);
    }

    /** See {@link ZenTestEnvironment#sync(String, SyncDirection)}. */
    public SyncReport sync(String taskId, SyncDirection direction) {
        return environment().sync(taskId, direction);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings != null) {
            openForClass();
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        for (Field f : injectableFields(testClass, true)) {
            set(f, null, environment(context, true).get(f.getType()));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings != null) {
            if (environment == null) open(true); // an instance field: JUnit skipped beforeAll
            return;
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : injectableFields(instance.getClass(), false)) {
                set(f, instance, environment(context, false).get(f.getType()));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (settings != null && perTest) close();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        // the annotation's environments are closed by JUnit's store
        if (settings != null && --classDepth <= 0) close();
    }

    private synchronized void openForClass() {
        if (classDepth++ == 0) environment = new ZenTestEnvironment(settings);
    }

    private synchronized void open(boolean forOneTest) {
        environment = new ZenTestEnvironment(settings);
        perTest = forOneTest;
    }

    private synchronized void close() {
        if (environment == null) return;
        try {
            environment.close();
        } finally {
            environment = null;
        }
    }

    // ---- the annotation's form ---------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return settings == null && INJECTABLE.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        boolean classScope = context.getTestMethod().isEmpty()
                || !injectableFields(context.getRequiredTestClass(), true).stream()
                        .filter(f -> f.getType() == type).toList().isEmpty();
        try {
            return environment(context, classScope).get(type);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static ZenTestEnvironment environment(ExtensionContext context, boolean classScope) {
        ExtensionContext scope = classScope ? classContext(context) : context;
        Settings settings = annotationSettings(context);
        // stores see their parents' values, so the two scopes need different keys
        String key = classScope ? "class-environment" : "test-environment";
        return scope.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> new ZenTestEnvironment(settings),
                ZenTestEnvironment.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) c = c.getParent().get();
        return c;
    }

    private static Settings annotationSettings(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<ZenIntegrationTest> found = AnnotationSupport.findAnnotation(type.get(), ZenIntegrationTest.class);
            if (found.isPresent()) return Settings.of(found.get());
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        throw new ExtensionConfigurationException("ZenIntegrationExtension needs @ZenIntegrationTest on the test class "
                + "or an enclosing class; use the annotation instead of @ExtendWith(ZenIntegrationExtension.class), "
                + "or register ZenIntegrationExtension.builder().build() with @RegisterExtension");
    }

    private static List<Field> injectableFields(Class<?> type, boolean statics) {
        return ReflectionSupport.findFields(type, f -> INJECTABLE.contains(f.getType())
                        && Modifier.isStatic(f.getModifiers()) == statics && !Modifier.isFinal(f.getModifiers()),
                HierarchyTraversalMode.TOP_DOWN);
    }

    private static void set(Field field, Object target, Object value) {
        try {
            field.setAccessible(true);
            field.set(target, value);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException("could not inject " + field + "; make it non-final and "
                    + "accessible", e);
        }
    }
}
