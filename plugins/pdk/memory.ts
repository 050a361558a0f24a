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

// UTF-8 <-> UTF-16 with the standard library's rules (String.UTF8: WTF-8, a lone surrogate as three bytes), plus a
// fast path for four ASCII units or bytes at once: under Chicory every load and store is a call into the memory
// object, so reading a u64 instead of four u16s is most of the cost of copying a JSON text across the boundary.

const ASCII_UNITS: u64 = 0xff80_ff80_ff80_ff80;
const ASCII_BYTES: u32 = 0x8080_8080;

/** Units of the code point at `p`: 2 for a high surrogate followed by a low one, else 1 (String.UTF8's pairing). */
@inline function unitsAt(p: usize, end: usize): usize {
  return (<u32>load<u16>(p) & 0xfc00) == 0xd800 && p + 2 < end && (<u32>load<u16>(p, 2) & 0xfc00) == 0xdc00 ? 2 : 1;
}

/** UTF-8 length of `units` UTF-16 units at `str` (String.UTF8.byteLength). */
export function utf8Length(str: usize, units: usize): usize {
  return <usize>lengthInUtf8(str, units, false);
}

/**
 * utf8Length, or -1 when one of the units is a surrogate: text without any is valid UTF-8 as it is (writeJson
 * repairs the others first).
 */
export function surrogateFreeUtf8Length(str: usize, units: usize): isize {
  return lengthInUtf8(str, units, true);
}

@inline function lengthInUtf8(str: usize, units: usize, stopAtSurrogate: bool): isize {
  const end = str + (units << 1);
  let p = str;
  let n: isize = 0;
  while (p < end) {
    if (p + 8 <= end && (load<u64>(p) & ASCII_UNITS) == 0) {
      p += 8;
      n += 4;
      continue;
    }
    const c = <u32>load<u16>(p);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xf800) != 0xd800) n += 3;
    else if (stopAtSurrogate) return -1;
    else if (unitsAt(p, end) == 2) {
      n += 4;
      p += 2;
    } else n += 3;
    p += 2;
  }
  return n;
}

/** Encodes `units` UTF-16 units at `str` into `buf` (String.UTF8.encodeUnsafe); returns the bytes written. */
export function encodeUtf8(str: usize, units: usize, buf: usize): usize {
  const end = str + (units << 1);
  let p = str;
  let o = buf;
  while (p < end) {
    if (p + 8 <= end) {
      const w = load<u64>(p);
      if ((w & ASCII_UNITS) == 0) {
        store<u32>(o, <u32>(w & 0xff) | <u32>((w >> 8) & 0xff00) | <u32>((w >> 16) & 0xff0000) | <u32>((w >> 24) & 0xff000000));
        p += 8;
        o += 4;
        continue;
      }
    }
    const c = <u32>load<u16>(p);
    if (c < 0x80) {
      store<u8>(o, <u8>c);
      o += 1;
      p += 2;
    } else {
      const n = unitsAt(p, end);
      o += String.UTF8.encodeUnsafe(p, <i32>n, o);
      p += n << 1;
    }
  }
  return o - buf;
}

/** Decodes `len` UTF-8 bytes at `ptr` (a buffer the host wrote) into a string (String.UTF8.decodeUnsafe); does not free it. */
export function readUtf8(ptr: usize, len: usize): string {
  if (len == 0) return "";
  const end = ptr + len;
  const str = changetype<usize>(__new(len << 1, idof<string>())); // at most one unit per byte
  let p = ptr;
  let o = str;
  while (p < end) {
    if (p + 4 <= end) {
      const b = load<u32>(p);
      if ((b & ASCII_BYTES) == 0) {
        store<u64>(o, <u64>(b & 0xff) | (<u64>(b & 0xff00) << 8) | (<u64>(b & 0xff0000) << 16) | (<u64>(b & 0xff000000) << 24));
        p += 4;
        o += 8;
        continue;
      }
    }
    let u0 = <u32>load<u8>(p);
    ++p;
    if (!(u0 & 0x80)) {
      store<u16>(o, <u16>u0);
    } else {
      // String.UTF8.decodeUnsafe's rules, truncated sequences included
      if (p == end) break;
      const u1 = <u32>load<u8>(p) & 63;
      ++p;
      if ((u0 & 224) == 192) {
        store<u16>(o, <u16>((u0 & 31) << 6 | u1));
      } else {
        if (p == end) break;
        const u2 = <u32>load<u8>(p) & 63;
        ++p;
        if ((u0 & 240) == 224) {
          u0 = (u0 & 15) << 12 | u1 << 6 | u2;
        } else {
          if (p == end) break;
          u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | <u32>load<u8>(p) & 63;
          ++p;
        }
        if (u0 < 0x10000) {
          store<u16>(o, <u16>u0);
        } else {
          u0 -= 0x10000;
          store<u32>(o, (u0 >> 10 | 0xd800) | (((u0 & 0x03ff) | 0xdc00) << 16));
          o += 2;
        }
      }
    }
    o += 2;
  }
  return changetype<string>(__renew(str, o - str));
}

/** Copies a string as UTF-8 into a fresh heap buffer and returns it packed. The reader frees it with zen_free. */
export function writeUtf8(text: string): i64 {
  const units = <usize>text.length;
  const size = utf8Length(changetype<usize>(text), units);
  const ptr = heap.alloc(size == 0 ? 1 : size);
  const written = encodeUtf8(changetype<usize>(text), units, ptr);
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
