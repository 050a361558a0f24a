package dev.zen.plugin.runtime.internal;

import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins: each configured folder in order, then the classpath. The first plugin found under a name wins;
 * later ones with the same name are shadowed: recorded on the winner (for {@link ShadowPolicy}) and logged. A plugin
 * whose manifest cannot be read is kept, under its folder or index name, with the reason.
 */
public final class Discovery {
    /** The classpath index listing the plugins of a jar, one name per line. */
    static final String INDEX = "META-INF/zen-plugins/index";
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    /**
     * Manifests parsed before, by name and exact bytes: a rescan ({@code discover()}) of unchanged folders skips the
     * YAML parse, which is nine tenths of a scan. Parsing is a pure function of these two, so this is only a cache.
     */
    private static final LruCache<ParsedKey, PluginManifest> PARSED = new LruCache<>(1024);

    /** Equality written out: a record's generated one is bootstrapped at first use, a few ms of a cold start. */
    private record ParsedKey(String fallbackName, ByteBuffer manifest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ParsedKey k && k.fallbackName.equals(fallbackName) && k.manifest.equals(manifest);
        }

        @Override
        public int hashCode() {
            return 31 * fallbackName.hashCode() + manifest.hashCode();
        }
    }

    /**
     * A plugin found in one place.
     *
     * @param name          its name
     * @param source        where it is
     * @param manifest      its manifest, or null when unreadable
     * @param manifestBytes the manifest as read, or null
     * @param failure       why it is unusable, or null
     * @param shadowed      the other sources of this name, which this one takes precedence over, in order
     */
    public record Candidate(String name, PluginSource source, PluginManifest manifest, byte[] manifestBytes,
                            String failure, List<PluginSource> shadowed) {
        /** Copies the shadowed sources. */
        public Candidate {
            shadowed = List.copyOf(shadowed);
        }

        /** A plugin that shadows nothing (yet). */
        public Candidate(String name, PluginSource source, PluginManifest manifest, byte[] manifestBytes,
                         String failure) {
            this(name, source, manifest, manifestBytes, failure, List.of());
        }

        /** This candidate, also shadowing {@code other}. */
        Candidate shadowing(PluginSource other) {
            List<PluginSource> all = new ArrayList<>(shadowed);
            all.add(other);
            return new Candidate(name, source, manifest, manifestBytes, failure, all);
        }

        /** The shadowed sources' locations, in order. */
        public List<String> shadowedLocations() {
            return shadowed.stream().map(PluginSource::location).toList();
        }
    }

    private Discovery() {
    }

    /** Scans folders (in precedence order) and then the class loader, if not null. */
    public static Map<String, Candidate> scan(List<Path> folders, ClassLoader classLoader) {
        Map<String, Candidate> found = new LinkedHashMap<>();
        Set<Path> scanned = new HashSet<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            // a folder listed twice (the spec's example config lists the default folders) is scanned once: its
            // plugins would otherwise shadow themselves and need a signature
            if (!scanned.add(identity(folder))) continue;
            List<Path> dirs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, Files::isDirectory)) {
                ds.forEach(dirs::add);
            } catch (IOException e) {
                LOG.warn("could not list plugin folder {}: {}", folder, e.toString());
                continue;
            }
            Collections.sort(dirs);
            for (Path dir : dirs) {
                if (!Files.isRegularFile(dir.resolve("manifest.yaml"))) continue;
                // escaped: a folder name is the label of an unreadable manifest, and may hold line breaks
                add(found, read(ControlChars.escape(dir.getFileName().toString()), new PluginSource.Folder(dir), false));
            }
        }
        if (classLoader != null) scanClasspath(found, classLoader);
        return found;
    }

    private static Path identity(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    private static void scanClasspath(Map<String, Candidate> found, ClassLoader cl) {
        Enumeration<URL> indexes;
        try {
            indexes = cl.getResources(INDEX);
        } catch (IOException e) {
            LOG.warn("could not scan the classpath for {}: {}", INDEX, e.toString());
            return;
        }
        for (URL index : Collections.list(indexes)) {
            String text;
            try {
                text = new String(PluginSource.Classpath.read(index, PluginSource.MAX_MANIFEST_BYTES),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                LOG.warn("could not read plugin index {}: {}", index, e.toString());
                continue;
            }
            for (String line : text.split("\\R")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) continue;
                if (!PLUGIN_NAME.matcher(name).matches()) {
                    add(found, new Candidate(name, new PluginSource.Classpath(index), null, null,
                            "the index " + index + " lists '" + name + "', which is not a valid plugin name"));
                    continue;
                }
                try {
                    URL manifest = new URL(index, name + "/manifest.yaml");
                    add(found, read(name, new PluginSource.Classpath(manifest, cl), true));
                } catch (IOException e) {
                    add(found, new Candidate(name, new PluginSource.Classpath(index), null, null, e.toString()));
                }
            }
        }
    }

    /** Reads one plugin's manifest; never throws. */
    static Candidate read(String fallbackName, PluginSource source, boolean nameMustMatch) {
        byte[] bytes;
        try {
            bytes = source.readManifest();
        } catch (IOException e) {
            return new Candidate(fallbackName, source, null, null, "manifest.yaml could not be read from "
                    + source.location() + ": " + e.getMessage());
        }
        try {
            ParsedKey key = new ParsedKey(fallbackName, ByteBuffer.wrap(bytes.clone()));
            PluginManifest m = PARSED.get(key);
            if (m == null) m = PARSED.putIfAbsent(key, ManifestParser.parse(fallbackName, bytes)); // parsed unlocked
            if (nameMustMatch && !m.plugin().name().equals(fallbackName)) {
                return new Candidate(fallbackName, source, null, bytes, "the index names it '" + fallbackName
                        + "' but its manifest says plugin.name '" + m.plugin().name() + "'");
            }
            return new Candidate(m.plugin().name(), source, m, bytes, null);
        } catch (IntegrationException e) {
            return new Candidate(fallbackName, source, null, bytes, e.getMessage());
        }
    }

    private static void add(Map<String, Candidate> found, Candidate c) {
        Candidate winner = found.get(c.name());
        if (winner == null) {
            found.put(c.name(), c);
        } else {
            found.put(c.name(), winner.shadowing(c.source()));
            LOG.warn("plugin {} at {} shadows the one at {} (earlier folders win, the classpath comes last); it loads "
                    + "only if it is signed by a trusted key or the host allows shadowing {}", c.name(),
                    winner.source().location(), c.source().location(), c.name());
        }
    }
}
