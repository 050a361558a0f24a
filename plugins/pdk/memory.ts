// Zen plugin ABI v1: memory exports and buffers crossing the boundary (docs/plugin-abi.md, "Memory").
//
// Buffers are (ptr, len) pairs of UTF-8 bytes allocated with heap.alloc, outside the garbage collector,
// so neither side has to pin anything. A function returning a buffer returns one i64: (ptr << 32) | len.

/** The ABI version this kit implements; checked by the host at load. */
export function zen_abi_version(): i32 {
  return 1;
}

/**
 * Allocates `size` bytes for the host (input buffers, host-call results); 0 for a negative or impossibly large
 * size. Running out of the memory limit traps (the host then replaces the instance).
 */
export function zen_alloc(size: i32): i32 {
  if (size < 0 || size > (1 << 30) - 64) return 0; // beyond the allocator's largest block: fail, do not abort
  return <i32>heap.alloc(<usize>(size == 0 ? 1 : size));
}

/** Frees a buffer obtained from zen_alloc. Freeing 0 is a no-op. */
export function zen_free(ptr: i32, size: i32): void {
  if (ptr != 0) heap.free(<usize>ptr);
}

/** Packs a buffer into the ABI's i64: (ptr << 32) | len, unsigned. */
export function pack(ptr: usize, len: usize): i64 {
  return <i64>(((<u64>ptr) << 32) | <u64>(<u32>len));
}

/** The pointer half of a packed buffer. */
export function packedPtr(packed: i64): usize {
  return <usize>(<u64>packed >>> 32);
}

/** The length half of a packed buffer. */
export function packedLen(packed: i64): usize {
  return <usize>(<u32>(<u64>packed & 0xffffffff));
}

/** Decodes `len` UTF-8 bytes at `ptr` (a buffer the host wrote) into a string; does not free it. */
export function readUtf8(ptr: usize, len: usize): string {
  if (len == 0) return "";
  return String.UTF8.decodeUnsafe(ptr, len);
}

/** Copies a string as UTF-8 into a fresh heap buffer and returns it packed. The reader frees it with zen_free. */
export function writeUtf8(text: string): i64 {
  const size = String.UTF8.byteLength(text);
  const ptr = heap.alloc(<usize>(size == 0 ? 1 : size));
  const written = String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, ptr);
  return pack(ptr, written);
}

/** Reads a packed buffer returned by the host, then frees it. `null` when the host returned 0. */
export function takePacked(packed: i64): string | null {
  if (packed == 0) return null;
  const ptr = packedPtr(packed);
  const len = packedLen(packed);
  const text = readUtf8(ptr, len);
  if (ptr != 0) heap.free(ptr);
  return text;
}
