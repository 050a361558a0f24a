package dev.zen.plugin.runtime.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where a plugin's manifest and module come from: a folder or the classpath. */
public sealed interface PluginSource {
    /** The largest manifest read. */
    int MAX_MANIFEST_BYTES = 1 << 20;
    /** The largest module read. */
    int MAX_WASM_BYTES = 64 << 20;

    /** A human-readable location: the folder path or the resource URL. */
    String location();

    /** The manifest bytes. */
    byte[] readManifest() throws IOException;

    /** The module bytes; {@code relative} was checked not to escape the plugin folder. */
    byte[] readWasm(String relative) throws IOException;

    /** A plugin folder holding {@code manifest.yaml}. */
    record Folder(Path dir) implements PluginSource {
        @Override
        public String location() {
            // a folder name may hold line breaks: shown escaped, it cannot forge a log line or a message
            return ControlChars.escape(dir.toString());
        }

        @Override
        public byte[] readManifest() throws IOException {
            return BoundedRead.regularFile(dir.resolve("manifest.yaml"), MAX_MANIFEST_BYTES);
        }

        @Override
        public byte[] readWasm(String relative) throws IOException {
            Path base = dir.toRealPath();
            Path file = dir.resolve(relative).normalize();
            if (!file.startsWith(dir.normalize())) throw new IOException(relative + " escapes the plugin folder");
            Path real;
            try {
                real = file.toRealPath();
            } catch (NoSuchFileException e) {
                throw new IOException("runtime.wasm_file " + relative + " does not exist in " + dir);
            }
            if (!real.startsWith(base)) {
                throw new IOException(relative + " resolves outside the plugin folder (through a link)");
            }
            return BoundedRead.regularFile(real, MAX_WASM_BYTES);
        }
    }

    /**
     * A plugin inside a jar (or class folder): {@code META-INF/zen-plugins/<name>/manifest.yaml}.
     *
     * @param manifest the manifest's URL
     * @param loader   the class loader that found it, which loads the plugin's pre-compiled classes; may be null
     */
    record Classpath(URL manifest, ClassLoader loader) implements PluginSource {
        /** A classpath plugin without pre-compiled classes. */
        public Classpath(URL manifest) {
            this(manifest, null);
        }

        @Override
        public String location() {
            return ControlChars.escape(manifest.toString());
        }

        @Override
        public byte[] readManifest() throws IOException {
            return read(manifest, MAX_MANIFEST_BYTES);
        }

        @Override
        public byte[] readWasm(String relative) throws IOException {
            URL url = new URL(manifest, relative);
            try {
                return read(url, MAX_WASM_BYTES);
            } catch (FileNotFoundException | NoSuchFileException e) {
                throw new IOException("runtime.wasm_file " + relative + " does not exist next to " + manifest);
            }
        }

        /** At most {@code cap} bytes; a {@code file:} URL must name a regular file (see {@link BoundedRead}). */
        static byte[] read(URL url, int cap) throws IOException {
            return BoundedRead.url(url, cap);
        }
    }
}
