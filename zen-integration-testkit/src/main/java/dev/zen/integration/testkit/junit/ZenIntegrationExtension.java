package dev.zen.integration.testkit.junit;

import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.jira.FakeJira;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JUnit 5 extension behind {@link ZenIntegrationTest}; use the annotation rather than this class. It keeps one
 * environment per test class and one per test in JUnit's {@link ExtensionContext.Store}, which closes them when
 * their scope ends.
 */
public final class ZenIntegrationExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ZenIntegrationExtension.class);
    private static final Set<Class<?>> INJECTABLE =
            Set.of(FakeJira.class, ZenIntegration.class, TaskSyncService.class, TestClock.class);

    /** Created by JUnit. */
    public ZenIntegrationExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Field f : injectableFields(testClass, true)) {
            set(f, null, environment(context, true).get(f.getType()));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : injectableFields(instance.getClass(), false)) {
                set(f, instance, environment(context, false).get(f.getType()));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.contains(parameter.getParameter().getType());
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

    private static Environment environment(ExtensionContext context, boolean classScope) {
        ExtensionContext scope = classScope ? classContext(context) : context;
        ZenIntegrationTest settings = settings(context);
        // stores see their parents' values, so the two scopes need different keys
        String key = classScope ? "class-environment" : "test-environment";
        return scope.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> new Environment(settings), Environment.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) c = c.getParent().get();
        return c;
    }

    private static ZenIntegrationTest settings(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<ZenIntegrationTest> found = AnnotationSupport.findAnnotation(type.get(), ZenIntegrationTest.class);
            if (found.isPresent()) return found.get();
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        throw new ExtensionConfigurationException("ZenIntegrationExtension needs @ZenIntegrationTest on the test class "
                + "or an enclosing class; use the annotation instead of @ExtendWith(ZenIntegrationExtension.class)");
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
