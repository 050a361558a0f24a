package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FlatMemory} against Chicory's own {@link ByteArrayMemory}: the same random operations, near and past the
 * memory's bounds, must give the same values, the same traps and the same contents.
 */
class FlatMemoryProperties {
    /** One memory operation; returns what it read (or a marker), and throws what the memory throws. */
    record Op(String name, Function<Memory, Object> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Property(tries = 3000)
    void sameResultsAndTrapsAsChicorysMemory(@ForAll("limits") MemoryLimits limits,
                                             @ForAll("programs") List<Op> program) {
        Memory expected = new ByteArrayMemory(limits);
        Memory actual = new FlatMemory(limits);
        for (Op op : program) {
            Object want = outcome(op, expected);
            Object got = outcome(op, actual);
            assertThat(got).as(op.name()).isEqualTo(want);
        }
        assertThat(actual.pages()).isEqualTo(expected.pages());
        int bytes = expected.pages() * Memory.PAGE_SIZE;
        assertThat(actual.readBytes(0, bytes)).as("contents").isEqualTo(expected.readBytes(0, bytes));
    }

    @Example
    void outOfBoundsAccessTrapsAtEveryWidth() {
        FlatMemory m = new FlatMemory(new MemoryLimits(1, 2));
        int end = Memory.PAGE_SIZE;
        assertThat(m.readLong(end - 8)).isZero();
        assertThatThrownBy(() -> m.readLong(end - 7)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access");
        assertThatThrownBy(() -> m.readInt(-1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.writeShort(end - 1, (short) 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.read(Integer.MIN_VALUE)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.fill((byte) 1, end - 1, end + 1)).isInstanceOf(WasmRuntimeException.class);
        assertThat(m.read(end - 1)).as("a trapping fill writes nothing").isZero();
        // address + length past Integer.MAX_VALUE must trap, not wrap around (Chicory's own check wraps)
        assertThatThrownBy(() -> m.copy(16, 0, Integer.MAX_VALUE)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.readBytes(16, Integer.MAX_VALUE)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.write(16, new byte[4], 0, Integer.MAX_VALUE))
                .isInstanceOf(WasmRuntimeException.class);
    }

    @Example
    void growingDoesNotExposeBytesPastTheOldSize() {
        FlatMemory m = new FlatMemory(new MemoryLimits(1, 8));
        assertThat(m.grow(3)).isEqualTo(1); // capacity now 4 pages
        m.fill((byte) 7, 0, 4 * Memory.PAGE_SIZE);
        assertThat(m.grow(1)).isEqualTo(4); // capacity 8 pages: the 5th page must be zero
        assertThat(m.readBytes(4 * Memory.PAGE_SIZE, Memory.PAGE_SIZE)).containsOnly(0);
        assertThatThrownBy(() -> m.readInt(5 * Memory.PAGE_SIZE)).isInstanceOf(WasmRuntimeException.class);
        assertThat(m.grow(4)).as("past the maximum").isEqualTo(-1);
        assertThat(m.pages()).isEqualTo(5);
    }

    /** The attack: grow one page at a time up to the cap, so a flat memory would copy itself once per page. */
    @Example
    void growingOnePageAtATimeCopiesTheMemoryOnlyLogarithmicallyOften() {
        int max = 512; // 32 MiB, the shipped plugins' memory_limit
        FlatMemory m = new FlatMemory(new MemoryLimits(1, max));
        Set<Integer> capacities = new HashSet<>();
        for (int i = 1; i < max; i++) {
            assertThat(m.grow(1)).isEqualTo(i);
            capacities.add(m.capacityBytes());
        }
        assertThat(m.pages()).isEqualTo(max);
        assertThat(capacities).hasSizeLessThanOrEqualTo(10).contains(max * Memory.PAGE_SIZE);
    }

    @Example
    void aSharedMemoryKeepsChicorysPagedMemory() {
        assertThat(FlatMemory.of(new MemoryLimits(1, 2, true))).isInstanceOf(ByteArrayMemory.class);
        assertThat(FlatMemory.of(new MemoryLimits(1, 2))).isInstanceOf(FlatMemory.class);
    }

    private static Object outcome(Op op, Memory m) {
        try {
            Object r = op.run().apply(m);
            return r instanceof byte[] b ? Arrays.toString(b) : r;
        } catch (WasmRuntimeException e) {
            return "trap";
        }
    }

    @Provide
    Arbitrary<MemoryLimits> limits() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3))
                .as((initial, extra) -> new MemoryLimits(initial, initial + extra));
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        return op().list().ofMaxSize(40);
    }

    private static Arbitrary<Op> op() {
        Arbitrary<Integer> addr = Arbitraries.oneOf(Arbitraries.integers().between(-16, 16),
                Arbitraries.integers().between(Memory.PAGE_SIZE - 16, Memory.PAGE_SIZE + 16),
                Arbitraries.integers().between(3 * Memory.PAGE_SIZE - 16, 3 * Memory.PAGE_SIZE + 16),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 3));
        // no lengths near Integer.MAX_VALUE: ByteArrayMemory's bounds check overflows on them (see the example)
        Arbitrary<Integer> len = Arbitraries.oneOf(Arbitraries.integers().between(-2, 40),
                Arbitraries.of(Memory.PAGE_SIZE, 2 * Memory.PAGE_SIZE + 1));
        Arbitrary<Long> value = Arbitraries.longs();
        List<Arbitrary<Op>> ops = new ArrayList<>();
        ops.add(addr.map(a -> new Op("read " + a, m -> m.read(a))));
        ops.add(addr.map(a -> new Op("readShort " + a, m -> m.readShort(a))));
        ops.add(addr.map(a -> new Op("readU16 " + a, m -> m.readU16(a))));
        ops.add(addr.map(a -> new Op("readInt " + a, m -> m.readInt(a))));
        ops.add(addr.map(a -> new Op("readLong " + a, m -> m.readLong(a))));
        ops.add(addr.map(a -> new Op("readF32 " + a, m -> m.readF32(a))));
        ops.add(addr.map(a -> new Op("readF64 " + a, m -> m.readF64(a))));
        ops.add(Combinators.combine(addr, value).as((a, v) -> new Op("writeByte " + a, m -> {
            m.writeByte(a, v.byteValue());
            return "ok";
        })));
        ops.add(Combinators.combine(addr, value).as((a, v) -> new Op("writeShort " + a, m -> {
            m.writeShort(a, v.shortValue());
            return "ok";
        })));
        ops.add(Combinators.combine(addr, value).as((a, v) -> new Op("writeI32 " + a, m -> {
            m.writeI32(a, v.intValue());
            return "ok";
        })));
        ops.add(Combinators.combine(addr, value).as((a, v) -> new Op("writeLong " + a, m -> {
            m.writeLong(a, v);
            return "ok";
        })));
        ops.add(Combinators.combine(addr, value).as((a, v) -> new Op("writeF32 " + a, m -> {
            m.writeF32(a, Float.intBitsToFloat(v.intValue()));
            return m.readF32(a);
        })));
        ops.add(Combinators.combine(addr, value).as((a, v) -> new Op("writeF64 " + a, m -> {
            m.writeF64(a, Double.longBitsToDouble(v));
            return m.readF64(a);
        })));
        ops.add(Combinators.combine(addr, len, value).as((a, l, v) -> new Op("fill " + a + "+" + l, m -> {
            m.fill(v.byteValue(), a, a + l);
            return "ok";
        })));
        ops.add(Combinators.combine(addr, addr, len).as((d, s, l) -> new Op("copy " + s + "->" + d + "+" + l, m -> {
            m.copy(d, s, l);
            return "ok";
        })));
        ops.add(Combinators.combine(addr, len).as((a, l) -> new Op("readBytes " + a + "+" + l,
                m -> m.readBytes(a, l))));
        ops.add(Combinators.combine(addr, Arbitraries.bytes().array(byte[].class).ofMaxSize(24),
                Arbitraries.integers().between(-1, 8), Arbitraries.integers().between(-1, 24))
                .as((a, data, off, l) -> new Op("write " + a + " " + off + "+" + l, m -> {
                    m.write(a, data, off, l);
                    return "ok";
                })));
        ops.add(Arbitraries.integers().between(-1, 3).map(n -> new Op("grow " + n, m -> m.grow(n))));
        return Arbitraries.oneOf(ops);
    }
}
