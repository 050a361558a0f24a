// Timestamps: ISO-8601 parsing/formatting without a date library, and conversion of an instant to the
// Jira user's local minute for JQL (JQL datetimes are minute-precision in the API user's profile time zone).
import { zoneOffsetMinutes } from "./tz";
import { RecentTexts } from "./recent";

/** An instant in epoch milliseconds plus the offset (minutes) it was written with. */
export class Timestamp {
  constructor(public epochMs: i64, public offsetMinutes: i32) {}
}

function digitsAt(s: string, at: i32, n: i32): i32 {
  if (at + n > s.length) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(at + i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  const yy: i64 = <i64>(m <= 2 ? y - 1 : y);
  const era: i64 = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe: i64 = yy - era * 400;
  const mp: i64 = <i64>((m + 9) % 12);
  const doy: i64 = (153 * mp + 2) / 5 + <i64>d - 1;
  const doe: i64 = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] for days since 1970-01-01. */
export function civilFromDays(z0: i64): i32[] {
  const z = z0 + 719468;
  const era: i64 = (z >= 0 ? z : z - 146096) / 146097;
  const doe: i64 = z - era * 146097;
  const yoe: i64 = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const y: i64 = yoe + era * 400;
  const doy: i64 = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp: i64 = (5 * doy + 2) / 153;
  const d: i64 = doy - (153 * mp + 2) / 5 + 1;
  const m: i64 = mp < 10 ? mp + 3 : mp - 9;
  return [<i32>(m <= 2 ? y + 1 : y), <i32>m, <i32>d];
}

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/**
 * Parses `yyyy-MM-ddTHH:mm[:ss[.SSS...]](Z|+HH:mm|+HHmm|+HH)`; null when malformed or without an offset.
 * Jira writes `2024-11-13T20:27:56.526+0000`; Zen writes `2025-09-21T08:05:12.345+02:00`.
 */
export function parseIso(s: string): Timestamp | null {
  const y = digitsAt(s, 0, 4);
  if (y < 0 || s.length < 16 || s.charCodeAt(4) != 0x2d || s.charCodeAt(7) != 0x2d) return null;
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const tc = s.charCodeAt(10);
  if (tc != 0x54 && tc != 0x74 && tc != 0x20) return null;
  const h = digitsAt(s, 11, 2);
  if (s.charCodeAt(13) != 0x3a) return null;
  const mi = digitsAt(s, 14, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return null;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (i < s.length && s.charCodeAt(i) == 0x3a) {
    sec = digitsAt(s, i + 1, 2);
    if (sec < 0 || sec > 60) return null;
    i += 3;
    if (i < s.length && (s.charCodeAt(i) == 0x2e || s.charCodeAt(i) == 0x2c)) {
      i++;
      let scale = 100;
      let n = 0;
      while (i < s.length) {
        const c = s.charCodeAt(i) - 0x30;
        if (c < 0 || c > 9) break;
        if (scale > 0) {
          ms += c * scale;
          scale /= 10;
        }
        i++;
        n++;
      }
      if (n == 0) return null;
    }
  }
  if (i >= s.length) return null;
  let off = 0;
  const zc = s.charCodeAt(i);
  if (zc == 0x5a || zc == 0x7a) {
    i++;
  } else if (zc == 0x2b || zc == 0x2d) {
    const oh = digitsAt(s, i + 1, 2);
    if (oh < 0 || oh > 18) return null;
    i += 3;
    let om = 0;
    if (i < s.length && s.charCodeAt(i) == 0x3a) i++;
    if (i < s.length) {
      om = digitsAt(s, i, 2);
      if (om < 0 || om > 59) return null;
      i += 2;
    }
    off = oh * 60 + om;
    if (zc == 0x2d) off = -off;
  } else {
    return null;
  }
  if (i != s.length) return null;
  const days = daysFromCivil(y, mo, d);
  const local: i64 = ((days * 24 + h) * 60 + mi) * 60000 + <i64>sec * 1000 + <i64>ms;
  return new Timestamp(local - <i64>off * 60000, off);
}

function pad(v: i32, n: i32): string {
  let s = v.toString();
  while (s.length < n) s = "0" + s;
  return s;
}

/** The local date-time fields of an instant at an offset: [y, M, d, H, m, s, ms]. */
function fields(epochMs: i64, offsetMinutes: i32): i32[] {
  const local = epochMs + <i64>offsetMinutes * 60000;
  const days = floorDiv(local, 86400000);
  const msOfDay = <i32>(local - days * 86400000);
  const ymd = civilFromDays(days);
  return [ymd[0], ymd[1], ymd[2], msOfDay / 3600000, (msOfDay / 60000) % 60, (msOfDay / 1000) % 60, msOfDay % 1000];
}

function offsetText(offsetMinutes: i32): string {
  if (offsetMinutes == 0) return "+00:00";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const a = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  return sign + pad(a / 60, 2) + ":" + pad(a % 60, 2);
}

/** Writes `v` (0 <= v < 10^n) as n decimal digits into the string at `p`, from its unit `at`. */
function putDigits(p: usize, at: i32, v: i32, n: i32): void {
  for (let i = at + n - 1; i >= at; i--) {
    putUnit(p, i, <u16>(0x30 + v % 10));
    v /= 10;
  }
}

/** Writes the UTF-16 unit `c` into the string at `p` as its unit `at`. */
function putUnit(p: usize, at: i32, c: u16): void {
  store<u16>(p + (<usize>at << 1), c);
}

/**
 * formatIso's text for a 4-digit year and an offset under 100 hours, written into one string: the concatenations
 * below allocate some thirty strings per timestamp, and an item carries several.
 */
function isoText(f: i32[], negative: bool, offset: i32): string {
  const s = changetype<string>(__new(29 << 1, idof<string>())); // yyyy-MM-ddTHH:mm:ss.SSS+hh:mm
  const p = changetype<usize>(s);
  putDigits(p, 0, f[0], 4);
  putUnit(p, 4, 0x2d);
  putDigits(p, 5, f[1], 2);
  putUnit(p, 7, 0x2d);
  putDigits(p, 8, f[2], 2);
  putUnit(p, 10, 0x54);
  putDigits(p, 11, f[3], 2);
  putUnit(p, 13, 0x3a);
  putDigits(p, 14, f[4], 2);
  putUnit(p, 16, 0x3a);
  putDigits(p, 17, f[5], 2);
  putUnit(p, 19, 0x2e);
  putDigits(p, 20, f[6], 3);
  putUnit(p, 23, negative ? 0x2d : 0x2b);
  putDigits(p, 24, offset / 60, 2);
  putUnit(p, 26, 0x3a);
  putDigits(p, 27, offset % 60, 2);
  return s;
}

/** `yyyy-MM-ddTHH:mm:ss.SSS+HH:mm`, the ABI's timestamp form. */
export function formatIso(t: Timestamp): string {
  const f = fields(t.epochMs, t.offsetMinutes);
  const a = t.offsetMinutes < 0 ? -t.offsetMinutes : t.offsetMinutes;
  if (f[0] >= 0 && f[0] <= 9999 && a / 60 <= 99) return isoText(f, t.offsetMinutes < 0, a);
  return pad(f[0], 4) + "-" + pad(f[1], 2) + "-" + pad(f[2], 2) + "T" + pad(f[3], 2) + ":" + pad(f[4], 2) + ":" +
    pad(f[5], 2) + "." + pad(f[6], 3) + offsetText(t.offsetMinutes);
}

// The last few timestamps normalized: an item normalizes its issue's `updated` twice and each field change time it
// lists, and a push sync maps the same issue twice (read, then the write's answer).
const normalized = new RecentTexts<string | null>(4);

/** Normalizes any accepted ISO timestamp to the ABI form, keeping its offset; null when unparseable. */
export function normalizeIso(s: string | null): string | null {
  if (s == null) return null;
  const kept = normalized.find(changetype<usize>(s), <usize>s.length << 1);
  if (kept >= 0) return normalized.at(kept);
  const t = parseIso(s);
  const iso: string | null = t == null ? null : formatIso(t!);
  normalized.put(s, iso);
  return iso;
}

/** `yyyy-MM-dd HH:mm` of an instant at an offset, floored to the minute: the JQL absolute form. */
export function jqlMinute(epochMs: i64, offsetMinutes: i32): string {
  const f = fields(epochMs, offsetMinutes);
  return pad(f[0], 4) + "-" + pad(f[1], 2) + "-" + pad(f[2], 2) + " " + pad(f[3], 2) + ":" + pad(f[4], 2);
}

/** The latest offset any zone uses (UTC-12:00): converting with it never yields a later local time. */
export const EARLIEST_OFFSET_MINUTES: i32 = -12 * 60;

/**
 * The JQL lower bound for "updated since `epochMs`" in the Jira user's zone. When the zone is unknown the
 * instant is written at UTC-12:00, which is at or before the true local time in every zone (more results,
 * never fewer: the caller dedupes).
 */
export function jqlLowerBound(epochMs: i64, timeZone: string | null): string {
  let off = timeZone == null ? i32.MIN_VALUE : zoneOffsetMinutes(timeZone, epochMs);
  if (off == i32.MIN_VALUE) off = EARLIEST_OFFSET_MINUTES;
  return jqlMinute(epochMs, off);
}

/** Parses an HTTP-date (IMF-fixdate, `Wed, 21 Oct 2015 07:28:00 GMT`) to epoch ms; -1 when malformed. */
export function parseHttpDate(s: string): i64 {
  const parts = s.trim().split(" ");
  if (parts.length != 6) return -1;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const d = digitsAt(parts[1], 0, parts[1].length);
  const m = months.indexOf(parts[2]) + 1;
  const y = digitsAt(parts[3], 0, 4);
  const tm = parts[4];
  if (d < 1 || m < 1 || y < 0 || tm.length != 8) return -1;
  const h = digitsAt(tm, 0, 2);
  const mi = digitsAt(tm, 3, 2);
  const sec = digitsAt(tm, 6, 2);
  if (h < 0 || mi < 0 || sec < 0) return -1;
  return (((daysFromCivil(y, m, d) * 24 + h) * 60 + mi) * 60 + sec) * 1000;
}
