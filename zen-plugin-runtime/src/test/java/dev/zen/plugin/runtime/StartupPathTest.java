package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up path of a fresh JVM, as a CLI host runs it once per command: a child JVM loads, opens and calls a
 * plugin while the JVM logs every class it loads. Building a Jackson {@code ObjectMapper} (and its YAML twin) costs
 * a cold JVM more than everything else before the first call, so nothing before the first call may need one: the
 * manifest, the {@code init} input and result envelopes are streamed. Caffeine's set-up is the next largest, so the
 * runtime's two small caches are plain LRU maps (see docs/benchmarks.md, Cold plugin load).
 */
class StartupPathTest {
    @TempDir
    Path root;

    @Test
    void givenAFreshJvmWhenAPluginIsLoadedOpenedAndCalledThenNoObjectMapperIsBuilt() throws Exception {
        TestPlugins.manifest("lean")
                .schema("  label:\n    type: string\n    required: true\n")
                .write(root, Wat.plugin("", Wat.echo("map_to_zen")));
        Path classLog = root.resolve("classes.log");

        String out = runChild(List.of("-Xlog:class+load=info:file=" + classLog, "-cp", classPath(),
                StartupProbe.class.getName(), root.toString(), "lean"));

        assertThat(out).contains("RESULT {\"n\":[1,2.5,true,null]}");
        String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
        assertThat(loaded).contains("com.fasterxml.jackson.core.JsonFactory ")
                .contains("com.fasterxml.jackson.dataformat.yaml.YAMLFactory ")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ")
                .doesNotContain("com.fasterxml.jackson.dataformat.yaml.YAMLMapper ")
                .doesNotContain("com.github.benmanes.caffeine.cache.Caffeine ");
    }

    /** This JVM's class path and module path (surefire puts a modular project's classes on the latter). */
    private static String classPath() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : modules + File.pathSeparator + classes;
    }

    private String runChild(List<String> args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
        assertThat(p.exitValue()).as("the child JVM's exit status; its output:\n" + out).isZero();
        return out;
    }
}
