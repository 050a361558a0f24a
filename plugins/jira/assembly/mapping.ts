// Zen fields <-> Jira issue fields under a field mapping (Zen field name -> dot path in the Jira issue).
import {
  JSON, getString, getObject, getArray, isString, isObject, isArray, isNull, isNumber, isBool, numberOf,
  stringsOf, arrayOfStrings, setNull, nullValue, toJsonText, getPathParts,
} from "../../pdk";
import { readDescription, writeDescription } from "./adf";
import { normalizeIso } from "./time";

/** Labels that carry the idempotency marker; never shown to Zen and never removed by a write. */
export const MARKER_LABEL_PREFIX = "zen-sync-";

/** Zen fields that are read-only on the Jira side. */
export function isReadOnly(zenField: string): bool {
  return zenField == "id" || zenField == "key" || zenField == "created" || zenField == "updated";
}

/** The default mapping, in a stable order. */
export function defaultMapping(): Map<string, string> {
  const m = new Map<string, string>();
  m.set("id", "key");
  m.set("title", "summary");
  m.set("description", "description");
  m.set("status", "status.name");
  m.set("priority", "priority.name");
  m.set("assignee", "assignee.displayName");
  m.set("labels", "labels");
  m.set("created", "created");
  m.set("updated", "updated");
  return m;
}

/** The default mapping overridden by `field_mapping` (string values only; null removes a field). */
export function effectiveMapping(overrides: JSON.Obj | null): Map<string, string> {
  const m = defaultMapping();
  if (overrides == null) return m;
  const keys = overrides.keys();
  for (let i = 0; i < keys.length; i++) {
    const v = overrides.get(keys[i]);
    if (isString(v)) m.set(keys[i], v!.get<string>());
    else if (isNull(v) && m.has(keys[i])) m.delete(keys[i]);
  }
  return m;
}

/** The mapping as a JSON object. */
export function mappingJson(m: Map<string, string>): JSON.Obj {
  const o = new JSON.Obj();
  const keys = m.keys();
  for (let i = 0; i < keys.length; i++) o.set(keys[i], m.get(keys[i]));
  return o;
}

/** Top-level issue attributes; every other path starts in `fields`. */
function isTopLevel(path: string): bool {
  return path == "key" || path == "id" || path == "self";
}

function stripFields(path: string): string {
  return path.startsWith("fields.") ? path.substring(7) : path;
}

/** The Jira field id a mapped path is stored in: its first segment after "fields.". */
export function jiraFieldId(path: string): string {
  const p = stripFields(path);
  const dot = p.indexOf(".");
  return dot < 0 ? p : p.substring(0, dot);
}

/** The Jira field ids (first path segments) a mapping reads, for the `fields` request parameter. */
export function jiraFieldIds(m: Map<string, string>): string[] {
  const out = new Array<string>();
  const keys = m.keys();
  for (let i = 0; i < keys.length; i++) {
    const path = m.get(keys[i]);
    if (isTopLevel(stripFields(path))) continue;
    const id = jiraFieldId(path);
    if (!out.includes(id)) out.push(id);
  }
  for (let i = 0; i < 3; i++) {
    const must = ["updated", "labels", "status"][i];
    if (!out.includes(must)) out.push(must);
  }
  return out;
}

/** A display string for a Jira value that is not a string (names of objects, numbers, JSON otherwise). */
function displayOf(v: JSON.Value): string {
  if (isString(v)) return v.get<string>();
  if (isNumber(v)) {
    const n = numberOf(v);
    return n == Math.floor(n) && Math.abs(n) < 1e15 ? (<i64>n).toString() : n.toString();
  }
  if (isBool(v)) return v.get<bool>() ? "true" : "false";
  if (isObject(v)) {
    const o = v.get<JSON.Obj>();
    const names = ["value", "name", "displayName", "key", "id", "accountId"];
    for (let i = 0; i < names.length; i++) {
      const s = getString(o, names[i]);
      if (s != null) return s;
    }
  }
  return toJsonText(v);
}

/** Whether a value is a Jira datetime string (`2025-09-20T10:30:00.000+0000`). */
function isDateTime(v: JSON.Value): bool {
  if (!isString(v)) return false;
  const s = v.get<string>();
  return s.length >= 19 && s.charAt(4) == "-" && s.charAt(7) == "-" && s.charAt(10) == "T" && s.charAt(13) == ":";
}

/** Zen fields of a Jira issue, plus notes about descriptions that text cannot represent. */
export class ZenView {
  fields: JSON.Obj = new JSON.Obj();
  warnings: string[] = [];
  descriptionLossless: bool = true;
  descriptionText: string = "";
}

/** One Zen field a mapping reads: its Jira path (without "fields.") split once, not on every read. */
class MappedRead {
  parts: string[];
  topLevel: bool;
  constructor(public zen: string, public path: string) {
    this.parts = path.split(".");
    this.topLevel = isTopLevel(path);
  }
}

// The reads of the last mapping toZen was given. The plugin keeps one mapping object until its configuration changes
// (a new object then), so it is planned once; holding it here also keeps its address from being reused.
let readsOf: Map<string, string> | null = null;
let reads: MappedRead[] = [];

function readsFor(m: Map<string, string>): MappedRead[] {
  if (readsOf !== m) {
    const out = new Array<MappedRead>();
    const keys = m.keys();
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] != "id") out.push(new MappedRead(keys[i], stripFields(m.get(keys[i])))); // the item's id/key carry id
    }
    reads = out;
    readsOf = m;
  }
  return reads;
}

/**
 * Maps a Jira issue document ({id, key, fields:{...}}) to Zen fields. `m` must not be changed after it is first
 * given here (its reads are planned once per mapping object).
 */
export function toZen(issue: JSON.Obj, m: Map<string, string>): ZenView {
  const view = new ZenView();
  const jf = getObject(issue, "fields");
  const plan = readsFor(m);
  for (let i = 0; i < plan.length; i++) {
    const read = plan[i];
    const zen = read.zen;
    const path = read.path;
    const v = read.topLevel ? issue.get(path) : getPathParts(jf, read.parts);
    if (zen == "description" || (v != null && isObject(v) && getString(v.get<JSON.Obj>(), "type") == "doc")) {
      const d = readDescription(v);
      if (zen == "description") {
        view.descriptionLossless = d.lossless;
        view.descriptionText = d.text;
      }
      if (!d.lossless) {
        view.warnings.push(zen + " has content plain text cannot represent (" + d.unsupported.join(", ") +
          "); it is shown as text and will not be overwritten unless its text is changed");
      }
      if (v == null || isNull(v)) setNull(view.fields, zen);
      else view.fields.set(zen, d.text);
    } else if (v == null || isNull(v)) {
      setNull(view.fields, zen);
    } else if (zen == "labels" || isArray(v)) {
      const items = new Array<string>();
      const a = v.get<JSON.Arr>();
      for (let j = 0; j < a.length; j++) {
        const s = displayOf(a.at(j));
        if (!(zen == "labels" && s.startsWith(MARKER_LABEL_PREFIX))) items.push(s);
      }
      view.fields.set(zen, arrayOfStrings(items));
    } else if (zen == "created" || zen == "updated" || (path.startsWith("customfield_") && isDateTime(v))) {
      // a custom datetime reads in the ABI form, as written back, so a round trip is no change
      const s = displayOf(v);
      const n = normalizeIso(s);
      view.fields.set(zen, n == null ? s : n!);
    } else {
      view.fields.set(zen, displayOf(v));
    }
    if (path == "status.name") {
      // the status's category (new, indeterminate, done), for value maps' category fallback; never a Zen field
      const cat = getString(getObject(getObject(jf, "status"), "statusCategory"), "key");
      if (cat != null) view.fields.set(zen + "_category", cat!);
    }
  }
  return view;
}

/** How a Zen field is written: a plain Jira field document, or something that needs a lookup first. */
export class WritePlan {
  /** Jira `fields` for create/edit. */
  fields: JSON.Obj = new JSON.Obj();
  /** Target status name, when `status` was given (applied through a transition). */
  status: string | null = null;
  /** Jira field id and display name/email to resolve to an accountId. */
  userFields: Map<string, string> = new Map<string, string>();
  /** Jira field id of labels and the labels to set (marker labels are kept by the writer). */
  labelsField: string | null = null;
  labels: string[] = [];
  /** Jira field id of the description and its new text. */
  descriptionField: string | null = null;
  descriptionText: string | null = null;
  hasDescription: bool = false;
  ignored: string[] = [];
}

/** Builds a nested value for a dot path: "priority.name" = v -> {"priority": {"name": v}}. */
function setPath(target: JSON.Obj, path: string, v: JSON.Value): void {
  const parts = path.split(".");
  if (parts.length == 1) {
    target.set(parts[0], v);
    return;
  }
  if (isNull(v)) {
    target.set(parts[0], nullValue()); // clearing an object field clears the whole field
    return;
  }
  let inner = new JSON.Obj();
  inner.set(parts[parts.length - 1], v);
  for (let i = parts.length - 2; i >= 1; i--) {
    const outer = new JSON.Obj();
    outer.set(parts[i], inner);
    inner = outer;
  }
  target.set(parts[0], inner);
}

/** Plans the Jira write for Zen `fields` (an update's changed fields, or a create's fields). */
export function planWrite(zen: JSON.Obj, m: Map<string, string>): WritePlan {
  const plan = new WritePlan();
  const keys = zen.keys();
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i];
    const v = zen.get(name)!;
    if (isReadOnly(name)) {
      plan.ignored.push(name);
      continue;
    }
    const mapped = m.has(name) ? m.get(name) : name; // unmapped extras go to the field of the same id
    const path = stripFields(mapped);
    if (isTopLevel(path)) {
      plan.ignored.push(name);
      continue;
    }
    const dot = path.indexOf(".");
    const fieldId = dot < 0 ? path : path.substring(0, dot);
    if (name == "status" || path == "status.name") {
      plan.status = isString(v) ? v.get<string>() : null;
      continue;
    }
    if (name == "description" || fieldId == "description") {
      plan.hasDescription = true;
      plan.descriptionField = fieldId;
      plan.descriptionText = isString(v) ? v.get<string>() : null;
      continue;
    }
    if (name == "labels" || fieldId == "labels") {
      plan.labelsField = fieldId;
      plan.labels = isArray(v) ? stringsOf(v.get<JSON.Arr>()) : [];
      continue;
    }
    if ((path.endsWith(".displayName") || path.endsWith(".emailAddress")) && isString(v)) {
      plan.userFields.set(fieldId, v.get<string>());
      continue;
    }
    setPath(plan.fields, path, v);
  }
  return plan;
}

/** The ADF value for a description text (JSON null for empty). */
export function descriptionValue(text: string | null): JSON.Value {
  if (text == null) return nullValue();
  const doc = writeDescription(text);
  return doc == null ? nullValue() : JSON.Value.from<JSON.Obj>(doc!);
}

/** A Jira write document for Zen fields without lookups (map_to_external): users stay as display names. */
export function toExternal(zen: JSON.Obj, m: Map<string, string>): JSON.Obj {
  const plan = planWrite(zen, m);
  const f = plan.fields;
  if (plan.hasDescription) f.set(plan.descriptionField!, descriptionValue(plan.descriptionText));
  if (plan.labelsField != null) f.set(plan.labelsField!, arrayOfStrings(plan.labels));
  const users = plan.userFields.keys();
  for (let i = 0; i < users.length; i++) {
    const u = new JSON.Obj();
    u.set("displayName", plan.userFields.get(users[i]));
    f.set(users[i], u);
  }
  if (plan.status != null) {
    const s = new JSON.Obj();
    s.set("name", plan.status!);
    f.set("status", s);
  }
  const raw = new JSON.Obj();
  raw.set("fields", f);
  return raw;
}
