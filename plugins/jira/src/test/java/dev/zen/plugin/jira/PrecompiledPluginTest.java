package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's pre-compiled classes (chicory-compiler-maven-plugin): used when they were compiled from the module the
 * load verifies, so nothing is compiled at run time (the compiled-code cache stays empty), and otherwise ignored.
 */
class PrecompiledPluginTest {
    private static final String DIR = "META-INF/zen-plugins/jira/";

    @TempDir
    Path tmp;
    private FakeJira jira;

    @BeforeEach
    void start() {
        jira = FakeJira.start();
    }

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void givenTheJarsDescriptorWhenReadThenItNamesTheShippedModuleAndAMachineClass() throws Exception {
        Properties d = descriptor();

        assertThat(d.getProperty("module.sha256")).isEqualTo(sha256(resource(DIR + "jira.wasm")));
        assertThat(Class.forName(d.getProperty("machine.class")).getInterfaces())
                .extracting(Class::getSimpleName).contains("Machine");
        byte[] stripped = resource(d.getProperty("module.meta"));
        assertThat(d.getProperty("module.meta")).startsWith(d.getProperty("machine.class").replace('.', '/')
                .replaceFirst("Machine$", ""));
        assertThat(stripped.length).as("no function bodies").isLessThan(resource(DIR + "jira.wasm").length * 2 / 3);
    }

    @Test
    void givenACopyOfTheJarWithItsStrippedModuleWhenLoadedThenItsClassesAreUsedAndItWorks() throws Exception {
        Path cache = tmp.resolve("cache");
        Properties d = descriptor();
        ClassLoader copy = jarCopy(descriptorText(d.getProperty("module.sha256")) + "module.meta="
                + d.getProperty("module.meta") + "\n", true);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("the copy's classes were used: nothing compiled").isEmpty();
    }

    @Test
    void givenADescriptorNamingAMissingStrippedModuleWhenLoadedThenTheWholeModuleIsParsedAndItWorks() throws Exception {
        Path cache = tmp.resolve("cache");
        ClassLoader copy = jarCopy(descriptorText(descriptor().getProperty("module.sha256"))
                + "module.meta=META-INF/zen-plugins/jira/elsewhere.meta\n", true);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("still the pre-compiled classes: nothing compiled").isEmpty();
    }

    @Test
    void givenAStrippedModuleThatDoesNotParseWhenLoadedThenTheWholeModuleIsParsedAndItWorks() throws Exception {
        Path cache = tmp.resolve("cache");
        byte[] garbage = "not a wasm module".getBytes(StandardCharsets.UTF_8);
        ClassLoader copy = jarCopy(descriptorText(descriptor().getProperty("module.sha256"))
                + "module.meta=garbage.meta\n", true);
        Files.write(jarRoot().resolve("garbage.meta"), garbage);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("still the pre-compiled classes: nothing compiled").isEmpty();
    }

    @Test
    void givenAStrippedModuleThatParsesButIsEmptyWhenLoadedThenItIsWhatTheLoadChecks() throws Exception {
        // shows the stripped module is the one parsed: an empty module (which parses) lacks the ABI's exports
        byte[] empty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        ClassLoader copy = jarCopy(descriptorText(descriptor().getProperty("module.sha256"))
                + "module.meta=empty.meta\n", true);
        Files.write(jarRoot().resolve("empty.meta"), empty);

        assertThatThrownBy(() -> createIssue(WasmPluginRegistry.builder().classLoader(copy).precompiledPlugins(true)))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("does not export its memory");
    }

    @Test
    void givenPrecompiledClassesWhenTheJarsPluginIsOpenedThenNothingIsCompiledAtRunTimeAndItWorks() throws Exception {
        Path cache = tmp.resolve("cache");

        JsonNode created = createIssue(WasmPluginRegistry.builder().compiledCacheDirectory(cache).precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).isEmpty();
    }

    @Test
    void givenPrecompiledClassesTurnedOffWhenOpenedThenTheModuleIsCompiledAtRunTimeAndWorksAlike() throws Exception {
        Path cache = tmp.resolve("cache");

        JsonNode created = createIssue(WasmPluginRegistry.builder().compiledCacheDirectory(cache)
                .precompiledPlugins(false));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).hasSize(1);
    }

    @Test
    void givenACopyOfTheJarWithItsOwnClassesWhenLoadedThenTheyAreUsed() throws Exception {
        Path cache = tmp.resolve("cache");
        ClassLoader copy = jarCopy(descriptorText(descriptor().getProperty("module.sha256")), true);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("the copy's classes were used: nothing compiled").isEmpty();
    }

    @Test
    void givenPrecompiledClassesForAnotherModuleWhenLoadedThenTheyAreNotUsed() throws Exception {
        Path cache = tmp.resolve("cache");
        ClassLoader copy = jarCopy(descriptorText("0".repeat(64)), true);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("compiled at run time instead").hasSize(1);
    }

    @Test
    void givenTheMachineClassResolvesFromAnotherJarWhenLoadedThenItIsNotUsed() throws Exception {
        Path cache = tmp.resolve("cache");
        // the copy names its own module but ships no classes: the loader would define the original jar's ones
        ClassLoader copy = jarCopy(descriptorText(descriptor().getProperty("module.sha256")), false);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("compiled at run time instead").hasSize(1);
    }

    @Test
    void givenADescriptorNamingAClassThatIsNoMachineWhenLoadedThenItIsNotUsed() throws Exception {
        Path cache = tmp.resolve("cache");
        ClassLoader copy = jarCopy("module.sha256=" + descriptor().getProperty("module.sha256")
                + "\nmachine.class=" + String.class.getName() + "\n", true);

        JsonNode created = createIssue(WasmPluginRegistry.builder().classLoader(copy).compiledCacheDirectory(cache)
                .precompiledPlugins(true));

        assertThat(created.path("key").asText()).isNotEmpty();
        assertThat(cacheFiles(cache)).as("compiled at run time instead").hasSize(1);
    }

    private static String descriptorText(String moduleSha256) throws IOException {
        return "module.sha256=" + moduleSha256 + "\nmachine.class=" + descriptor().getProperty("machine.class") + "\n";
    }

    private JsonNode createIssue(WasmPluginRegistry.Builder builder) throws Exception {
        try (WasmPluginRegistry registry = builder.pluginDirectories(List.of())
                .credentialProvider(JiraPlugin.CREDENTIALS).build();
             Plugin plugin = registry.open(PluginConfig.builder("jira")
                     .setting("server_url", jira.baseUrl().toString())
                     .setting("project_key", FakeJira.DEFAULT_PROJECT).credentialsRef("basic").build())) {
            String out = plugin.call(PluginOperation.CREATE_TASK, JiraPlugin.JSON.writeValueAsString(
                    Map.of("fields", Map.of("title", "Precompiled"), "idempotency_key", "zen-task:1")));
            return JiraPlugin.JSON.readTree(out);
        }
    }

    private Path jarRoot() {
        return tmp.resolve("jar");
    }

    /**
     * The plugin's resources copied into a class folder with {@code descriptor}, the original ones hidden; with
     * {@code withClasses} the pre-compiled classes too, which the copy's loader then defines itself.
     */
    private ClassLoader jarCopy(String descriptor, boolean withClasses) throws IOException {
        Path root = jarRoot();
        Files.createDirectories(root.resolve(DIR));
        Files.write(root.resolve("META-INF/zen-plugins/index"), "jira\n".getBytes(StandardCharsets.UTF_8));
        for (String f : List.of("manifest.yaml", "jira.wasm")) Files.write(root.resolve(DIR + f), resource(DIR + f));
        Files.writeString(root.resolve(DIR + "precompiled.properties"), descriptor);
        String machine = descriptor().getProperty("machine.class");
        String pkg = machine.substring(0, machine.lastIndexOf('.') + 1);
        if (withClasses) {
            Path from = Path.of(getClass().getClassLoader().getResource(machine.replace('.', '/') + ".class")
                    .getPath()).getParent();
            Path to = Files.createDirectories(root.resolve(pkg.replace('.', '/')));
            try (Stream<Path> s = Files.list(from)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".class") || p.toString().endsWith(".meta"))
                        .toList()) {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                }
            }
        }
        ClassLoader hiding = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (withClasses && name.startsWith(pkg)) throw new ClassNotFoundException(name);
                return super.loadClass(name, resolve);
            }

            @Override
            public URL getResource(String name) {
                return hidden(name) ? null : super.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
            }

            private boolean hidden(String name) {
                return name.startsWith("META-INF/zen-plugins/") || withClasses && name.startsWith(pkg.replace('.', '/'));
            }
        };
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, hiding);
    }

    private static List<Path> cacheFiles(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) return List.of();
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".chicory")).toList();
        }
    }

    private static Properties descriptor() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PrecompiledPluginTest.class.getClassLoader()
                .getResourceAsStream(DIR + "precompiled.properties")) {
            assertThat(in).as("the jar's precompiled.properties").isNotNull();
            p.load(in);
        }
        return p;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PrecompiledPluginTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("classpath resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
