package dev.zen.plugin.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

/** Writes plugin folders (manifest.yaml + plugin.wasm) for tests. */
final class TestPlugins {
    private TestPlugins() {
    }

    /** Starts a manifest for a plugin. */
    static Manifest manifest(String name) {
        return new Manifest(name);
    }

    /** A manifest under construction; {@link #write(Path, byte[])} writes the folder. */
    static final class Manifest {
        final String name;
        String version = "1.0.0";
        List<String> permissions = new ArrayList<>();
        String memory = "1MiB";
        String timeout = "2s";
        String wasmFile = "plugin.wasm";
        String checksum;
        String extraHosts = "[]";
        String schema = "";
        String extraTopLevel = "";
        PrivateKey signWith;

        Manifest(String name) {
            this.name = name;
        }

        Manifest version(String v) { version = v; return this; }
        Manifest permissions(String... p) { permissions = List.of(p); return this; }
        Manifest memory(String m) { memory = m; return this; }
        Manifest timeout(String t) { timeout = t; return this; }
        Manifest wasmFile(String f) { wasmFile = f; return this; }
        Manifest checksum(String c) { checksum = c; return this; }
        Manifest hosts(String yamlList) { extraHosts = yamlList; return this; }
        Manifest schema(String yaml) { schema = yaml; return this; }
        Manifest extra(String yaml) { extraTopLevel = yaml; return this; }
        Manifest signWith(PrivateKey k) { signWith = k; return this; }

        String yaml(byte[] wasm) {
            String text = "schema_version: 1\n"
                    + "plugin:\n  name: " + name + "\n  version: " + version + "\n  description: test plugin\n"
                    + "capabilities: [get_task]\n"
                    + "runtime:\n  wasm_file: " + wasmFile + "\n  memory_limit: " + memory
                    + "\n  execution_timeout: " + timeout + "\n  cpu_limit: 0.5\n"
                    + "api_requirements:\n  abi_version: 1\n  hosts: " + extraHosts + "\n"
                    + "security:\n  permissions: [" + String.join(", ", permissions) + "]\n"
                    + "  checksum: " + (checksum != null ? checksum : PluginSigner.checksum(wasm)) + "\n"
                    + (schema.isEmpty() ? "" : "configuration_schema:\n" + schema)
                    + extraTopLevel;
            return signWith == null ? text : PluginSigner.signManifest(text, wasm, signWith);
        }

        /** Writes {@code root/<name>/manifest.yaml} and the module; returns the plugin folder. */
        Path write(Path root, byte[] wasm) {
            return writeAs(root.resolve(name), wasm);
        }

        Path writeAs(Path dir, byte[] wasm) {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("manifest.yaml"), yaml(wasm), StandardCharsets.UTF_8);
                if (!wasmFile.contains("..")) Files.write(dir.resolve(wasmFile), wasm);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A registry over one folder only, no classpath. */
    static WasmPluginRegistry.Builder registry(Path root) {
        return WasmPluginRegistry.builder().pluginDirectories(List.of(root)).scanClasspath(false);
    }
}
