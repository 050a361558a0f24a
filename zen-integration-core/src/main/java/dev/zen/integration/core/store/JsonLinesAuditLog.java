package dev.zen.integration.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.core.internal.io.AtomicFiles;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.spi.AuditLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default audit trail: one JSON object per line in {@code <workspace>/.zen/audit/audit.jsonl}, rotated by size
 * into {@code audit.1.jsonl} (newest) ... {@code audit.<keep>.jsonl} (oldest, then dropped). Each line is written
 * with one {@code write} in append mode before {@link #append} returns, so a killed process loses at most the line
 * being written; a torn or foreign line is skipped when reading. Thread-safe within one JVM; several processes may
 * append to the same file (each line is one append), but rotation is meant for one writer.
 */
public final class JsonLinesAuditLog implements AuditLog {
    /** The default size at which the file is rotated: 16 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** The default number of rotated files kept. */
    public static final int DEFAULT_KEEP = 5;

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditLog.class);
    private static final ObjectMapper JSON = Jackson.json();
    private static final String BASE = "audit";

    private final Path dir;
    private final long maxFileBytes;
    private final int keep;
    private boolean tailChecked;

    /** The trail in {@code <workspace>/.zen/audit} with the default rotation. */
    public static JsonLinesAuditLog inWorkspace(Path workspace) {
        return new JsonLinesAuditLog(workspace.resolve(".zen").resolve("audit"), DEFAULT_MAX_FILE_BYTES, DEFAULT_KEEP);
    }

    /**
     * A trail in {@code dir}.
     *
     * @param maxFileBytes the size past which the current file is rotated (at least 1024)
     * @param keep         how many rotated files are kept besides the current one (at least 1)
     */
    public JsonLinesAuditLog(Path dir, long maxFileBytes, int keep) {
        this.dir = Objects.requireNonNull(dir, "dir");
        if (maxFileBytes < 1024) throw new IllegalArgumentException("maxFileBytes must be at least 1024: " + maxFileBytes);
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1: " + keep);
        this.maxFileBytes = maxFileBytes;
        this.keep = keep;
    }

    /** The folder holding the files. */
    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw AtomicFiles.storageError("audit entry could not be encoded: " + e.getOriginalMessage(), e);
        }
        try {
            Files.createDirectories(dir);
            Path current = file(0);
            if (Files.exists(current) && Files.size(current) + line.length > maxFileBytes) rotate();
            if (!tailChecked) endTornLine(current);
            try (OutputStream out = Files.newOutputStream(current, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                out.write(line);
            }
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not append to the audit trail in " + dir + ": " + e.getMessage()
                    + "; check that the folder is writable and the disk is not full", e);
        }
    }

    /** A line cut short by a crash is ended first, so it spoils only itself and not the next entry. */
    private void endTornLine(Path current) throws IOException {
        tailChecked = true;
        if (!Files.exists(current) || Files.size(current) == 0) return;
        try (SeekableByteChannel ch = Files.newByteChannel(current, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            if (last.get(0) == '\n') return;
        }
        Files.write(current, new byte[] {'\n'}, StandardOpenOption.APPEND);
    }

    /** Shifts audit.jsonl to audit.1.jsonl, audit.1 to audit.2, ..., dropping the oldest beyond {@code keep}. */
    private void rotate() throws IOException {
        Files.deleteIfExists(file(keep));
        for (int i = keep - 1; i >= 0; i--) {
            Path from = file(i);
            if (Files.exists(from)) Files.move(from, file(i + 1), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Path file(int generation) {
        return dir.resolve(generation == 0 ? BASE + ".jsonl" : BASE + "." + generation + ".jsonl");
    }

    @Override
    public synchronized List<AuditEntry> query(AuditQuery query) {
        Deque<AuditEntry> newest = new ArrayDeque<>();
        for (int g = keep; g >= 0; g--) {
            read(file(g), query, newest);
        }
        return new ArrayList<>(newest);
    }

    private void read(Path file, AuditQuery query, Deque<AuditEntry> newest) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                AuditEntry e = parse(file, line);
                if (e == null || !query.matches(e)) continue;
                newest.addLast(e);
                if (newest.size() > query.limit()) newest.removeFirst();
            }
        } catch (NoSuchFileException e) {
            // not rotated that far yet
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not read the audit trail file " + file + ": " + e.getMessage(), e);
        }
    }

    private static AuditEntry parse(Path file, String line) {
        if (line.isBlank()) return null;
        try {
            return JSON.readValue(line, AuditEntry.class);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("skipping an unreadable line of {} (a write cut short by a crash?)", file);
            return null;
        }
    }
}
