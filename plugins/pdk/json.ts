// JSON helpers over json-as's dynamic JSON.Obj / JSON.Arr / JSON.Value.
//
// json-as traps on malformed input, and a trap discards the whole instance. Anything that did not come from
// the plugin itself (HTTP bodies, host input) goes through `parseObject`, which checks the syntax first and
// returns null instead of trapping.
//
// json-as caveat: a parsed object re-serializes untouched sub-objects from their source text. After changing a
// nested object you must set it on its parent again (`parent.set("k", child)`), or build fresh objects.
import { JSON } from "json-as";
import { utf8Length, surrogateFreeUtf8Length, encodeUtf8, pack } from "./memory";

// ---------------------------------------------------------------- syntax check
//
// A scan over the string's UTF-16 units by pointer, the position in a local: under Chicory every field access and
// bounds-checked charCodeAt is a call into the memory object, so the scan keeps to loads. Each function returns the
// position after what it read, or 0 when the text is malformed (a string's data never lies at address 0).

@inline function isWs(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

function skipWs(p: usize, end: usize): usize {
  while (p < end && isWs(<u32>load<u16>(p))) p += 2;
  return p;
}

function scanDigits(p: usize, end: usize): usize {
  while (p < end) {
    const c = <u32>load<u16>(p);
    if (c - 0x30 > 9) break;
    p += 2;
  }
  return p;
}

function scanNumber(p: usize, end: usize): usize {
  if (load<u16>(p) == 0x2d) p += 2;
  if (p >= end) return 0;
  if (load<u16>(p) == 0x30) p += 2;
  else {
    const q = scanDigits(p, end);
    if (q == p) return 0;
    p = q;
  }
  if (p < end && load<u16>(p) == 0x2e) {
    const q = scanDigits(p + 2, end);
    if (q == p + 2) return 0;
    p = q;
  }
  if (p < end && (<u32>load<u16>(p) | 0x20) == 0x65) {
    p += 2;
    if (p < end && (load<u16>(p) == 0x2b || load<u16>(p) == 0x2d)) p += 2;
    const q = scanDigits(p, end);
    if (q == p) return 0;
    p = q;
  }
  return p;
}

/** `p` at the opening quote. */
function scanString(p: usize, end: usize): usize {
  p += 2;
  while (p < end) {
    const c = <u32>load<u16>(p);
    if (c == 0x22) return p + 2;
    if (c < 0x20) return 0;
    if (c == 0x5c) {
      p += 2;
      if (p >= end) return 0;
      const e = <u32>load<u16>(p);
      if (e == 0x75) {
        if (p + 8 >= end) return 0;
        for (let i = 1; i <= 4; i++) {
          const h = <u32>load<u16>(p + (i << 1)) | 0x20;
          if (!(h - 0x30 <= 9 || h - 0x61 <= 5)) return 0;
        }
        p += 8;
      } else if (!(e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74)) {
        return 0;
      }
    }
    p += 2;
  }
  return 0;
}

/**
 * The position after the string whose opening quote is at `p` (UTF-16 units up to `end`), 0 when it is malformed:
 * for JsonReader.
 */
export function scanStringAt(p: usize, end: usize): usize {
  return scanString(p, end);
}

// "true", "null" and "fals" as four UTF-16 units read at once
const TRUE_UNITS: u64 = 0x0065_0075_0072_0074;
const NULL_UNITS: u64 = 0x006c_006c_0075_006e;
const FALS_UNITS: u64 = 0x0073_006c_0061_0066;

function scanValue(p: usize, end: usize, depth: i32): usize {
  if (depth > 256) return 0;
  p = skipWs(p, end);
  if (p >= end) return 0;
  const c = <u32>load<u16>(p);
  if (c == 0x7b) return scanObject(p, end, depth);
  if (c == 0x5b) return scanArray(p, end, depth);
  if (c == 0x22) return scanString(p, end);
  if (c == 0x74) return p + 8 <= end && load<u64>(p) == TRUE_UNITS ? p + 8 : 0;
  if (c == 0x6e) return p + 8 <= end && load<u64>(p) == NULL_UNITS ? p + 8 : 0;
  if (c == 0x66) return p + 10 <= end && load<u64>(p) == FALS_UNITS && load<u16>(p + 8) == 0x65 ? p + 10 : 0;
  return scanNumber(p, end);
}

function scanObject(p: usize, end: usize, depth: i32): usize {
  p = skipWs(p + 2, end);
  if (p < end && load<u16>(p) == 0x7d) return p + 2;
  while (true) {
    p = skipWs(p, end);
    if (p >= end || load<u16>(p) != 0x22) return 0;
    p = scanString(p, end);
    if (p == 0) return 0;
    p = skipWs(p, end);
    if (p >= end || load<u16>(p) != 0x3a) return 0;
    p = scanValue(p + 2, end, depth + 1);
    if (p == 0) return 0;
    p = skipWs(p, end);
    if (p >= end) return 0;
    const c = load<u16>(p);
    p += 2;
    if (c == 0x7d) return p;
    if (c != 0x2c) return 0;
  }
  return 0;
}

function scanArray(p: usize, end: usize, depth: i32): usize {
  p = skipWs(p + 2, end);
  if (p < end && load<u16>(p) == 0x5d) return p + 2;
  while (true) {
    p = scanValue(p, end, depth + 1);
    if (p == 0) return 0;
    p = skipWs(p, end);
    if (p >= end) return 0;
    const c = load<u16>(p);
    p += 2;
    if (c == 0x5d) return p;
    if (c != 0x2c) return 0;
  }
  return 0;
}

/** True when `text` is exactly one well-formed JSON value (surrounding whitespace allowed). */
export function isValidJson(text: string): bool {
  const start = changetype<usize>(text);
  const end = start + (<usize>text.length << 1);
  const p = scanValue(start, end, 0);
  return p != 0 && skipWs(p, end) == end;
}

/** True when the first character of `text` after whitespace is the unit `c`. */
export function startsWithAfterSpace(text: string, c: u16): bool {
  const start = changetype<usize>(text);
  const end = start + (<usize>text.length << 1);
  const p = skipWs(start, end);
  return p < end && load<u16>(p) == c;
}

/** True when `text` is a well-formed JSON object. */
export function isJsonObject(text: string): bool {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 0x20) i++;
  return i < text.length && text.charCodeAt(i) == 0x7b && isValidJson(text);
}

/** Parses a JSON array, or returns null when `text` is not one. Never traps. */
export function parseArray(text: string | null): JSON.Arr | null {
  if (text == null) return null;
  const t = text.trim();
  if (t.length == 0 || t.charCodeAt(0) != 0x5b || !isValidJson(t)) return null;
  return JSON.parse<JSON.Arr>(t);
}

/** Parses a JSON object, or returns null when `text` is not one. Never traps. */
export function parseObject(text: string | null): JSON.Obj | null {
  if (text == null) return null;
  const t = text.trim();
  if (!isJsonObject(t)) return null;
  return JSON.parse<JSON.Obj>(t);
}

/**
 * parseObject for a body whose syntax the host checked (HttpResponse.bodyJson: 1 one well-formed JSON value, 2 not
 * JSON, 0 not checked): a checked body is parsed without scanning it first.
 */
export function parseObjectChecked(text: string, checked: i32): JSON.Obj | null {
  if (checked == 1) return startsWithAfterSpace(text, 0x7b) ? JSON.parse<JSON.Obj>(text.trim()) : null;
  if (checked == 2) return null;
  return parseObject(text);
}

/** parseArray for a body whose syntax the host checked (see parseObjectChecked). */
export function parseArrayChecked(text: string, checked: i32): JSON.Arr | null {
  if (checked == 1) return startsWithAfterSpace(text, 0x5b) ? JSON.parse<JSON.Arr>(text.trim()) : null;
  if (checked == 2) return null;
  return parseArray(text);
}

// ---------------------------------------------------------------- typed access

/**
 * JSON.Value#type without parsing: `type` parses a value json-as deferred (a string, object or array from `Obj.get`
 * or `Arr.at`) just to name it, and a caller that only checks the kind (a description read from its cache, a null
 * check) then parsed it for nothing. A deferred value's kind is its first unit.
 */
function typeOf(v: JSON.Value): u16 {
  const slice = v.__lazySlice();
  if (slice == 0) return v.type;
  const c = load<u16>(<usize>(slice >>> 32));
  return c == 0x7b ? JSON.Types.Object : c == 0x5b ? JSON.Types.Array : JSON.Types.String;
}

/** The value's JSON kind (a deferred value is not parsed to tell). */
export function isString(v: JSON.Value | null): bool {
  return v != null && typeOf(v) == JSON.Types.String;
}
export function isNull(v: JSON.Value | null): bool {
  return v == null || typeOf(v) == JSON.Types.Null;
}
export function isObject(v: JSON.Value | null): bool {
  return v != null && typeOf(v) == JSON.Types.Object;
}
export function isArray(v: JSON.Value | null): bool {
  return v != null && typeOf(v) == JSON.Types.Array;
}
export function isNumber(v: JSON.Value | null): bool {
  if (v == null) return false;
  const t = typeOf(v);
  return t >= JSON.Types.U8 && t <= JSON.Types.F64;
}
export function isBool(v: JSON.Value | null): bool {
  return v != null && typeOf(v) == JSON.Types.Bool;
}

// json-as defers parsing a nested string, object or array until it is read, but `Obj.get` hands back a fresh deferred
// value each time, so every read of `issue.fields` parsed that object again (a third of a sync's guest time). The
// getters below parse such a value once and keep the result in its parent. The parent then serializes from its values
// instead of its source text, with the same JSON meaning. A value obtained here is the parent's own: changing it
// changes the parent.
//
// They read the parent's value slot directly rather than through `Obj.get`, which boxes every value it returns in a
// new JSON.Value (and a deferred one in a LazyRef too): garbage the collector then frees one by one, on every read.
// This follows json-as 1.6's layout (node_modules/json-as/assembly/index.ts): an object keeps its values as NaN-boxed
// u64 slots, a boxed slot has all of VAL_QNAN's bits set and its JSON.Types tag at bit 45, a deferred slot points at
// its source text, and `indexOf` / `materializeSlot` are what `getAs` uses. The version is pinned in package-lock.json.

const VAL_QNAN: u64 = 0x7ffc_0000_0000_0000;
const VAL_TAG_SHIFT: u64 = 45;

/** JSON.Value#type of a slot that is not deferred (the tags these getters ask for; F64 for an unboxed number). */
@inline function slotType(slot: u64): u16 {
  return (slot & VAL_QNAN) == VAL_QNAN ? <u16>((slot >> VAL_TAG_SHIFT) & 0x1f) : JSON.Types.F64;
}

/**
 * The slot of `key` in `o` holding a value of JSON type `type` (String, Object or Array), a deferred one parsed (once)
 * when its source starts with `opening`; 0 when the key is absent or holds another type. A slot is never 0.
 */
function slotOf(o: JSON.Obj, key: string, type: u16, opening: u16): u64 {
  const i = o.indexOf(key);
  if (i < 0) return 0;
  let slot = unchecked(o._vals[i]);
  if (JSON.Value.slotIsLazy(slot)) {
    if (load<u16>(JSON.Value.slotPtr(slot, changetype<usize>(o._src))) != opening) return 0;
    slot = o.materializeSlot(i);
  }
  return slotType(slot) == type ? slot : 0;
}

/** The string at `key`, or null when absent or not a string. */
export function getString(o: JSON.Obj | null, key: string): string | null {
  if (o == null) return null;
  const slot = slotOf(o, key, JSON.Types.String, 0x22);
  return slot == 0 ? null : JSON.Value.decodeBits<string>(slot);
}

/** The string at `key`, or `fallback` when absent, null or not a string. */
export function getStringOr(o: JSON.Obj | null, key: string, fallback: string): string {
  const s = getString(o, key);
  return s == null ? fallback : s;
}

/** The object at `key`, or null. */
export function getObject(o: JSON.Obj | null, key: string): JSON.Obj | null {
  if (o == null) return null;
  const slot = slotOf(o, key, JSON.Types.Object, 0x7b);
  return slot == 0 ? null : JSON.Value.decodeBits<JSON.Obj>(slot);
}

/** The array at `key`, or null. */
export function getArray(o: JSON.Obj | null, key: string): JSON.Arr | null {
  if (o == null) return null;
  const slot = slotOf(o, key, JSON.Types.Array, 0x5b);
  return slot == 0 ? null : JSON.Value.decodeBits<JSON.Arr>(slot);
}

/** The slot of element `i` of `a` (see slotOf), 0 when it holds another type. Traps when out of range, as `at` does. */
function elementSlot(a: JSON.Arr, i: i32, type: u16, opening: u16): u64 {
  if (<u32>i >= <u32>a._vused) throw new Error("Index out of range");
  let slot = unchecked(a._vals[i]);
  if (JSON.Value.slotIsLazy(slot)) {
    if (load<u16>(JSON.Value.slotPtr(slot, changetype<usize>(a._src))) != opening) return 0;
    slot = a.materializeSlot(i);
  }
  return slotType(slot) == type ? slot : 0;
}

/**
 * Element `i` of `a` as an object, or null when it is not one. Parsed once and kept in `a`: `a.at(i)` parses a
 * deferred element again on every call (the changelog's histories were parsed once per field checked).
 */
export function objectAt(a: JSON.Arr, i: i32): JSON.Obj | null {
  const slot = elementSlot(a, i, JSON.Types.Object, 0x7b);
  return slot == 0 ? null : JSON.Value.decodeBits<JSON.Obj>(slot);
}

/** Element `i` of `a` as a string, or null when it is not one (see objectAt). */
export function stringAt(a: JSON.Arr, i: i32): string | null {
  const slot = elementSlot(a, i, JSON.Types.String, 0x22);
  return slot == 0 ? null : JSON.Value.decodeBits<string>(slot);
}

/**
 * A copy of `o` without its member `except` whose values still serialize from the text `o` was parsed from. Take it
 * before reading `o` through the getters above: they parse a value in place, and `o` then writes that value out
 * again value by value (a Jira item's `raw` copy of its issue was a tenth of a call's JSON work). The copy shares
 * `o`'s source text (it anchors it) and holds `o`'s values as they are now, so a value already read is written from
 * its parsed form, with the same JSON meaning.
 */
export function sourceCopy(o: JSON.Obj, except: string): JSON.Obj {
  const out = new JSON.Obj();
  out._src = o._src;
  const skip = o.indexOf(except);
  const n = o._vused;
  out.reserveForParse(<usize>o._kused * 3); // keys of at least o's total length, 8 slots
  const kbuf = changetype<usize>(o._kbuf);
  for (let i = 0; i < n; i++) {
    if (i == skip) continue;
    const key = kbuf + (<usize>unchecked(o._kpos[i]) << 1);
    out.appendRawSlot(key + 2, key + 2 + (<usize>load<u16>(key) << 1), unchecked(o._vals[i]));
  }
  if (skip < 0 && o._rawStart != 0) {
    // untouched since it was parsed: written out as one copy of its text
    out._rawStart = o._rawStart;
    out._rawEnd = o._rawEnd;
  }
  return out;
}

/** The number at `key` as f64, or `fallback`. */
export function getNumber(o: JSON.Obj | null, key: string, fallback: f64): f64 {
  if (o == null) return fallback;
  const v = o.get(key);
  return isNumber(v) ? numberOf(v!) : fallback;
}

/** The boolean at `key`, or `fallback`. */
export function getBool(o: JSON.Obj | null, key: string, fallback: bool): bool {
  if (o == null) return fallback;
  const v = o.get(key);
  return isBool(v) ? v!.get<bool>() : fallback;
}

/** A numeric value as f64, whatever width json-as stored it in. */
export function numberOf(v: JSON.Value): f64 {
  const t = v.type;
  if (t == JSON.Types.F64) return v.get<f64>();
  if (t == JSON.Types.F32) return <f64>v.get<f32>();
  if (t == JSON.Types.I64) return <f64>v.get<i64>();
  if (t == JSON.Types.U64) return <f64>v.get<u64>();
  if (t == JSON.Types.I32) return <f64>v.get<i32>();
  if (t == JSON.Types.U32) return <f64>v.get<u32>();
  if (t == JSON.Types.I16) return <f64>v.get<i16>();
  if (t == JSON.Types.U16) return <f64>v.get<u16>();
  if (t == JSON.Types.I8) return <f64>v.get<i8>();
  if (t == JSON.Types.U8) return <f64>v.get<u8>();
  return NaN;
}

/** Strings of a JSON array (other elements skipped); empty when `a` is null. */
export function stringsOf(a: JSON.Arr | null): string[] {
  const out = new Array<string>();
  if (a == null) return out;
  for (let i = 0; i < a.length; i++) {
    const v = stringAt(a, i);
    if (v != null) out.push(v);
  }
  return out;
}

/** A JSON array of strings. */
export function arrayOfStrings(items: string[]): JSON.Arr {
  const a = new JSON.Arr();
  for (let i = 0; i < items.length; i++) a.push(items[i]);
  return a;
}

/** Follows a dot path ("status.name", "fields.assignee.displayName"); null when any step is missing. */
export function getPath(o: JSON.Obj | null, path: string): JSON.Value | null {
  return getPathParts(o, path.split("."));
}

/** getPath over a path split beforehand (a mapping that reads the same paths for every item splits them once). */
export function getPathParts(o: JSON.Obj | null, parts: string[]): JSON.Value | null {
  if (o == null) return null;
  let cur: JSON.Obj = o;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = getObject(cur, parts[i]);
    if (next == null) return null;
    cur = next;
  }
  return cur.get(parts[parts.length - 1]);
}

/** A JSON null value. */
export function nullValue(): JSON.Value {
  return JSON.Value.from<JSON.Obj | null>(null);
}

/** Sets `key` to JSON null. */
export function setNull(o: JSON.Obj, key: string): void {
  o.set(key, nullValue());
}

/** Sets `key` to `s`, or to JSON null when `s` is null. */
export function setStringOrNull(o: JSON.Obj, key: string, s: string | null): void {
  if (s == null) setNull(o, key);
  else o.set(key, s);
}

/** Serializes any json-as value to JSON text (surrogate pairs repaired, see fixSurrogates). */
export function stringify<T>(v: T): string {
  return toJsonText<T>(v);
}

/** A JSON string literal for `s`, quotes included. */
export function quote(s: string): string {
  return toJsonText<string>(s);
}

// ---------------------------------------------------------------- serialization

function hexValue(s: string, at: i32): i32 {
  if (at + 4 > s.length) return -1;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(at + i);
    let d: i32;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
    else return -1;
    v = (v << 4) | d;
  }
  return v;
}

function escapeUnit(code: i32): string {
  let h = code.toString(16);
  while (h.length < 4) h = "0" + h;
  return "\\u" + h;
}

// four UTF-16 units below 0x80 / a backslash in any of them (the "has a zero lane" test on `unit ^ 0x5c`, exact
// when no unit has its high bit set)
const ASCII_UNITS: u64 = 0xff80_ff80_ff80_ff80;
const BACKSLASHES: u64 = 0x005c_005c_005c_005c;
const LANE_ONES: u64 = 0x0001_0001_0001_0001;
const LANE_HIGHS: u64 = 0x8000_8000_8000_8000;

/**
 * Whether `s` has a surrogate unit or a `\\uD...` escape (fixSurrogates has work to do). Reads by pointer, four
 * units at once where they are ASCII without a backslash: this runs over every result and request the plugin writes.
 */
function hasSurrogateOrEscape(s: string): bool {
  let p = changetype<usize>(s);
  const end = p + (<usize>s.length << 1);
  while (p < end) {
    if (p + 8 <= end) {
      const w = load<u64>(p);
      const x = w ^ BACKSLASHES;
      if ((w & ASCII_UNITS) == 0 && ((x - LANE_ONES) & ~x & LANE_HIGHS) == 0) {
        p += 8;
        continue;
      }
    }
    const c = <u32>load<u16>(p);
    if (c >= 0xd800 && c <= 0xdfff) return true;
    if (c == 0x5c && p + 4 < end && load<u16>(p, 2) == 0x75 && (<u32>load<u16>(p, 4) | 0x20) == 0x64) return true;
    p += 2;
  }
  return false;
}

/**
 * Repairs surrogate pairs in JSON text. json-as 1.6 serializes strings in 4-unit chunks and, when a pair
 * straddles two chunks, writes one half raw and the other as a \\uXXXX escape; UTF-8 encoding then produces
 * invalid bytes. This joins every high+low pair (raw or escaped) into raw characters and escapes any truly
 * lone surrogate, so the text always encodes to valid UTF-8 with the same JSON meaning.
 */
export function fixSurrogates(s: string): string {
  if (!hasSurrogateOrEscape(s)) return s;
  // Units: a raw character, a \uXXXX escape (with its code), or another two-character escape (code -1).
  const texts = new Array<string>();
  const codes = new Array<i32>();
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c == 0x5c && i + 1 < s.length) {
      if (s.charCodeAt(i + 1) == 0x75) {
        const v = hexValue(s, i + 2);
        if (v >= 0) {
          texts.push(s.substr(i, 6));
          codes.push(v);
          i += 6;
          continue;
        }
      }
      texts.push(s.substr(i, 2));
      codes.push(-1);
      i += 2;
      continue;
    }
    texts.push(String.fromCharCode(c));
    codes.push(c);
    i++;
  }
  const out = new Array<string>();
  for (let k = 0; k < texts.length; k++) {
    const code = codes[k];
    if (code >= 0xd800 && code <= 0xdbff && k + 1 < texts.length && codes[k + 1] >= 0xdc00 && codes[k + 1] <= 0xdfff) {
      out.push(String.fromCharCodes([code, codes[k + 1]]));
      k++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out.push(escapeUnit(code));
    } else {
      out.push(texts[k]);
    }
  }
  return out.join("");
}

/** JSON text of any json-as value, always valid UTF-8 when encoded. Use instead of JSON.stringify. */
export function toJsonText<T>(v: T): string {
  return fixSurrogates(JSON.stringify<T>(v));
}

/**
 * Writes `prefix + text + suffix` as UTF-8 into a fresh heap buffer and returns it packed (see writeUtf8), where
 * `text` is JSON from JSON.stringify and the ASCII `prefix` and `suffix` frame it. Surrogate pairs are repaired as
 * toJsonText does, but the scan for them is the UTF-8 length pass, and the framed text is never built as a string:
 * the result envelope `{"ok":...}` is written this way, without a wrapper object or a copy of the value's text. Text
 * without surrogate units is written as it is: fixSurrogates would only rewrite its escaped pairs and lone escapes
 * into another form with the same JSON meaning.
 */
export function writeJson(prefix: string, text: string, suffix: string): i64 {
  let t = text;
  let n = surrogateFreeUtf8Length(changetype<usize>(t), <usize>t.length);
  if (n < 0) {
    t = fixSurrogates(t);
    n = <isize>utf8Length(changetype<usize>(t), <usize>t.length);
  }
  const size = <usize>(prefix.length + suffix.length) + <usize>n;
  const ptr = heap.alloc(size == 0 ? 1 : size);
  let o = ptr + encodeUtf8(changetype<usize>(prefix), <usize>prefix.length, ptr);
  o += encodeUtf8(changetype<usize>(t), <usize>t.length, o);
  o += encodeUtf8(changetype<usize>(suffix), <usize>suffix.length, o);
  return pack(ptr, o - ptr);
}
