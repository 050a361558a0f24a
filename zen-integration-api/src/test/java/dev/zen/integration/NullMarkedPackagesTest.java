package dev.zen.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.spi.TaskStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** Nullness is declared, not described: every package of the API is {@code @NullMarked}. */
class NullMarkedPackagesTest {

    /** One class of each API package. A new package must be added here; the second test insists on it. */
    private static final List<Class<?>> ONE_CLASS_PER_PACKAGE = List.of(ZenTask.class, Plugin.class, TaskStore.class);

    @Test
    void everyApiPackageIsNullMarked() {
        for (Class<?> c : ONE_CLASS_PER_PACKAGE) {
            assertThat(c.getPackage().isAnnotationPresent(NullMarked.class))
                    .as("package %s is @NullMarked in its package-info.java", c.getPackageName())
                    .isTrue();
        }
    }

    @Test
    void theListHasAClassOfEveryPackageInTheApi() throws Exception {
        Set<String> listed = ONE_CLASS_PER_PACKAGE.stream().map(Class::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).as("packages of the API's compiled classes (add a class of each new package to the list)")
                .isEqualTo(packagesOfMainClasses());
    }

    /** The packages of every class next to {@link ZenTask} in the API's output (target/classes or the jar). */
    private static Set<String> packagesOfMainClasses() throws IOException, URISyntaxException {
        URI location = ZenTask.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        Path root = Path.of(location);
        if (Files.isDirectory(root)) {
            return packagesUnder(root);
        }
        try (FileSystem jar = FileSystems.newFileSystem(root, Map.<String, Object>of())) {
            return packagesUnder(jar.getPath("/"));
        }
    }

    private static Set<String> packagesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(root::relativize)
                    .filter(f -> f.getParent() != null && !f.startsWith("META-INF"))
                    .map(f -> f.getParent().toString().replace(f.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
