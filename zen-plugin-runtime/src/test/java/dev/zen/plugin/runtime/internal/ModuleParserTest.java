package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModuleParserTest {
    private static final byte[] MODULE = Wat2Wasm.parse("(module\n"
            + "(type $t (func (param i32) (result i32)))\n"
            + "(import \"zen\" \"log\" (func $log (param i32 i32)))\n"
            + "(memory (export \"memory\") 2 4)\n"
            + "(global $g (mut i32) (i32.const 7))\n"
            + "(table 2 funcref) (elem (i32.const 0) $inc)\n"
            + "(data (i32.const 16) \"hello\")\n"
            + "(func $inc (export \"inc\") (type $t) (i32.add (local.get 0) (global.get $g)))\n"
            + "(func $start (global.set $g (i32.const 8)))\n"
            + "(start $start))");
    /** A function declared to return an i32 that leaves an i64: well-formed, but not valid (wat2wasm refuses it). */
    private static final byte[] INVALID = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section: () -> i32
        0x03, 0x02, 0x01, 0x00, // function section
        0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b}; // code: i64.const 1, end

    @Test
    void givenAModuleWhenParsedThenItMatchesChicorysParseAndIsNamedAsChicoryNamesIt() {
        WasmModule chicory = Parser.parse(MODULE);
        WasmModule ours = ModuleParser.parse(MODULE, Integrity.sha256Hex(MODULE), true);

        assertThat(ours.digest()).isEqualTo(chicory.digest()).startsWith("sha-256:");
        assertThat(ours.typeSection().types()).isEqualTo(chicory.typeSection().types());
        assertThat(ours.importSection().importCount()).isEqualTo(1);
        assertThat(ours.importSection().getImport(0).name()).isEqualTo("log");
        assertThat(ours.exportSection().exportCount()).isEqualTo(chicory.exportSection().exportCount());
        assertThat(ours.functionSection().functionCount()).isEqualTo(chicory.functionSection().functionCount());
        assertThat(ours.codeSection().functionBodyCount()).isEqualTo(chicory.codeSection().functionBodyCount());
        assertThat(ours.memorySection().orElseThrow().getMemory(0).limits())
                .isEqualTo(chicory.memorySection().orElseThrow().getMemory(0).limits());
        assertThat(ours.globalSection().globalCount()).isEqualTo(1);
        assertThat(ours.tableSection().tableCount()).isEqualTo(1);
        assertThat(ours.elementSection().elementCount()).isEqualTo(1);
        assertThat(ours.dataSection().dataSegmentCount()).isEqualTo(1);
        assertThat(ours.startSection()).isEqualTo(chicory.startSection());
    }

    @Test
    void givenAnInvalidModuleWhenParsedWithValidationThenItIsRefusedAndWithoutThenNot() {
        assertThatThrownBy(() -> ModuleParser.parse(INVALID, Integrity.sha256Hex(INVALID), true))
                .isInstanceOf(InvalidException.class);
        assertThat(ModuleParser.parse(INVALID, Integrity.sha256Hex(INVALID), false).exportSection().exportCount())
                .isEqualTo(1);
    }

    @Test
    void givenTruncatedBytesWhenParsedThenAMalformedModuleFailureAsChicoryReportsIt() {
        byte[] truncated = Arrays.copyOf(MODULE, MODULE.length - 5);

        assertThatThrownBy(() -> ModuleParser.parse(truncated, Integrity.sha256Hex(truncated), false))
                .isInstanceOf(ChicoryException.class)
                .hasMessageStartingWith("section size mismatch");
        assertThatThrownBy(() -> Parser.parse(truncated)).isInstanceOf(MalformedException.class)
                .hasMessageStartingWith("section size mismatch");
    }
}
