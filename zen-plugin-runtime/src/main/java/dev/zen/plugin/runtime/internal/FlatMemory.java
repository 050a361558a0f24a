package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A plugin instance's linear memory in one {@code byte[]}, for memories that are not shared: about a tenth less
 * CPU per guest call than Chicory's {@code ByteArrayMemory} (docs/benchmarks.md).
 *
 * <p>Chicory 1.7 keeps memory in 64 KiB pages ({@code byte[][]}) so that a shared memory can grow while other threads
 * read it; every load and store then finds its page and checks the page boundary. An instance of a plugin runs on one
 * thread at a time and its memory is never shared, so one array does: an access is a check against the memory's size
 * and a {@link VarHandle} access. The array's capacity grows by doubling, up to the memory's maximum, so a module that
 * grows its memory a page at a time copies it about log2(pages) times, not once per page. While it grows, the instance briefly
 * holds the old array and the new one. Out-of-bounds accesses trap with the same {@link WasmRuntimeException} as in
 * {@code ByteArrayMemory}; shared memories (atomics, wait and notify across threads) keep Chicory's class.
 */
final class FlatMemory implements Memory {
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryLimits limits;
    private byte[] bytes;
    /** The memory's size in bytes: {@code pages() * PAGE_SIZE}, at most {@code bytes.length}. */
    private int size;
    private DataSegment[] dataSegments = new DataSegment[0];

    /** A memory of {@code limits.initialPages()} zeroed pages; {@code limits} must not be shared. */
    FlatMemory(MemoryLimits limits) {
        if (limits.shared()) throw new IllegalArgumentException("FlatMemory is for memories that are not shared");
        this.limits = limits;
        this.bytes = new byte[Math.multiplyExact(limits.initialPages(), PAGE_SIZE)];
        this.size = bytes.length;
    }

    /** A memory for {@code limits}: this class unless the memory is shared, then Chicory's paged memory. */
    static Memory of(MemoryLimits limits) {
        return limits.shared() ? new ByteArrayMemory(limits) : new FlatMemory(limits);
    }

    @Override
    public int pages() {
        return size / PAGE_SIZE;
    }

    @Override
    public int grow(int delta) {
        int before = pages();
        long after = (long) before + delta;
        if (delta < 0 || after > maximumPages()) return -1;
        int newSize = (int) (after * PAGE_SIZE); // at most RUNTIME_MAX_PAGES pages: below 2 GiB
        if (newSize > bytes.length) { // the bytes past the old size are zero: nothing writes beyond `size`
            long capacity = Math.min(Math.max(newSize, 2L * bytes.length), (long) maximumPages() * PAGE_SIZE);
            bytes = Arrays.copyOf(bytes, (int) capacity);
        }
        size = newSize;
        return before;
    }

    /** The array's length (for tests): at least the memory's size. */
    int capacityBytes() {
        return bytes.length;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this; // not shared: only the instance's own thread uses it (the interface's atomics synchronize on it)
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("expected shared memory"); // memory.atomic.wait32 on unshared memory traps
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("expected shared memory");
    }

    @Override
    public int notify(int address, int maxThreads) {
        readInt(address); // bounds-checked as the spec asks; nobody can wait on an unshared memory
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        if (segments == null) return;
        this.dataSegments = segments;
        for (DataSegment s : segments) {
            if (s instanceof ActiveDataSegment) {
                ActiveDataSegment segment = (ActiveDataSegment) s;
                if (segment.index() != memoryIndex) continue;
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, segment.offsetInstructions())[0];
                byte[] data = segment.data();
                if (!fits(offset, data.length, size)) {
                    throw new UninstantiableException(outOfBounds(offset, data.length));
                }
                System.arraycopy(data, 0, bytes, offset, data.length);
            } else if (!(s instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + s);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        if (!fits(offset, length, data.length) || !fits(addr, length, size)) {
            throw trap(addr, length);
        }
        System.arraycopy(data, offset, bytes, addr, length);
    }

    @Override
    public byte read(int addr) {
        if (addr < 0 || addr > size - 1) throw trap(addr, 1);
        return bytes[addr];
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        if (!fits(addr, len, size)) throw trap(addr, len);
        return Arrays.copyOfRange(bytes, addr, addr + len);
    }

    @Override
    public void writeByte(int addr, byte data) {
        if (addr < 0 || addr > size - 1) throw trap(addr, 1);
        bytes[addr] = data;
    }

    @Override
    public void writeShort(int addr, short data) {
        if (addr < 0 || addr > size - 2) throw trap(addr, 2);
        SHORTS.set(bytes, addr, data);
    }

    @Override
    public short readShort(int addr) {
        if (addr < 0 || addr > size - 2) throw trap(addr, 2);
        return (short) SHORTS.get(bytes, addr);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFF;
    }

    @Override
    public void writeI32(int addr, int data) {
        if (addr < 0 || addr > size - 4) throw trap(addr, 4);
        INTS.set(bytes, addr, data);
    }

    @Override
    public int readInt(int addr) {
        if (addr < 0 || addr > size - 4) throw trap(addr, 4);
        return (int) INTS.get(bytes, addr);
    }

    @Override
    public void writeLong(int addr, long data) {
        if (addr < 0 || addr > size - 8) throw trap(addr, 8);
        LONGS.set(bytes, addr, data);
    }

    @Override
    public long readLong(int addr) {
        if (addr < 0 || addr > size - 8) throw trap(addr, 8);
        return (long) LONGS.get(bytes, addr);
    }

    @Override
    public void writeF32(int addr, float data) {
        if (addr < 0 || addr > size - 4) throw trap(addr, 4);
        FLOATS.set(bytes, addr, data);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr); // the raw bits, as ByteArrayMemory returns them
    }

    @Override
    public float readFloat(int addr) {
        if (addr < 0 || addr > size - 4) throw trap(addr, 4);
        return (float) FLOATS.get(bytes, addr);
    }

    @Override
    public void writeF64(int addr, double data) {
        if (addr < 0 || addr > size - 8) throw trap(addr, 8);
        DOUBLES.set(bytes, addr, data);
    }

    @Override
    public double readDouble(int addr) {
        if (addr < 0 || addr > size - 8) throw trap(addr, 8);
        return (double) DOUBLES.get(bytes, addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int length = toIndex - fromIndex;
        if (!fits(fromIndex, length, size)) throw trap(fromIndex, length);
        Arrays.fill(bytes, fromIndex, toIndex, value);
    }

    @Override
    public void copy(int dest, int src, int length) {
        if (!fits(dest, length, size) || !fits(src, length, size)) {
            throw trap(Math.max(dest, src), length);
        }
        System.arraycopy(bytes, src, bytes, dest, length); // memmove semantics, as memory.copy requires
    }

    /** Whether {@code [addr, addr + length)} lies within {@code [0, limit)}, without int overflow. */
    private static boolean fits(int addr, int length, int limit) {
        return addr >= 0 && length >= 0 && (long) addr + length <= limit;
    }

    private WasmRuntimeException trap(int addr, int length) {
        return new WasmRuntimeException(outOfBounds(addr, length));
    }

    private String outOfBounds(int addr, int length) {
        return "out of bounds memory access: attempted to access address: " + addr + " but limit is: " + size
                + " and size: " + length;
    }
}
