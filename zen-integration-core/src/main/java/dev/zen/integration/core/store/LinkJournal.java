package dev.zen.integration.core.store;

import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.core.internal.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The (external system, external id) index of a {@link YamlSyncRecordStore}, in memory, so that a uniqueness check
 * or a lookup by external id reads no record file instead of every one. Other processes write the same folder, so
 * every write that changes a link (insert, delete, an update that moves the link to another item) first appends the
 * task id to a journal file ({@code .links}); an index catches up by re-reading only the records the journal names
 * after its offset. Updates of a link's state (every sync) change no index entry and are not journalled.
 *
 * <ul>
 *   <li>Every method runs under the store's write lock, so no writer is half-way while an index catches up.</li>
 *   <li>The line is appended before the record is written: a writer that dies in between leaves a line naming a
 *       record that did not change, which costs one re-read. The journal needs no fsync: a machine crash ends every
 *       process, and a new process builds its index from the record files.</li>
 *   <li>The first line is a generation; past {@link #compactAt} bytes a writer starts a new generation (written
 *       atomically), and an index that finds a generation it does not know rebuilds from the record files.</li>
 *   <li>A record file added or edited by hand, or by a library version without the journal, is seen at the next
 *       rebuild (a new process, or a new generation).</li>
 * </ul>
 * Not thread-safe on its own: the store's lock guards it.
 */
final class LinkJournal {
    /** The journal's file name inside the records folder (a dot file: record listings skip it). */
    static final String FILE = ".links";
    private static final String HEADER = "zen-link-journal 1 ";
    private static final int MAX_HEADER = 128;

    private final Path file;
    private final long compactAt;
    private final Supplier<List<TaskSyncRecord>> allRecords;
    private final Function<String, Optional<TaskSyncRecord>> readRecord;
    private final Map<List<String>, String> byExternal = new HashMap<>();
    private final Map<String, List<String>> keyOfTask = new HashMap<>();
    /** The generation the index matches; null until built. */
    private String generation;
    private long offset;
    private boolean endsWithNewline = true;

    /**
     * @param file       the journal
     * @param compactAt  journal size in bytes from which a writer starts a new generation
     * @param allRecords every record on disk, for a rebuild
     * @param readRecord a task's record as the disk holds it now
     */
    LinkJournal(Path file, long compactAt, Supplier<List<TaskSyncRecord>> allRecords,
                Function<String, Optional<TaskSyncRecord>> readRecord) {
        this.file = file;
        this.compactAt = compactAt;
        this.allRecords = allRecords;
        this.readRecord = readRecord;
    }

    /** The task the index links to the item, if any; the caller checks the record still says so. */
    Optional<String> taskOf(String externalSystem, String externalId) {
        catchUp();
        return Optional.ofNullable(byExternal.get(List.of(externalSystem, externalId)));
    }

    /** Journals a coming write that changes the link of {@code taskId}; call {@link #changed} after the write. */
    void changing(String taskId) {
        catchUp();
        if (offset >= compactAt) {
            startGeneration(); // this index is current, so it carries over to the new generation
        }
        byte[] line = ((endsWithNewline ? "" : "\n") + FileNames.encode(taskId) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(ch, line);
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not append to " + file + ": " + e.getMessage()
                    + "; check that the workspace is writable", e);
        }
        offset += line.length;
        endsWithNewline = true;
    }

    /** The write journalled by {@link #changing} is done: {@code now} is the task's record (null: deleted). */
    void changed(String taskId, TaskSyncRecord now) {
        apply(taskId, now);
    }

    private void catchUp() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            String header = header(ch);
            if (generation == null || !generation.equals(header)) {
                rebuild();
                generation = header;
                offset = ch.size();
                endsWithNewline = endsWithNewline(ch);
                return;
            }
            long size = ch.size();
            if (size <= offset) return;
            ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (tail.hasRemaining() && ch.read(tail, offset + tail.position()) >= 0) {
                // read to the end
            }
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            offset += tail.position();
            endsWithNewline = text.endsWith("\n");
            for (String name : text.split("\n")) {
                if (!name.isEmpty()) {
                    String taskId = FileNames.decode(name);
                    apply(taskId, readRecord.apply(taskId).orElse(null));
                }
            }
        } catch (NoSuchFileException e) {
            rebuild(); // a folder without a journal: the first write under this library, or an older one's folder
            startGeneration();
        } catch (IOException e) {
            throw AtomicFiles.storageError("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private void rebuild() {
        byExternal.clear();
        keyOfTask.clear();
        for (TaskSyncRecord r : allRecords.get()) apply(r.taskId(), r);
    }

    private void startGeneration() {
        String header = HEADER + UUID.randomUUID();
        byte[] bytes = (header + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, bytes);
        generation = header;
        offset = bytes.length;
        endsWithNewline = true;
    }

    private void apply(String taskId, TaskSyncRecord now) {
        List<String> old = keyOfTask.remove(taskId);
        if (old != null && taskId.equals(byExternal.get(old))) byExternal.remove(old);
        if (now == null) return;
        List<String> key = List.of(now.externalSystem(), now.externalId());
        byExternal.put(key, taskId);
        keyOfTask.put(taskId, key);
    }

    private static String header(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_HEADER);
        ch.read(b, 0);
        String start = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        int nl = start.indexOf('\n');
        return nl < 0 ? start : start.substring(0, nl);
    }

    private static boolean endsWithNewline(FileChannel ch) throws IOException {
        if (ch.size() == 0) return true;
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, ch.size() - 1);
        return last.get(0) == '\n';
    }

    private static void write(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
    }
}
