// Concurrent edits during update_task (ABI "expected", docs/plugin-abi.md). GitHub has no conditional PATCH for
// issues, so the plugin re-reads the issue just before writing (a conditional GET: a 304 when nothing changed costs
// no rate limit) and leaves out of the write every field whose current value is neither what the engine last read
// ("expected") nor what it writes: someone changed it since the engine's read. Those fields are reported in the
// item's "concurrent_edits" and keep the person's value; the engine merges them again.
import { JSON, getString, isString, isArray, isNull, stringsOf, toJsonText } from "../../pdk";

/** A comparable form of a Zen value: labels sorted and joined, null and empty alike. */
function comparable(v: JSON.Value | null, labels: bool): string {
  if (v == null || isNull(v)) return "";
  if (isString(v)) return v.get<string>();
  if (isArray(v)) {
    const items = stringsOf(v.get<JSON.Arr>());
    if (labels) items.sort();
    return items.join(labels ? " " : ", ");
  }
  return toJsonText(v);
}

function same(field: string, a: JSON.Value | null, b: JSON.Value | null): bool {
  return comparable(a, field == "labels") == comparable(b, field == "labels");
}

/**
 * The fields of `zen` to write: those whose value `now` (the issue as Zen fields) is what the engine last read
 * (`expected`) or already what it writes. Each other field is left out and reported in `concurrent` with the issue's
 * `updated` time (GitHub's issue does not say who edited it).
 */
export function unchangedSinceRead(zen: JSON.Obj, expected: JSON.Obj, now: JSON.Obj, updated: string | null,
                                   concurrent: JSON.Obj): JSON.Obj {
  const out = new JSON.Obj();
  const keys = zen.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = zen.get(k);
    if (expected.has(k) && now.has(k)) {
      const cur = now.get(k);
      if (!same(k, cur, expected.get(k)) && !same(k, cur, v)) {
        const entry = new JSON.Obj();
        if (updated != null) entry.set("at", updated!);
        entry.set("restored", false);
        concurrent.set(k, entry);
        continue;
      }
    }
    out.set(k, v!);
  }
  return out;
}

/** The item's "updated" time, for the report. */
export function updatedOf(item: JSON.Obj): string | null {
  return getString(item, "updated");
}
