// The last few texts the plugin worked something out from, with what it made of each: a push sync meets the same
// texts again (an issue's description and timestamps, in the read and in the write's answer). The result of the
// work must depend on the text alone.

/** A small ring of (text, value) pairs; a new pair replaces the oldest. */
export class RecentTexts<V> {
  private texts: StaticArray<string | null>;
  private values: StaticArray<V>;
  private next: i32 = 0;

  constructor(size: i32) {
    this.texts = new StaticArray<string | null>(size);
    this.values = new StaticArray<V>(size);
  }

  /** The slot of the text whose UTF-16 units are the `bytes` bytes at `ptr`, or -1 when none is kept. */
  find(ptr: usize, bytes: usize): i32 {
    for (let i = 0; i < this.texts.length; i++) {
      const t = unchecked(this.texts[i]);
      if (t != null && (<usize>t.length << 1) == bytes && memory.compare(changetype<usize>(t), ptr, bytes) == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The value kept in slot `i` (from find). */
  at(i: i32): V {
    return unchecked(this.values[i]);
  }

  /** Keeps `value` for `text`. */
  put(text: string, value: V): void {
    unchecked(this.texts[this.next] = text);
    unchecked(this.values[this.next] = value);
    this.next = (this.next + 1) % this.texts.length;
  }
}
