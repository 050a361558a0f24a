// UTC offset of an IANA time zone at an instant, from the table tzdata.ts generated from the JDK's tzdb.
// Covers instants from 2020 on (explicit transitions, then the zone's recurring rules); earlier instants and
// unknown zones give i32.MIN_VALUE so the caller can fall back to a safe bound.
import { TZ_DATA } from "./tzdata";
import { daysFromCivil } from "./time";

const FROM_EPOCH_MINUTE: i64 = 26297280; // 2020-01-01T00:00Z

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

function monthLength(y: i32, m: i32): i32 {
  if (m == 2) return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

/** ISO day of week (1 = Monday .. 7 = Sunday) of days since 1970-01-01 (a Thursday). */
function dayOfWeek(days: i64): i32 {
  return <i32>((days + 3) % 7 + 7) % 7 + 1;
}

/** The epoch minute at which `rule` fires in `year`. */
function ruleTransition(rule: string[], year: i32): i64 {
  const month = I32.parseInt(rule[0]);
  const dom = I32.parseInt(rule[1]);
  const dow = I32.parseInt(rule[2]);
  const second = I64.parseInt(rule[3]);
  const def = I32.parseInt(rule[4]);
  const std = I64.parseInt(rule[5]);
  const before = I64.parseInt(rule[6]);
  let days: i64;
  if (dom < 0) {
    days = daysFromCivil(year, month, monthLength(year, month) + 1 + dom);
    if (dow != 0) days -= <i64>((dayOfWeek(days) - dow + 7) % 7);
  } else {
    days = daysFromCivil(year, month, dom);
    if (dow != 0) days += <i64>((dow - dayOfWeek(days) + 7) % 7);
  }
  const localMinute = days * 1440 + second / 60;
  if (def == 0) return localMinute; // UTC
  if (def == 2) return localMinute - std; // standard time
  return localMinute - before; // wall time
}

/** The zone's UTC offset in minutes at `epochMs`, or i32.MIN_VALUE when unknown. */
export function zoneOffsetMinutes(zone: string, epochMs: i64): i32 {
  if (zone == "UTC" || zone == "GMT" || zone == "Etc/UTC" || zone == "Z") return 0;
  const start = TZ_DATA.indexOf("\n" + zone + "|");
  if (start < 0) return i32.MIN_VALUE;
  const end = TZ_DATA.indexOf("\n", start + 1);
  const parts = TZ_DATA.substring(start + 1, end).split("|");
  if (parts.length != 4) return i32.MIN_VALUE;
  const minute = floorDiv(epochMs, 60000);
  if (minute < FROM_EPOCH_MINUTE) return i32.MIN_VALUE;
  let offset = I32.parseInt(parts[1]);
  let last: i64 = FROM_EPOCH_MINUTE;
  if (parts[2].length > 0) {
    const ts = parts[2].split(",");
    for (let i = 0; i < ts.length; i++) {
      const p = ts[i].split(":");
      const at = I64.parseInt(p[0]);
      if (at > minute) break;
      offset = I32.parseInt(p[1]);
      last = at;
    }
  }
  if (parts[3].length > 0) {
    const rules = parts[3].split(",");
    const year = <i32>(1970 + floorDiv(minute, 525949)); // approximate year; neighbours are checked too
    let best: i64 = last;
    for (let y = year - 1; y <= year + 1; y++) {
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r].split(":");
        const at = ruleTransition(rule, y);
        if (at <= minute && at > best) {
          best = at;
          offset = I32.parseInt(rule[7]);
        }
      }
    }
  }
  return offset;
}
