package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;

/**
 * The tables of one instance: private copies of the module's table declarations, whose growth all together stops
 * at {@link Footprint#maxTableElements()}. A {@code table.grow} past the cap returns -1, as the WebAssembly spec
 * says a grow that cannot be satisfied does; nothing is allocated.
 *
 * <p>Why copies: Chicory's {@code TableInstance.grow} also raises the minimum of the {@link Table} it was created
 * from, which is the parsed module's, shared by every instance; without a copy, a table grown by one instance
 * would make every later instance of the module allocate the grown size. One {@code TableCaps} serves exactly one
 * instantiation (it counts that instance's elements); an instance runs on one thread at a time.
 */
final class TableCaps implements TableFactory {
    private final long cap;
    private long elements;

    /** Tables of one instance holding at most {@code cap} elements together. */
    TableCaps(long cap) {
        this.cap = cap;
    }

    @Override
    public TableInstance create(Table table, int initValue) {
        TableLimits l = table.limits();
        elements += l.min();
        Table own = new Table(table.elementType(), new TableLimits(l.min(), l.max(), l.shared()), table.initialize());
        return new Capped(own, initValue);
    }

    /** A table whose growth is counted against the instance's cap. */
    private final class Capped extends TableInstance {
        Capped(Table table, int initValue) {
            super(table, initValue);
        }

        @Override
        public int grow(int size, int value, Instance instance) {
            if (size < 0 || elements + size > cap) return -1;
            int old = super.grow(size, value, instance);
            if (old >= 0) elements += size;
            return old;
        }
    }
}
