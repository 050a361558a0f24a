package dev.zen.plugin.runtime;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;

/**
 * ABI v1 boilerplate for test plugins written in WAT: memory, a bump allocator, {@code zen_free}, the ABI marker,
 * a default {@code init}, and helpers {@code $pack}, {@code $ok} (wrap bytes as {@code {"ok":...}}),
 * {@code $ok_packed} (wrap a packed buffer, 0 becoming {@code {"ok":null}}), {@code $itoa} (i64 to decimal) and
 * {@code $dump} (the whole used memory as a JSON string, non-printable bytes as dots).
 */
final class Wat {
    private Wat() {
    }

    /** A module with the given imports (WAT import forms) and body (functions/exports), 2 initial pages. */
    static byte[] plugin(String imports, String body) {
        return plugin(imports, body, "2");
    }

    /** As {@link #plugin(String, String)} with an explicit memory declaration such as {@code "1 4"}. */
    static byte[] plugin(String imports, String body, String memory) {
        return Wat2Wasm.parse(source(imports, body, memory));
    }

    static String source(String imports, String body, String memory) {
        String init = body.contains("(export \"init\")") ? ""
                : "(func (export \"init\") (param i32 i32) (result i64) (call $pack (i32.const 0) (i32.const 9)))\n";
        return "(module\n" + imports + "\n"
                + "(memory (export \"memory\") " + memory + ")\n"
                + "(global $bump (mut i32) (i32.const 1024))\n"
                + "(data (i32.const 0) \"{\\\"ok\\\":{}}\")\n"
                + "(data (i32.const 16) \"{\\\"ok\\\":\")\n"
                + "(data (i32.const 32) \"{\\\"ok\\\":null}\")\n"
                + "(func (export \"zen_abi_version\") (result i32) (i32.const 1))\n"
                + "(func $alloc (export \"zen_alloc\") (param $n i32) (result i32) (local $p i32)\n"
                + "  (local.set $p (global.get $bump))\n"
                + "  (global.set $bump (i32.and (i32.add (i32.add (global.get $bump) (local.get $n)) (i32.const 7))"
                + " (i32.const -8)))\n"
                + "  (block $done (loop $grow\n"
                + "    (br_if $done (i32.le_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536))))\n"
                + "    (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then (return (i32.const 0))))\n"
                + "    (br $grow)))\n"
                + "  (local.get $p))\n"
                + "(func (export \"zen_free\") (param i32 i32))\n"
                + "(func $pack (param $p i32) (param $l i32) (result i64)\n"
                + "  (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $l))))\n"
                + "(func $ok (param $p i32) (param $l i32) (result i64) (local $out i32)\n"
                + "  (local.set $out (call $alloc (i32.add (local.get $l) (i32.const 7))))\n"
                + "  (memory.copy (local.get $out) (i32.const 16) (i32.const 6))\n"
                + "  (memory.copy (i32.add (local.get $out) (i32.const 6)) (local.get $p) (local.get $l))\n"
                + "  (i32.store8 (i32.add (local.get $out) (i32.add (local.get $l) (i32.const 6))) (i32.const 125))\n"
                + "  (call $pack (local.get $out) (i32.add (local.get $l) (i32.const 7))))\n"
                + "(func $ok_packed (param $x i64) (result i64)\n"
                + "  (if (result i64) (i64.eqz (local.get $x))\n"
                + "    (then (call $pack (i32.const 32) (i32.const 11)))\n"
                + "    (else (call $ok (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32)))"
                + " (i32.wrap_i64 (local.get $x))))))\n"
                + "(func $itoa (param $v i64) (result i64) (local $buf i32) (local $i i32)\n"
                + "  (local.set $buf (call $alloc (i32.const 24)))\n"
                + "  (local.set $i (i32.const 24))\n"
                + "  (loop $digits\n"
                + "    (local.set $i (i32.sub (local.get $i) (i32.const 1)))\n"
                + "    (i32.store8 (i32.add (local.get $buf) (local.get $i))\n"
                + "      (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))\n"
                + "    (local.set $v (i64.div_u (local.get $v) (i64.const 10)))\n"
                + "    (br_if $digits (i64.ne (local.get $v) (i64.const 0))))\n"
                + "  (call $pack (i32.add (local.get $buf) (local.get $i)) (i32.sub (i32.const 24) (local.get $i))))\n"
                + "(func $dump (result i64) (local $n i32) (local $out i32) (local $i i32) (local $b i32)\n"
                + "  (local.set $n (global.get $bump))\n"
                + "  (local.set $out (call $alloc (i32.add (local.get $n) (i32.const 2))))\n"
                + "  (i32.store8 (local.get $out) (i32.const 34))\n"
                + "  (block $end (loop $l\n"
                + "    (br_if $end (i32.ge_u (local.get $i) (local.get $n)))\n"
                + "    (local.set $b (i32.load8_u (local.get $i)))\n"
                + "    (if (i32.or (i32.or (i32.lt_u (local.get $b) (i32.const 32)) (i32.gt_u (local.get $b) (i32.const 126)))\n"
                + "                (i32.or (i32.eq (local.get $b) (i32.const 34)) (i32.eq (local.get $b) (i32.const 92))))\n"
                + "      (then (local.set $b (i32.const 46))))\n"
                + "    (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 1)) (local.get $i)) (local.get $b))\n"
                + "    (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
                + "    (br $l)))\n"
                + "  (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 1)) (local.get $n)) (i32.const 34))\n"
                + "  (call $ok (local.get $out) (i32.add (local.get $n) (i32.const 2))))\n"
                + init
                + body + "\n)";
    }

    /** An operation export that returns its input wrapped as the ok value. */
    static String echo(String export) {
        return "(func (export \"" + export + "\") (param $p i32) (param $l i32) (result i64)"
                + " (call $ok (local.get $p) (local.get $l)))\n";
    }

    /** An operation export that returns a fixed envelope text. */
    static String constant(String export, String envelope, int offset) {
        String escaped = envelope.replace("\\", "\\\\").replace("\"", "\\\"");
        return "(data (i32.const " + offset + ") \"" + escaped + "\")\n"
                + "(func (export \"" + export + "\") (param i32 i32) (result i64)"
                + " (call $pack (i32.const " + offset + ") (i32.const "
                + envelope.getBytes(StandardCharsets.UTF_8).length + ")))\n";
    }
}
