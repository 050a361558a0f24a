package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

/** Moves bytes across the ABI boundary: packed pointers, bounds checks and the guest's allocator. */
final class GuestMemory {
    private static final long PAGE = 65_536L;

    private GuestMemory() {
    }

    /** Packs a buffer as {@code (ptr << 32) | len}. */
    static long pack(int ptr, int len) {
        return ((ptr & 0xFFFF_FFFFL) << 32) | (len & 0xFFFF_FFFFL);
    }

    /** Reads a guest buffer after checking it lies inside memory and within {@code cap} bytes. */
    static byte[] read(Instance instance, long ptr, long len, long cap, String what) {
        if (len > cap) {
            throw new GuestFault("output_too_large", what + " is " + len + " bytes, more than the cap of " + cap
                    + " bytes");
        }
        Memory memory = instance.memory();
        long size = memory.pages() * PAGE;
        if (ptr < 0 || len < 0 || ptr + len > size) {
            throw new GuestFault("abi_violation", what + " (ptr " + ptr + ", len " + len
                    + ") lies outside the plugin's memory of " + size + " bytes");
        }
        return memory.readBytes((int) ptr, (int) len);
    }

    /** Reads the buffer a packed pointer names. */
    static byte[] readPacked(Instance instance, long packed, long cap, String what) {
        return read(instance, packed >>> 32, packed & 0xFFFF_FFFFL, cap, what);
    }

    /** Copies bytes into a fresh guest buffer from {@code zen_alloc}; returns the packed pointer. */
    static long writeNew(Instance instance, byte[] bytes) {
        int ptr = alloc(instance, bytes.length);
        instance.memory().write(ptr, bytes);
        return pack(ptr, bytes.length);
    }

    /** Calls the guest's {@code zen_alloc}. */
    static int alloc(Instance instance, int size) {
        long ptr = instance.export("zen_alloc").apply(size)[0] & 0xFFFF_FFFFL;
        if (ptr == 0 && size > 0) {
            throw new GuestFault("out_of_memory", "zen_alloc returned 0 for " + size
                    + " bytes; the plugin ran out of memory (see runtime.memory_limit)");
        }
        long end = ptr + size;
        if (end > instance.memory().pages() * PAGE) {
            throw new GuestFault("abi_violation", "zen_alloc returned a buffer outside the plugin's memory");
        }
        return (int) ptr;
    }

    /** Calls the guest's {@code zen_free}. */
    static void free(Instance instance, long ptr, long len) {
        if (ptr != 0) instance.export("zen_free").apply(ptr, len);
    }
}
