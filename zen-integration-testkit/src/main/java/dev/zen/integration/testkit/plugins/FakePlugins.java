package dev.zen.integration.testkit.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lays the shipped {@link FakePlugin}s out as plugin folders ({@code <dir>/<plugin name>/manifest.yaml} and the
 * {@code .wasm}), ready for a plugin registry that scans {@code dir}.
 *
 * <pre>{@code
 * Path plugins = tempDir.resolve("plugins");
 * FakePlugins.install(plugins, FakePlugin.INFINITE_LOOP);
 * try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of(plugins))
 *         .scanClasspath(false).build()) {
 *     Plugin p = registry.open(PluginConfig.builder(FakePlugin.INFINITE_LOOP.pluginName()).build());
 *     // p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}") fails with PLUGIN_EXECUTION_FAILED (timeout)
 * }
 * }</pre>
 *
 * <p>The manifests carry the correct {@code sha256} checksum of their module and no signature.
 */
public final class FakePlugins {
    private FakePlugins() {}

    /**
     * Writes one plugin folder under {@code pluginDirectory} (created if needed) and returns it. Files are written
     * to a temporary name first and moved into place, so a scanner never sees half a plugin.
     */
    public static Path install(Path pluginDirectory, FakePlugin plugin) {
        Objects.requireNonNull(pluginDirectory, "pluginDirectory");
        Objects.requireNonNull(plugin, "plugin");
        Path folder = pluginDirectory.resolve(plugin.pluginName());
        try {
            Files.createDirectories(folder);
            write(folder.resolve(plugin.folder() + ".wasm"), wasm(plugin));
            write(folder.resolve("manifest.yaml"), manifest(plugin).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not install fake plugin " + plugin.pluginName() + " into "
                    + folder + "; check that the directory is writable", e);
        }
        return folder;
    }

    /** Installs several plugins and returns their folders. */
    public static List<Path> install(Path pluginDirectory, FakePlugin first, FakePlugin... more) {
        List<Path> out = new ArrayList<>();
        out.add(install(pluginDirectory, first));
        for (FakePlugin p : more) out.add(install(pluginDirectory, p));
        return out;
    }

    /** The compiled module. */
    public static byte[] wasm(FakePlugin plugin) {
        return read(plugin.resource(plugin.folder() + ".wasm"));
    }

    /** The manifest text. */
    public static String manifest(FakePlugin plugin) {
        return new String(read(plugin.resource("manifest.yaml")), StandardCharsets.UTF_8);
    }

    /** The WAT source the module was compiled from. */
    public static String source(FakePlugin plugin) {
        return new String(read(plugin.resource(plugin.folder() + ".wat")), StandardCharsets.UTF_8);
    }

    private static byte[] read(String resource) {
        try (InputStream in = FakePlugins.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("testkit resource " + resource + " is missing");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read testkit resource " + resource, e);
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".install-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
