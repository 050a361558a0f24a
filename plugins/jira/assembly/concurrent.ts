// Concurrent edits during update_task. Jira Cloud has no conditional update (no If-Match on issues), so a person's
// edit that lands between the engine's read and our PUT would be overwritten silently. Two checks close that:
// before the write, a field whose current value is neither what the caller last read ("expected") nor what it
// writes is left out; after the write, the changelog shows another author's change to a written field made after
// the read this write was planned on, and that person's value is put back. Either way the field is reported in
// the item's "concurrent_edits", so the engine merges it again instead of recording its own value as agreed.
import {
  JSON, isString, isArray, isNull, stringsOf, arrayOfStrings, nullValue,
  toJsonText,
} from "../../pdk";
import { MARKER_LABEL_PREFIX } from "./mapping";
import { parseIso, normalizeIso, Timestamp } from "./time";
import { historiesOf, History } from "./changelog";

/** The Jira field id (first path segment) a Zen field is stored in. */
export function jiraFieldOf(zenField: string, m: Map<string, string>): string {
  let path = m.has(zenField) ? m.get(zenField) : zenField;
  if (path.startsWith("fields.")) path = path.substring(7);
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.substring(0, dot);
}

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

export function sameZenValue(zenField: string, a: JSON.Value | null, b: JSON.Value | null): bool {
  return comparable(a, zenField == "labels") == comparable(b, zenField == "labels");
}

/** The highest changelog history id of an issue read with expand=changelog (0 when it has none). */
export function lastHistoryId(issue: JSON.Obj): i64 {
  let max: i64 = 0;
  const histories = historiesOf(issue);
  if (histories == null) return max;
  for (let h = 0; h < histories.length; h++) {
    const id = historyId(histories[h]);
    if (id > max) max = id;
  }
  return max;
}

function historyId(h: History): i64 {
  const s = h.id;
  if (s == null || s!.length == 0 || s!.length > 18) return 0;
  for (let i = 0; i < s!.length; i++) {
    const c = s!.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return 0;
  }
  return I64.parseInt(s!);
}

/** Another author's latest change to one Jira field, from a changelog. */
export class ForeignChange {
  by: string = "";
  at: string = "";
  to: string | null = null;
  id: i64 = 0;
}

/**
 * The latest change to `jiraField` by an author other than `self`, in histories newer than history `after` or
 * created after `sinceMs` (epoch ms; 0 for none): the caller's read may be older than this attempt's, when an earlier
 * attempt's write committed before its answer failed. Null when there is none. Histories without an author
 * (automation) count as another author's.
 */
export function foreignChange(issue: JSON.Obj, jiraField: string, after: i64, sinceMs: i64,
                              self: string): ForeignChange | null {
  const histories = historiesOf(issue);
  if (histories == null) return null;
  let best: ForeignChange | null = null;
  for (let h = 0; h < histories.length; h++) {
    const ho = histories[h];
    const id = historyId(ho);
    if (best != null && id < best!.id) continue;
    const created = ho.created;
    let ts: Timestamp | null = null;
    if (created != null) ts = parseIso(created!);
    if (id <= after && (sinceMs <= 0 || ts == null || ts!.epochMs <= sinceMs)) continue;
    const author = ho.author;
    if (author != null && author! == self) continue;
    const items = ho.items;
    if (items == null) continue;
    for (let i = 0; i < items.length; i++) {
      const io = items[i];
      const fid = io.fid;
      if (fid == null || fid! != jiraField) continue;
      const c = new ForeignChange();
      c.id = id;
      c.by = author == null ? "" : author!;
      let norm: string | null = null;
      if (ts != null) norm = normalizeIso(created);
      if (norm != null) c.at = norm!;
      c.to = io.to;
      best = c;
    }
  }
  return best;
}

/** The Zen value a changelog `toString` stands for: labels split on spaces (markers left out), else the text. */
export function zenValueOfChange(zenField: string, jiraField: string, to: string | null): JSON.Value {
  if (zenField == "labels" || jiraField == "labels") {
    const out = new Array<string>();
    if (to != null) {
      const parts = to!.split(" ");
      for (let i = 0; i < parts.length; i++) {
        if (parts[i].length > 0 && !parts[i].startsWith(MARKER_LABEL_PREFIX)) out.push(parts[i]);
      }
    }
    return JSON.Value.from<JSON.Arr>(arrayOfStrings(out));
  }
  if (to == null || to!.length == 0) return nullValue();
  return JSON.Value.from<string>(to!);
}

/** Whether the changelog string of a field can be turned back into its Zen value (text, names, labels). */
export function restorable(jiraField: string): bool {
  return jiraField == "summary" || jiraField == "description" || jiraField == "status" || jiraField == "priority" ||
    jiraField == "labels";
}

/** The "concurrent_edits" entry for one field. */
export function concurrentEntry(by: string, at: string, restored: bool): JSON.Obj {
  const o = new JSON.Obj();
  if (by.length > 0) o.set("by", by);
  if (at.length > 0) o.set("at", at);
  o.set("restored", restored);
  return o;
}
