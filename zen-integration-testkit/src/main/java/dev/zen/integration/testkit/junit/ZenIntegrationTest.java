package dev.zen.integration.testkit.junit;

import dev.zen.integration.testkit.plugins.FakePlugin;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class with a {@link dev.zen.integration.testkit.jira.FakeJira}, a
 * {@link dev.zen.integration.testkit.github.FakeGitHub} or both, and, on request, a ready
 * {@link dev.zen.integration.TaskSyncService} wired to them ({@link #fakes()}), in the style of Testcontainers'
 * {@code @Testcontainers}.
 *
 * <p>Fields and parameters of these types are filled in:
 * <ul>
 *   <li>{@code FakeJira}: a started fake (project SYNC, the default user, see {@code FakeJira});</li>
 *   <li>{@code FakeGitHub}: a started fake (repository zen-sync/tasks, the default token, see {@code FakeGitHub});</li>
 *   <li>{@code ZenIntegration} or {@code TaskSyncService}: a service over in-memory stores and a temporary
 *       workspace, with provider {@link #provider()} using plugin {@link #plugin()}, {@code server_url} = the fake's
 *       base URL, {@code project_key} SYNC and a credential for the fake's default user; with
 *       {@code fakes = Fake.GITHUB} (alone: instead; with JIRA: as well) provider {@link #githubProvider()} on the
 *       fake GitHub's base URL, {@code repository} zen-sync/tasks and the fake's default token;</li>
 *   <li>{@code TestClock}: the clock the fake and the service share, when {@link #clockStart()} is set.</li>
 * </ul>
 * A <b>static</b> field (or a parameter of a {@code @BeforeAll} method) gets one instance for the whole class; an
 * <b>instance</b> field gets a fresh one for every test. A test-method parameter gets the class-wide one if the
 * class declares a static field of that type, otherwise the per-test one. Everything is closed (and the workspace
 * deleted) when its scope ends.
 *
 * <pre>{@code
 * @ZenIntegrationTest
 * class JiraSyncTest {
 *     FakeJira jira;          // fresh per test
 *     ZenIntegration zen;     // wired to jira; needs the jira plugin (zen-plugin-jira) on the test classpath
 *
 *     @Test
 *     void pullsASummaryChange() {
 *         jira.seed(NewIssue.builder("SYNC", "Export fails").build());
 *         ...
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ZenIntegrationExtension.class)
public @interface ZenIntegrationTest {
    /** The fake Jira default user's profile time zone (an IANA id); timestamps it reads carry this offset. */
    String jiraTimeZone() default "UTC";

    /** Use {@code Workflow.simplified()} (every status reachable from every status) instead of the standard one. */
    boolean simplifiedWorkflow() default false;

    /**
     * An ISO-8601 instant such as {@code 2025-09-20T10:30:00Z}: the fake and the service then run on a
     * {@code TestClock} standing at it (inject the {@code TestClock} to move it). Empty: the system clock.
     */
    String clockStart() default "";

    /** The provider name of the injected service's Jira provider (or its in-memory tracker's). */
    String provider() default "jira";

    /** The plugin the injected service's Jira provider uses. */
    String plugin() default "jira";

    /**
     * The fakes the injected service syncs with, one provider each: {@link Fake#JIRA} (default), {@link Fake#GITHUB}
     * or both. A {@code FakeJira} or {@code FakeGitHub} field or parameter starts its fake whether listed or not.
     */
    Fake[] fakes() default {Fake.JIRA};

    /** The provider name of the service's GitHub provider, with {@link Fake#GITHUB}. */
    String githubProvider() default "github";

    /** The plugin the service's GitHub provider uses; needs zen-plugin-github on the test classpath by default. */
    String githubPlugin() default "github";

    /** Fake WebAssembly plugins to install into the service's workspace plugin folder ({@code .zen/plugins}). */
    FakePlugin[] installPlugins() default {};
}
