// A forward reader over the text of a parsed value that a plugin reads without building it.
//
// json-as parses a nested value one level per read and finds where each value of that level ends by scanning it, so
// a deep part of a body read through JSON.Obj (Jira's changelog: histories, their items, each item's strings) had its
// innermost text scanned once per level, and every level allocated an object with its key and slot buffers. The
// reader passes over the text once and allocates only the strings it is asked for.
//
// It reads text json-as parsed (a lazy value's source), so the text is well-formed JSON; should it not be, a read
// answers "nothing there" (false / null) and the reader stops (`ok` false) rather than trapping. Keys compare as
// json-as compares them (`Obj.indexOf`): by their text between the quotes, escapes not decoded.
import { JSON } from "json-as";
import { scanStringAt } from "./json";

@inline function isWs(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

export class JsonReader {
  /** False once the reader met text it could not read; every read then answers "nothing there". */
  ok: bool = true;
  private keyStart: usize = 0;
  private keyEnd: usize = 0;

  /** Reads the value in `src` between the pointers `p` and `end`. */
  constructor(public src: string, public p: usize, public end: usize) {}

  /**
   * A reader over member `key` of `o` (its last one, as `Obj.get` reads), null when `o` has none. A member json-as
   * has not parsed yet is read from its source text; one it has parsed is written out again first.
   */
  static member(o: JSON.Obj, key: string): JsonReader | null {
    const i = o.indexOf(key);
    if (i < 0) return null;
    const slot = unchecked(o._vals[i]);
    if (JSON.Value.slotIsLazy(slot)) {
      const base = changetype<usize>(o._src);
      const start = JSON.Value.slotPtr(slot, base);
      return new JsonReader(o._src, start, JSON.Value.slotEnd(slot, base, base + (<usize>o._src.length << 1)));
    }
    const text = JSON.stringify<JSON.Value>(JSON.Value.fromBits(slot));
    return new JsonReader(text, changetype<usize>(text), changetype<usize>(text) + (<usize>text.length << 1));
  }

  private stop(): bool {
    this.ok = false;
    this.p = this.end;
    return false;
  }

  /** The next significant unit, 0 at the end. */
  private peek(): u32 {
    let p = this.p;
    const end = this.end;
    while (p < end && isWs(<u32>load<u16>(p))) p += 2;
    this.p = p;
    return p < end ? <u32>load<u16>(p) : 0;
  }

  /** Enters the object at the position; when the value there is not one, passes over it and answers false. */
  beginObject(): bool {
    return this.enter(0x7b);
  }

  /** Enters the array at the position; when the value there is not one, passes over it and answers false. */
  beginArray(): bool {
    return this.enter(0x5b);
  }

  private enter(opening: u32): bool {
    if (!this.ok) return false;
    if (this.peek() != opening) {
      this.skip();
      return false;
    }
    this.p += 2;
    return true;
  }

  /**
   * Inside an object: reads the next key and its colon, leaving the position at the member's value; false after the
   * object's closing brace. Read or skip the value before asking for the next key.
   */
  nextKey(): bool {
    if (!this.ok) return false;
    let c = this.peek();
    if (c == 0x7d) {
      this.p += 2;
      return false;
    }
    if (c == 0x2c) {
      this.p += 2;
      c = this.peek();
    }
    if (c != 0x22) return this.stop();
    const after = scanStringAt(this.p, this.end);
    if (after == 0) return this.stop();
    this.keyStart = this.p + 2;
    this.keyEnd = after - 2;
    this.p = after;
    if (this.peek() != 0x3a) return this.stop();
    this.p += 2;
    return true;
  }

  /** The key nextKey read, as its text between the quotes (escapes not decoded, as `Obj.keys` gives it). */
  key(): string {
    return String.UTF16.decodeUnsafe(this.keyStart, this.keyEnd - this.keyStart);
  }

  /** Whether the key nextKey read is `name` (its text between the quotes). */
  keyIs(name: string): bool {
    const len = this.keyEnd - this.keyStart;
    return len == (<usize>name.length << 1) && memory.compare(this.keyStart, changetype<usize>(name), len) == 0;
  }

  /** Inside an array: true when another element follows (the position is then at it), false after the closing bracket. */
  nextElement(): bool {
    if (!this.ok) return false;
    let c = this.peek();
    if (c == 0x5d) {
      this.p += 2;
      return false;
    }
    if (c == 0x2c) {
      this.p += 2;
      c = this.peek();
    }
    if (c == 0) return this.stop();
    return true;
  }

  /** Passes over the value at the position. */
  skip(): void {
    if (!this.ok) return;
    const after = JSON.Util.scanValueEnd<JSON.Value>(this.p, this.end);
    if (after == 0) {
      this.stop();
      return;
    }
    this.p = after;
  }

  /** Reads the number at the position; passes over any other value and answers NaN. */
  number(): f64 {
    if (!this.ok) return NaN;
    const c = this.peek();
    const start = this.p;
    this.skip();
    if (!this.ok || !(c == 0x2d || c - 0x30 <= 9)) return NaN;
    return parseFloat(String.UTF16.decodeUnsafe(start, this.p - start));
  }

  /** Reads the boolean at the position: 1 true, 0 false; passes over any other value and answers -1. */
  bool(): i32 {
    if (!this.ok) return -1;
    const c = this.peek();
    this.skip();
    if (!this.ok) return -1;
    return c == 0x74 ? 1 : c == 0x66 ? 0 : -1;
  }

  /** Whether the value at the position is a string (nothing is read). */
  atString(): bool {
    return this.ok && this.peek() == 0x22;
  }

  /**
   * Passes over the string at the position and answers where it starts, to read it later with stringFrom (a long
   * string nobody may need is not decoded); 0 for any other value, which it passes over too.
   */
  stringStart(): usize {
    if (!this.atString()) {
      this.skip();
      return 0;
    }
    const start = this.p;
    const after = scanStringAt(start, this.end);
    if (after == 0) {
      this.stop();
      return 0;
    }
    this.p = after;
    return start;
  }

  /** The string stringStart found at `start`. */
  stringFrom(start: usize): string {
    return JSON.Value.decodeBits<string>(JSON.Value.parseSliceBits(start, scanStringAt(start, this.end), this.src));
  }

  /**
   * Reads the string at the position, escapes decoded as json-as decodes them; passes over any other value and
   * answers null.
   */
  string(): string | null {
    const start = this.stringStart();
    return start == 0 ? null : JSON.Value.decodeBits<string>(JSON.Value.parseSliceBits(start, this.p, this.src));
  }
}
