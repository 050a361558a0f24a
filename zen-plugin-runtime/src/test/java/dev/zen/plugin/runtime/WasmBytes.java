package dev.zen.plugin.runtime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Edits module bytes for tests that need constructs the WAT assembler does not write (WasmGC types, a second
 * memory): appends one entry to a section, fixing the section's entry count and size.
 */
final class WasmBytes {
    /** The type section's id. */
    static final int TYPES = 1;
    /** The memory section's id. */
    static final int MEMORIES = 5;

    private WasmBytes() {
    }

    /** {@code module} with {@code entry} appended to the section {@code sectionId}, which must exist. */
    static byte[] appendToSection(byte[] module, int sectionId, byte... entry) {
        int pos = 8;
        while (pos < module.length) {
            int id = module[pos] & 0xFF;
            long[] size = uleb(module, pos + 1);
            int content = pos + 1 + (int) size[1];
            int end = content + (int) size[0];
            if (id == sectionId) {
                long[] count = uleb(module, content);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes(uleb(count[0] + 1));
                body.writeBytes(Arrays.copyOfRange(module, content + (int) count[1], end));
                body.writeBytes(entry);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(module, 0, pos);
                out.write(id);
                out.writeBytes(uleb(body.size()));
                out.writeBytes(body.toByteArray());
                out.write(module, end, module.length - end);
                return out.toByteArray();
            }
            pos = end;
        }
        throw new IllegalArgumentException("the module has no section " + sectionId);
    }

    /** The value and the length of the unsigned LEB128 number at {@code pos}. */
    private static long[] uleb(byte[] b, int pos) {
        long value = 0;
        int shift = 0;
        int i = pos;
        while (true) {
            int x = b[i++] & 0xFF;
            value |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return new long[] {value, i - pos};
            shift += 7;
        }
    }

    private static byte[] uleb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long v = value;
        do {
            int x = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return out.toByteArray();
    }
}
