package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * A plugin folder that takes the place of the shipped plugin of the same name (issue 14, item 2) and an older
 * release that takes the place of a newer one (rollback). The "shipped" plugin here is a jar on the class path,
 * signed by the publisher key the host trusts; the attacker's copy would send the user's credential anywhere.
 */
class PluginShadowingAttacksTest {
    static final KeyPair PUBLISHER = PluginSigner.generateKeyPair();
    static final KeyPair ATTACKER = PluginSigner.generateKeyPair();
    static final String PUBLISHER_KEY = PluginSigner.encodePublicKey(PUBLISHER.getPublic());
    static final String SECRET = "s3cr3t-jira-token-0815";
    /** create_task sends its input as an authenticated request: what a credential thief does. */
    static final String THIEF = """
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $http_auth (local.get $p) (local.get $l))))
            """;
    static final String AUTH_IMPORT = "(import \"zen\" \"http_request_auth\" (func $http_auth (param i32 i32) "
            + "(result i64)))";

    @TempDir Path tmp;
    Path workspace;
    Path user;
    FakeServer server;
    URLClassLoader classpath;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        workspace = tmp.resolve("workspace");
        user = tmp.resolve("user");
        server = new FakeServer();
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (registry != null) registry.close();
        if (classpath != null) classpath.close();
        server.close();
    }

    private static TestPlugins.Manifest jira(String version) {
        return TestPlugins.manifest("jira").version(version).permissions("http_auth")
                .schema("  server_url: {type: string, required: true}\n");
    }

    private static byte[] module() {
        return Wat.plugin(AUTH_IMPORT, THIEF);
    }

    /** A jar holding the "shipped" jira plugin, signed by the publisher, as zen-plugin-jira ships it. */
    private ClassLoader shipped(String version) throws IOException {
        Path jar = tmp.resolve("zen-plugin-jira-" + version + ".jar");
        byte[] wasm = module();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("META-INF/zen-plugins/index"));
            j.write("jira\n".getBytes(StandardCharsets.UTF_8));
            j.putNextEntry(new JarEntry("META-INF/zen-plugins/jira/manifest.yaml"));
            j.write(jira(version).signWith(PUBLISHER.getPrivate()).yaml(wasm).getBytes(StandardCharsets.UTF_8));
            j.putNextEntry(new JarEntry("META-INF/zen-plugins/jira/plugin.wasm"));
            j.write(wasm);
        }
        classpath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        return classpath;
    }

    private String shippedLocation() {
        return classpath.getResource("META-INF/zen-plugins/jira/manifest.yaml").toString();
    }

    private WasmPluginRegistry.Builder host(ClassLoader cl) {
        CredentialProvider credentials = ref -> ref.equals("jira-bot")
                ? Optional.of(Credential.basic("bot@acme.test", SECRET)) : Optional.empty();
        return WasmPluginRegistry.builder().pluginDirectories(List.of(workspace, user)).classLoader(cl)
                .credentialProvider(credentials).trustedKeys(List.of(PUBLISHER_KEY));
    }

    /** What the engine does with the provider: open the plugin by name and call it with the user's credential. */
    private void openAndCreate() {
        Plugin p = registry.open(PluginConfig.builder("jira").setting("server_url", server.url())
                .credentialsRef("jira-bot").build());
        p.call(PluginOperation.CREATE_TASK, "{\"method\":\"GET\",\"url\":\"" + server.url() + "/echo/stolen\","
                + "\"headers\":{},\"body\":\"\",\"timeout_ms\":5000}");
    }

    private IntegrationException refused() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class, this::openAndCreate);
        assertThat(e).as("the shadowing plugin must not load").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        return e;
    }

    @Test
    void givenAnUnsignedWorkspaceFolderShadowingTheShippedPluginWhenOpenedThenLoadingFailsNamingBothSources()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0").write(workspace, module());
        registry = host(cl).build();

        IntegrationException e = refused();

        assertThat(e.getMessage()).contains(workspace.resolve("jira").toString(), shippedLocation(),
                "signed by a trusted key", "allowShadowing(\"jira\")", "remove " + workspace.resolve("jira"));
        assertThat(server.authorizations).as("no request reached the server").isEmpty();
        PluginDescriptor d = registry.find("jira").orElseThrow();
        assertThat(d.state()).isEqualTo(PluginDescriptor.State.FAILED);
        assertThat(d.source()).as("no fallback to the shadowed plugin").isEqualTo(workspace.resolve("jira").toString());
        assertThat(d.shadowed()).containsExactly(shippedLocation());
    }

    @Test
    void givenAnUnsignedWorkspaceFolderShadowingTheShippedPluginWhenDiscoveredThenAWarningNamesBothSources()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0").write(workspace, module());

        registry = host(cl).build();

        assertThat(LogCapture.events()).anySatisfy(ev -> {
            assertThat(ev.level()).isEqualTo(Level.WARN);
            assertThat(ev.message()).contains("shadows", workspace.resolve("jira").toString(), shippedLocation());
        });
    }

    @Test
    void givenAnUnsignedPluginInTheUserFolderShadowingTheShippedPluginWhenOpenedThenLoadingFailsNamingBothSources()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0").write(user, module());
        registry = host(cl).build();

        IntegrationException e = refused();

        assertThat(e.getMessage()).contains(user.resolve("jira").toString(), shippedLocation());
        assertThat(server.authorizations).isEmpty();
    }

    @Test
    void givenUnsignedCopiesInBothFoldersWhenOpenedThenTheWorkspaceCopyFailsNamingEveryShadowedSource()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0").write(workspace, module());
        jira("1.0.0").write(user, module());
        registry = host(cl).build();

        IntegrationException e = refused();

        assertThat(e.getMessage()).contains(workspace.resolve("jira").toString(), user.resolve("jira").toString(),
                shippedLocation());
        assertThat(registry.find("jira").orElseThrow().shadowed())
                .containsExactly(user.resolve("jira").toString(), shippedLocation());
    }

    @Test
    void givenAShadowSignedByTheAttackersOwnKeyWhenOpenedThenItIsRefusedAsNotVerifying() throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0").signWith(ATTACKER.getPrivate()).write(workspace, module());
        // the host configured no keys of its own: before, a signature nobody could check was waved through
        registry = host(cl).trustedKeys(List.of()).build();

        IntegrationException e = refused();

        assertThat(e.getMessage()).contains("does not verify with any trusted key");
        assertThat(server.authorizations).isEmpty();
    }

    @Test
    void givenAShadowSignedByATrustedKeyWhenLoadedThenItLoadsAndTheDescriptorNamesWhatItShadows()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.1.0").signWith(PUBLISHER.getPrivate()).write(workspace, module());
        registry = host(cl).build();

        PluginDescriptor d = registry.load("jira");

        assertThat(d.state()).isEqualTo(PluginDescriptor.State.LOADED);
        assertThat(d.source()).isEqualTo(workspace.resolve("jira").toString());
        assertThat(d.manifest().plugin().version()).isEqualTo("1.1.0");
        assertThat(d.shadowed()).containsExactly(shippedLocation());
        assertThat(LogCapture.events()).anySatisfy(ev -> {
            assertThat(ev.level()).isEqualTo(Level.INFO);
            assertThat(ev.message()).contains("loaded plugin jira 1.1.0 from " + workspace.resolve("jira"),
                    "(signed)", "shadowing " + shippedLocation());
        });
    }

    @Test
    void givenTheHostAllowsShadowingWhenAnUnsignedFolderShadowsTheShippedPluginThenItLoadsWithAWarning()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0-dev").write(workspace, module());
        registry = host(cl).allowShadowing("jira").build();

        openAndCreate();

        assertThat(registry.find("jira").orElseThrow().source()).isEqualTo(workspace.resolve("jira").toString());
        assertThat(LogCapture.events()).anySatisfy(ev -> {
            assertThat(ev.level()).isEqualTo(Level.WARN);
            assertThat(ev.message()).contains("unsigned", workspace.resolve("jira").toString(), shippedLocation(),
                    "allows shadowing");
        });
    }

    @Test
    void givenShadowingAllowedForAnotherNameWhenAnUnsignedFolderShadowsJiraThenItIsStillRefused()
            throws IOException {
        ClassLoader cl = shipped("1.0.0");
        jira("1.0.0").write(workspace, module());
        registry = host(cl).allowShadowing("github").build();

        refused();

        assertThat(server.authorizations).isEmpty();
    }

    @Test
    void givenTheShippedPluginAloneWhenOpenedThenItLoadsAndShadowsNothing() throws IOException {
        registry = host(shipped("1.0.0")).build();

        openAndCreate();

        assertThat(registry.find("jira").orElseThrow().shadowed()).isEmpty();
        assertThat(server.authorizations).hasSize(1);
    }

    @Test
    void givenAnUnsignedPluginLoadedAloneWhenACopyAppearsBelowItAndTheRegistryRescansThenItMustBeSignedAgain() {
        jira("1.0.0").write(workspace, module());
        registry = host(getClass().getClassLoader()).scanClasspath(false).build();
        registry.load("jira");

        jira("1.0.0").write(user, module());
        registry.discover();

        assertThatThrownBy(() -> registry.load("jira")).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.getMessage()).contains(workspace.resolve("jira").toString(),
                        user.resolve("jira").toString()));
    }

    @Test
    void givenAnOlderSignedReleaseInAHigherPrecedenceFolderWhenAMinimumVersionIsPinnedThenItIsRefused()
            throws IOException {
        ClassLoader cl = shipped("1.2.0");
        jira("1.0.0").signWith(PUBLISHER.getPrivate()).write(workspace, module());
        registry = host(cl).minimumVersion("jira", "1.2.0").build();

        IntegrationException e = refused();

        assertThat(e.getMessage()).contains(workspace.resolve("jira").toString(), "version 1.0.0", "1.2.0",
                "minimumVersion");
        assertThat(server.authorizations).isEmpty();
        assertThat(registry.find("jira").orElseThrow().source()).isEqualTo(workspace.resolve("jira").toString());
    }

    @Test
    void givenAPreReleaseOfThePinnedVersionWhenLoadedThenItIsRefusedAndTheReleaseItselfLoads() throws IOException {
        jira("1.2.0-rc.1").signWith(PUBLISHER.getPrivate()).write(workspace, module());
        registry = host(shipped("1.2.0")).minimumVersion("jira", "1.2.0").build();

        assertThatThrownBy(() -> registry.load("jira")).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.getMessage()).contains("version 1.2.0-rc.1"));

        jira("1.2.0").signWith(PUBLISHER.getPrivate()).write(workspace, module());
        assertThat(registry.reload("jira").state()).isEqualTo(PluginDescriptor.State.LOADED);
    }

    @Test
    void givenAMinimumVersionThatIsNotASemanticVersionWhenTheRegistryIsConfiguredThenItSaysSo() {
        assertThatThrownBy(() -> WasmPluginRegistry.builder().minimumVersion("jira", "latest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jira", "latest", "1.4.0");
    }
}
