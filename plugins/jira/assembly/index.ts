// Jira Cloud REST v3 plugin for Zen (ABI v1). Operations: docs/plugin-abi.md; Jira behaviour:
// /work/shared/reference/jira-github-api.md. Credentials are added by the host (http_request_auth).
import {
  JSON, run, initWith, validateWith, config, Result, PluginError, ErrorCode, Log,
  getString, getObject, getArray, getNumber, getBool, isNumber, isString, isObject, isArray, isNull, objectAt, stringsOf, arrayOfStrings,
  quote, parseObject, setNull, nullValue, toJsonText, sourceCopy, Handler,
} from "../../pdk";
import { Jira, Reply } from "./client";
import {
  effectiveMapping, mappingJson, jiraFieldIds, jiraFieldId, toZen, planWrite, descriptionValue, toExternal, ZenView,
  MARKER_LABEL_PREFIX, isReadOnly,
} from "./mapping";
import { readDescription } from "./adf";
import { listComments, addComment, updateComment, deleteComment, noBody } from "./comments";
import { parseIso, normalizeIso, jqlLowerBound } from "./time";
import {
  jiraFieldOf, sameZenValue, lastHistoryId, foreignChange, zenValueOfChange, restorable, concurrentEntry,
} from "./concurrent";
import { remember, snapshotAt } from "./snapshot";
import { historiesOf } from "./changelog";
export * from "../../pdk/exports";

const PROPERTY_KEY = "zen.sync";

let jira: Jira = new Jira("http://unconfigured.invalid", 10000);
let mapping: Map<string, string> = effectiveMapping(null);
let projectKey: string = "";
let issueType: string = "Task";
let overlapMinutes: i64 = 5;
/** Custom field id -> schema type ("number", "option", "array:option", ...) from GET /field, loaded when needed. */
let fieldTypes: Map<string, string> | null = null;

// ---------------------------------------------------------------- configuration

function isProjectKey(s: string): bool {
  if (s.length < 2) return false;
  const c0 = s.charCodeAt(0);
  if (c0 < 0x41 || c0 > 0x5a) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x5f)) return false;
  }
  return true;
}

function isFieldPath(s: string): bool {
  if (s.length == 0 || s.startsWith(".") || s.endsWith(".") || s.includes("..")) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    const d = s.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (d >= 0x30 && d <= 0x39) || d == 0x5f || d == 0x2e)) return false;
  }
  return true;
}

function configError(key: string, message: string): Result {
  return Result.fail(new PluginError(ErrorCode.CONFIG_ERROR, message).withDetail("key", key));
}

function checkConfig(cfg: JSON.Obj): Result | null {
  const url = getString(cfg, "server_url");
  if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length < 10) {
    return configError("server_url", "server_url must be the Jira site URL, e.g. https://acme.atlassian.net");
  }
  const key = getString(cfg, "project_key");
  if (key == null || !isProjectKey(key)) {
    return configError("project_key", "project_key must be a Jira project key such as SYNC (upper-case letters, digits, _)");
  }
  const type = cfg.get("issue_type");
  if (type != null && !isNull(type) && (!isString(type) || type.get<string>().length == 0)) {
    return configError("issue_type", "issue_type must be the name of an issue type, e.g. Task");
  }
  const fm = cfg.get("field_mapping");
  if (fm != null && !isNull(fm)) {
    if (!isObject(fm)) return configError("field_mapping", "field_mapping must map Zen field names to Jira dot paths, e.g. {title: summary}");
    const o = fm.get<JSON.Obj>();
    const keys = o.keys();
    for (let i = 0; i < keys.length; i++) {
      const v = o.get(keys[i]);
      if (isNull(v)) continue;
      if (!isString(v) || !isFieldPath(v!.get<string>())) {
        return configError("field_mapping." + keys[i],
          "field_mapping." + keys[i] + " must be a Jira field path such as priority.name or customfield_10016");
      }
    }
  }
  const overlap = cfg.get("search_overlap_minutes");
  if (overlap != null && !isNull(overlap) && getNumber(cfg, "search_overlap_minutes", -1) < 0) {
    return configError("search_overlap_minutes", "search_overlap_minutes must be a number of minutes >= 0");
  }
  return null;
}

function applyConfig(cfg: JSON.Obj): Result | null {
  const bad = checkConfig(cfg);
  if (bad != null) return bad;
  const timeout = <i32>getNumber(cfg, "request_timeout_ms", 10000);
  jira = new Jira(getString(cfg, "server_url")!, timeout > 0 ? timeout : 10000);
  projectKey = getString(cfg, "project_key")!;
  const type = getString(cfg, "issue_type");
  issueType = type == null ? "Task" : type!;
  mapping = effectiveMapping(getObject(cfg, "field_mapping"));
  overlapMinutes = <i64>getNumber(cfg, "search_overlap_minutes", 5);
  fieldTypes = null; // another site has other custom field ids
  return null;
}

export function init(ptr: i32, len: i32): i64 {
  return initWith(ptr, len, applyConfig);
}

export function validate_config(ptr: i32, len: i32): i64 {
  return validateWith(ptr, len, checkConfig);
}

function cleanupOp(input: JSON.Obj): Result {
  return Result.empty();
}

export function cleanup(ptr: i32, len: i32): i64 {
  return run(ptr, len, cleanupOp);
}

// ---------------------------------------------------------------- helpers

/**
 * The largest operation input this plugin reads, in bytes. The longest write Jira accepts (a 254-character summary
 * and a 32,767-character description, even fully escaped) is far smaller; parsing a much bigger input could
 * exhaust the plugin's 32 MiB memory limit and trap, so it is refused before parsing.
 */
const MAX_INPUT_BYTES: i32 = 1 << 20;

/** The longest string value of a JSON text and the key it stands under (the last key before it). */
class Longest {
  key: string = "";
  length: i32 = 0;
}

/**
 * Finds the longest string value in the JSON text at guest memory `ptr` without parsing it (nothing is allocated
 * but the key's name). Its length counts code points, an escape sequence as one.
 */
function longestValue(ptr: i32, len: i32): Longest {
  const out = new Longest();
  let keyStart = 0;
  let keyEnd = 0;
  let i = 0;
  while (i < len) {
    if (load<u8>(<usize>(ptr + i)) != 0x22) {
      i++;
      continue;
    }
    const start = i + 1;
    let j = start;
    let chars = 0;
    while (j < len) {
      const b = load<u8>(<usize>(ptr + j));
      if (b == 0x22) break;
      if (b == 0x5c) j++;
      if ((b & 0xc0) != 0x80) chars++;
      j++;
    }
    let k = j + 1;
    while (k < len && (load<u8>(<usize>(ptr + k)) == 0x20 || load<u8>(<usize>(ptr + k)) == 0x0a ||
      load<u8>(<usize>(ptr + k)) == 0x0d || load<u8>(<usize>(ptr + k)) == 0x09)) k++;
    if (k < len && load<u8>(<usize>(ptr + k)) == 0x3a) {
      keyStart = start;
      keyEnd = j;
    } else if (chars > out.length && keyEnd > keyStart) {
      out.length = chars;
      out.key = String.UTF8.decodeUnsafe(<usize>(ptr + keyStart), <usize>(keyEnd - keyStart));
    }
    i = j + 1;
  }
  return out;
}

/** `run` for an operation whose input is refused with INVALID_DATA, unparsed, when larger than MAX_INPUT_BYTES. */
function bounded(ptr: i32, len: i32, op: string, handler: Handler): i64 {
  if (len <= MAX_INPUT_BYTES) return run(ptr, len, handler);
  const longest = longestValue(ptr, len);
  if (longest.key.length > 0) {
    const field = sizeLimited(longest.key, longest.length);
    if (field != null) return field.write();
  }
  const e = new PluginError(ErrorCode.INVALID_DATA,
    op + " input is " + len.toString() + " bytes; the Jira plugin reads at most " + MAX_INPUT_BYTES.toString() +
    " bytes (1 MiB). Jira takes at most " + SUMMARY_MAX.toString() + " characters of summary and " +
    TEXT_AREA_MAX.toString() + " of description: shorten the task's text. Nothing was sent to Jira.")
    .withDetail("limit_bytes", MAX_INPUT_BYTES.toString()).withDetail("length_bytes", len.toString());
  return Result.fail(e).write();
}

/** Issue ids and keys are letters, digits, '-' and '_': nothing that could change the request path. */
function isIssueRef(s: string): bool {
  if (s.length == 0 || s.length > 255) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f)) {
      return false;
    }
  }
  return true;
}

function badId(op: string): Result {
  return Result.error(ErrorCode.INVALID_DATA, op + " needs 'id': a Jira issue key such as SYNC-7 or a numeric issue id");
}

// The `fields` query parameter of the last mapping it was made for (a new mapping object replaces the old one when the
// configuration changes; holding it keeps its address from being reused): one per mapping, not per request.
let fieldsParamOf: Map<string, string> | null = null;
let fieldsParamText: string = "";

/** The mapped Jira field ids, URI-encoded for the `fields` query parameter. */
function fieldsParam(): string {
  if (fieldsParamOf !== mapping) {
    fieldsParamText = encodeURIComponent(jiraFieldIds(mapping).join(","));
    fieldsParamOf = mapping;
  }
  return fieldsParamText;
}

function issuePath(id: string): string {
  return "/issue/" + encodeURIComponent(id);
}

/** GET an issue with the mapped fields (and the changelog, for per-field change times). */
function fetchIssue(id: string, changelog: bool): Reply {
  return jira.get(issuePath(id) + "?fields=" + fieldsParam() + (changelog ? "&expand=changelog" : ""));
}

// The Jira field id (first path segment) each Zen field of the last mapping is stored in, once per mapping object
let headsOf: Map<string, string> | null = null;
let zenKeys: string[] = [];
let heads: string[] = [];

/** The latest change time per Zen field, from an issue's embedded changelog. */
function fieldChangedAt(issue: JSON.Obj): JSON.Obj {
  const out = new JSON.Obj();
  const histories = historiesOf(issue);
  if (histories == null) return out;
  if (headsOf !== mapping) {
    zenKeys = mapping.keys();
    heads = new Array<string>(zenKeys.length);
    for (let z = 0; z < zenKeys.length; z++) heads[z] = jiraFieldId(mapping.get(zenKeys[z]));
    headsOf = mapping;
  }
  // per Zen field: the latest time and the history's `created` text, in the order the fields were first seen
  const n = zenKeys.length;
  const best = new StaticArray<i64>(n);
  const text = new StaticArray<string | null>(n);
  const order = new Array<i32>();
  for (let h = 0; h < histories.length; h++) {
    const ho = histories[h];
    const created = ho.created;
    if (created == null) continue;
    const ts = parseIso(created);
    if (ts == null) continue;
    const items = ho.items;
    if (items == null) continue;
    for (let i = 0; i < items.length; i++) {
      const fid = items[i].fid;
      if (fid == null) continue;
      for (let z = 0; z < n; z++) {
        if (unchecked(heads[z]) != fid!) continue;
        if (unchecked(text[z]) == null) order.push(z);
        else if (unchecked(best[z]) >= ts.epochMs) continue;
        unchecked(best[z] = ts.epochMs);
        unchecked(text[z] = created);
      }
    }
  }
  for (let i = 0; i < order.length; i++) {
    const z = order[i];
    out.set(zenKeys[z], normalizeIso(text[z])!);
  }
  return out;
}

/**
 * The item's `raw` copy of an issue document: the issue without its changelog, written from the text Jira sent.
 * Take it when the issue is parsed, before anything reads it (sourceCopy).
 */
function rawOf(issue: JSON.Obj): JSON.Obj {
  return sourceCopy(issue, "changelog");
}

/** The ABI item for a Jira issue document; `raw` is its rawOf. */
function itemOf(issue: JSON.Obj, raw: JSON.Obj, extraWarnings: string[]): JSON.Obj {
  const view = toZen(issue, mapping);
  const item = new JSON.Obj();
  const id = getString(issue, "id");
  const key = getString(issue, "key");
  item.set("id", id == null ? "" : id!);
  item.set("key", key == null ? (id == null ? "" : id!) : key!);
  if (key != null) item.set("url", jira.serverUrl + "/browse/" + key!);
  const updated = normalizeIso(getString(getObject(issue, "fields"), "updated"));
  if (updated != null) item.set("updated", updated!);
  item.set("fields", view.fields);
  const changed = fieldChangedAt(issue);
  if (changed.size > 0) item.set("field_changed_at", changed);
  const warnings = view.warnings;
  for (let i = 0; i < extraWarnings.length; i++) warnings.push(extraWarnings[i]);
  if (warnings.length > 0) item.set("warnings", arrayOfStrings(warnings));
  item.set("raw", raw);
  return item;
}

/** Re-reads an issue and returns it as the operation's item. */
function itemResult(id: string, warnings: string[]): Result {
  const r = fetchIssue(id, true);
  if (!r.ok) return Result.fail(r.error!);
  const issue = r.json();
  return Result.ok(itemOf(issue, rawOf(issue), warnings));
}

// ---------------------------------------------------------------- get

function getTask(input: JSON.Obj): Result {
  const id = getString(input, "id");
  if (id == null || !isIssueRef(id)) return badId("get_task_data");
  const r = fetchIssue(id, true);
  if (!r.ok) return Result.fail(r.error!);
  const issue = r.json();
  const raw = rawOf(issue);
  remember(issue); // update_task of the same sync may plan on it (snapshot.ts)
  return Result.ok(itemOf(issue, raw, []));
}

export function get_task_data(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "get_task_data", getTask);
}

// ---------------------------------------------------------------- users and status

/** Resolves a display name or e-mail address to exactly one active Jira accountId. */
function resolveAccount(who: string): Result {
  const r = jira.get("/user/search?query=" + encodeURIComponent(who) + "&maxResults=50");
  if (!r.ok) return Result.fail(r.error!);
  const users = r.response!.jsonArray();
  const matches = new Array<string>();
  const lower = who.toLowerCase();
  if (users != null) {
    for (let i = 0; i < users.length; i++) {
      const v = users.at(i);
      if (!isObject(v)) continue;
      const u = v.get<JSON.Obj>();
      const name = getString(u, "displayName");
      const email = getString(u, "emailAddress");
      const account = getString(u, "accountId");
      const active = u.get("active");
      if (account == null || (active != null && active.type == JSON.Types.Bool && !active.get<bool>())) continue;
      if ((name != null && name!.toLowerCase() == lower) || (email != null && email!.toLowerCase() == lower)) {
        if (!matches.includes(account!)) matches.push(account!);
      }
    }
  }
  if (matches.length == 1) return Result.ok(matches[0]);
  if (matches.length == 0) {
    return Result.fail(new PluginError(ErrorCode.INVALID_DATA,
      "no active Jira user is called '" + who + "'; use the user's exact display name or e-mail address").withDetail("user", who));
  }
  return Result.fail(new PluginError(ErrorCode.INVALID_DATA,
    "'" + who + "' matches " + matches.length.toString() + " Jira users; use the e-mail address instead").withDetail("user", who));
}

/** The status category key ("new", "indeterminate", "done") a status word stands for, or null. */
function categoryOf(status: string): string | null {
  const s = status.toLowerCase().replaceAll(" ", "").replaceAll("_", "").replaceAll("-", "");
  if (s == "todo" || s == "new" || s == "open" || s == "backlog" || s == "tobedone" || s == "reopened") return "new";
  if (s == "inprogress" || s == "indeterminate" || s == "doing" || s == "started" || s == "inreview" || s == "review") {
    return "indeterminate";
  }
  if (s == "done" || s == "closed" || s == "resolved" || s == "complete" || s == "completed" || s == "finished") return "done";
  return null;
}

/** Moves an issue to `target` through one of its available transitions. */
function changeStatus(id: string, target: string, currentName: string | null, currentCategory: string | null): Result {
  if (currentName != null && currentName!.toLowerCase() == target.toLowerCase()) return Result.empty();
  const r = jira.get(issuePath(id) + "/transitions");
  if (!r.ok) return Result.fail(r.error!);
  const list = getArray(r.json(), "transitions");
  const lower = target.toLowerCase();
  const wanted = categoryOf(target);
  let byStatus: string | null = null;
  let byName: string | null = null;
  let byCategory: string | null = null;
  const available = new Array<string>();
  if (list != null) {
    for (let i = 0; i < list.length; i++) {
      const v = list.at(i);
      if (!isObject(v)) continue;
      const t = v.get<JSON.Obj>();
      const tid = getString(t, "id");
      if (tid == null) continue;
      const name = getString(t, "name");
      const to = getObject(t, "to");
      const toName = getString(to, "name");
      const cat = getString(getObject(to, "statusCategory"), "key");
      available.push((name == null ? tid! : name!) + " -> " + (toName == null ? "?" : toName!));
      if (byStatus == null && toName != null && toName!.toLowerCase() == lower) byStatus = tid;
      if (byName == null && name != null && name!.toLowerCase() == lower) byName = tid;
      if (byCategory == null && wanted != null && cat != null && cat! == wanted!) byCategory = tid;
    }
  }
  let chosen = byStatus != null ? byStatus : byName;
  if (chosen == null && wanted != null && currentCategory != null && currentCategory! == wanted!) {
    return Result.empty(); // no status of that name, and already in a status of the wanted category
  }
  if (chosen == null) chosen = byCategory;
  if (chosen == null) {
    const listed = available.length == 0 ? "none (check the account's Transition issues permission)" : available.join(", ");
    return Result.fail(new PluginError(ErrorCode.INVALID_DATA,
      "no transition of " + id + " leads to status '" + target + "'. Available transitions: " + listed +
      ". Use one of those target statuses or change the Jira workflow.")
      .withDetail("target_status", target).withDetail("available_transitions", listed));
  }
  const body = '{"transition":{"id":' + quote(chosen!) + "}}";
  const p = jira.post(issuePath(id) + "/transitions", body);
  if (!p.ok) return Result.fail(p.error!);
  return Result.empty();
}

function statusName(issue: JSON.Obj): string | null {
  return getString(getObject(getObject(issue, "fields"), "status"), "name");
}

function statusCategory(issue: JSON.Obj): string | null {
  return getString(getObject(getObject(getObject(issue, "fields"), "status"), "statusCategory"), "key");
}

// ---------------------------------------------------------------- sizes Jira refuses

/** Jira Cloud refuses a summary of 255 characters or more ("Summary must be less than 255 characters"). */
const SUMMARY_MAX: i32 = 254;
/** Jira's limit for a text area such as the description: 32,767 characters. */
const TEXT_AREA_MAX: i32 = 32767;

function tooLong(zenField: string, jiraField: string, length: i32, limit: i32): Result {
  return Result.fail(new PluginError(ErrorCode.INVALID_DATA,
    zenField + " is " + length.toString() + " characters long; Jira's " + jiraField + " takes at most " +
    limit.toString() + " characters. Shorten it; nothing was sent to Jira.")
    .withDetail("field", zenField).withDetail("jira_field", jiraField)
    .withDetail("limit", limit.toString()).withDetail("length", length.toString()));
}

/**
 * Refuses, before any request, a write whose summary or description Jira would refuse for its length: an
 * INVALID_DATA error naming the Zen field, the Jira field and the limit (in characters, as Jira counts them).
 */
function checkSizes(zen: JSON.Obj): Result | null {
  const keys = zen.keys();
  for (let i = 0; i < keys.length; i++) {
    const v = zen.get(keys[i]);
    if (v == null || !isString(v)) continue;
    const bad = sizeLimited(keys[i], v.get<string>().length);
    if (bad != null) return bad;
  }
  return null;
}

/** The error for a Zen field's text of `length` characters when its Jira field (summary, description) is shorter. */
function sizeLimited(zenField: string, length: i32): Result | null {
  let path = mapping.has(zenField) ? mapping.get(zenField) : zenField;
  if (path.startsWith("fields.")) path = path.substring(7);
  if (path == "summary" && length > SUMMARY_MAX) return tooLong(zenField, path, length, SUMMARY_MAX);
  if ((zenField == "description" || path == "description") && length > TEXT_AREA_MAX) {
    return tooLong(zenField, path, length, TEXT_AREA_MAX);
  }
  return null;
}

// ---------------------------------------------------------------- writes

/** Marker labels already on an issue (kept whenever labels are written). */
function markerLabels(issue: JSON.Obj, field: string): string[] {
  const out = new Array<string>();
  const labels = stringsOf(getArray(getObject(issue, "fields"), field));
  for (let i = 0; i < labels.length; i++) if (labels[i].startsWith(MARKER_LABEL_PREFIX)) out.push(labels[i]);
  return out;
}

/** Fills `fields` with the resolved users and labels of a plan; returns an error Result or null. */
function resolveUsers(userFields: Map<string, string>, fields: JSON.Obj): Result | null {
  const keys = userFields.keys();
  for (let i = 0; i < keys.length; i++) {
    const r = resolveAccount(userFields.get(keys[i]));
    if (!r.isOk) return r;
    const u = new JSON.Obj();
    u.set("accountId", r.value!.get<string>());
    fields.set(keys[i], u);
  }
  return null;
}

/** Loads the site's custom field types once (GET /field); returns an error Result or null. */
function loadFieldTypes(): Result | null {
  if (fieldTypes != null) return null;
  const r = jira.get("/field");
  if (!r.ok) return Result.fail(r.error!);
  const types = new Map<string, string>();
  const all = r.response!.jsonArray();
  if (all != null) {
    for (let i = 0; i < all.length; i++) {
      const v = all.at(i);
      if (!isObject(v)) continue;
      const f = v.get<JSON.Obj>();
      const id = getString(f, "id");
      const schema = getObject(f, "schema");
      if (id == null || schema == null) continue;
      const type = getString(schema!, "type");
      const items = getString(schema!, "items");
      if (type != null) types.set(id!, items == null ? type! : type! + ":" + items!);
    }
  }
  fieldTypes = types;
  return null;
}

/**
 * Zen's extra fields are text; Jira validates each custom field against its schema (a string "5" for a number
 * field is a 400). Converts text written to a custom field into the shape its type takes (GET /field, cached):
 * number; option and multi-select by value or id; labels-like arrays; user (display name, e-mail or account id);
 * date; datetime. Text the type cannot take is INVALID_DATA naming the Zen field, the Jira field and the type,
 * before anything is sent.
 */
function coerceCustomFields(fields: JSON.Obj): Result | null {
  const keys = fields.keys();
  let needed = false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i].startsWith("customfield_") && isString(fields.get(keys[i])!)) needed = true;
  }
  if (!needed) return null;
  const failed = loadFieldTypes();
  if (failed != null) return failed;
  for (let i = 0; i < keys.length; i++) {
    const id = keys[i];
    const v = fields.get(id)!;
    if (!id.startsWith("customfield_") || !isString(v) || !fieldTypes!.has(id)) continue;
    const t = typedValue(id, fieldTypes!.get(id), v.get<string>().trim());
    if (t.error != null) return t.error;
    if (t.value != null) fields.set(id, t.value!);
  }
  return null;
}

/** The Zen field a Jira field id is mapped from (the id itself when none is). */
function zenFieldOf(jiraId: string): string {
  const keys = mapping.keys();
  for (let i = 0; i < keys.length; i++) {
    let path = mapping.get(keys[i]);
    if (path.startsWith("fields.")) path = path.substring(7);
    if (path == jiraId) return keys[i];
  }
  return jiraId;
}

/** A converted custom field value (null: leave the text), or the error why it cannot be. */
class Typed {
  constructor(public value: JSON.Value | null, public error: Result | null) {}
}

function typed(v: JSON.Value): Typed {
  return new Typed(v, null);
}

function notOfType(id: string, type: string, text: string, expected: string): Typed {
  const zen = zenFieldOf(id);
  return new Typed(null, Result.fail(new PluginError(ErrorCode.INVALID_DATA, zen + ": Jira field " + id + " is of type " + type +
    " and takes " + expected + ", not '" + text + "'; nothing was sent to Jira")
    .withDetail("field", zen).withDetail("jira_field", id).withDetail("type", type)));
}

/** An option by value, or by id when written `id:10020`. */
function optionOf(text: string): JSON.Obj {
  const o = new JSON.Obj();
  if (text.startsWith("id:")) o.set("id", text.substring(3).trim()); else o.set("value", text);
  return o;
}

/** Items of a Zen list value: comma-separated (as Zen reads arrays), else space-separated for labels-like fields. */
function listItems(text: string, spaces: bool): string[] {
  const out = new Array<string>();
  const parts = text.indexOf(",") >= 0 || !spaces ? text.split(",") : text.split(" ");
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i].trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

/** Jira's datetime form of an ISO timestamp (`2025-09-20T10:30:00.000+0000`), or null when it is none. */
function jiraDateTime(text: string): string | null {
  const n = normalizeIso(text);
  if (n == null) return null;
  const at = n!.length - 3; // "+HH:MM" -> "+HHMM"
  return n!.substring(0, at) + n!.substring(at + 1);
}

/** The JSON value Jira takes for `text` in a custom field of `type`; ok(null) leaves the text as it is. */
function typedValue(id: string, type: string, text: string): Typed {
  if (text.length == 0) return typed(nullValue());
  if (type == "number") {
    const n = parseFloat(text);
    if (isNaN(n) || !isFinite(n)) return notOfType(id, type, text, "a number");
    return typed(JSON.Value.from<f64>(n));
  }
  if (type == "option") return typed(JSON.Value.from<JSON.Obj>(optionOf(text)));
  if (type == "array:option") {
    const a = new JSON.Arr();
    const items = listItems(text, false);
    for (let i = 0; i < items.length; i++) a.push(JSON.Value.from<JSON.Obj>(optionOf(items[i])));
    return typed(JSON.Value.from<JSON.Arr>(a));
  }
  if (type == "array:string") return typed(JSON.Value.from<JSON.Arr>(arrayOfStrings(listItems(text, true))));
  if (type == "user") {
    const r = resolveAccount(text);
    let account: string | null = r.isOk ? r.value!.get<string>() : null;
    if (account == null && looksLikeAccountId(text)) account = text;
    if (account == null) return notOfType(id, type, text, "a Jira user's display name, e-mail or account id");
    const u = new JSON.Obj();
    u.set("accountId", account!);
    return typed(JSON.Value.from<JSON.Obj>(u));
  }
  if (type == "date") {
    const day = text.length >= 10 ? text.substring(0, 10) : text;
    if (parseIso(day + "T00:00:00Z") == null || (text.length > 10 && normalizeIso(text) == null)) {
      return notOfType(id, type, text, "a date such as 2025-09-20");
    }
    return typed(JSON.Value.from<string>(day));
  }
  if (type == "datetime") {
    const j = jiraDateTime(text);
    if (j == null) return notOfType(id, type, text, "an ISO-8601 date-time such as 2025-09-20T10:30:00Z");
    return typed(JSON.Value.from<string>(j!));
  }
  return new Typed(null, null);
}

/** A Jira Cloud account id: 24 hex digits, or the `<digits>:<uuid>` form. */
function looksLikeAccountId(s: string): bool {
  if (s.indexOf(" ") >= 0 || s.indexOf("@") >= 0) return false;
  return s.length == 24 || (s.indexOf(":") > 0 && s.length > 30);
}

/** The issue as a write left it, when the write's own answer shows it (PUT ?returnIssue=true, no transition after). */
class Written {
  issue: JSON.Obj | null = null;
  /** rawOf(issue) */
  raw: JSON.Obj | null = null;
}

/**
 * Writes Zen `zen` fields to issue `id` (read as `issue`): the edit, then the status transition. The edit asks Jira
 * to answer with the edited issue and its changelog, so that no read is needed after it; `out` gets that issue.
 */
function writeZen(id: string, zen: JSON.Obj, issue: JSON.Obj, warnings: string[], out: Written = new Written()): Result {
  const plan = planWrite(zen, mapping);
  const body = plan.fields;
  if (plan.hasDescription) {
    const field = plan.descriptionField!;
    const current = readDescription(getObject(issue, "fields") == null ? null : getObject(issue, "fields")!.get(field));
    const next = plan.descriptionText == null ? "" : plan.descriptionText!;
    if (next == current.text) {
      if (!current.lossless) {
        warnings.push(field + " kept: it has content text cannot represent (" + current.unsupported.join(", ") +
          ") and its text did not change");
      }
    } else {
      if (!current.lossless) {
        warnings.push(field + " replaced: its text changed, so its unsupported content (" +
          current.unsupported.join(", ") + ") was replaced by the new text");
        Log.warn("replacing rich " + field + " of " + id + " because its text changed");
      }
      body.set(field, descriptionValue(plan.descriptionText));
    }
  }
  if (plan.labelsField != null) {
    const labels = plan.labels.slice(0);
    const markers = markerLabels(issue, plan.labelsField!);
    for (let i = 0; i < markers.length; i++) if (!labels.includes(markers[i])) labels.push(markers[i]);
    body.set(plan.labelsField!, arrayOfStrings(labels));
  }
  const bad = resolveUsers(plan.userFields, body);
  if (bad != null) return bad;
  const uncoerced = coerceCustomFields(body);
  if (uncoerced != null) return uncoerced;
  for (let i = 0; i < plan.ignored.length; i++) warnings.push(plan.ignored[i] + " is read-only in Jira and was not written");

  if (body.size > 0) {
    const wrapper = new JSON.Obj();
    wrapper.set("fields", body);
    const r = jira.put(issuePath(id) + "?returnIssue=true&expand=changelog", toJsonText(wrapper));
    if (!r.ok) return Result.fail(r.error!);
    if (r.status == 200) { // a server without returnIssue answers 204: read afterwards
      const answer = r.json();
      out.issue = answer;
      out.raw = rawOf(answer);
    }
  }
  if (plan.status != null) {
    const current = statusName(issue);
    if (current == null || current!.toLowerCase() != plan.status!.toLowerCase()) out.issue = null; // stale after a transition
    const s = changeStatus(id, plan.status!, current, statusCategory(issue));
    if (!s.isOk) return s;
  }
  return Result.empty();
}

/** The account this plugin writes as (GET /myself once), to tell its changelog entries from other people's. */
let selfAccount: string | null = null;

function selfAccountId(): Result {
  if (selfAccount != null) return Result.ok(selfAccount!);
  const r = jira.get("/myself");
  if (!r.ok) return Result.fail(r.error!);
  const account = getString(r.json(), "accountId");
  if (account == null) return Result.error(ErrorCode.PROVIDER_UNAVAILABLE, "Jira's /myself returned no accountId");
  selfAccount = account;
  return Result.ok(account!);
}

/**
 * The fields of `zen` to write: those whose current value is what the caller last read (`expected`) or already
 * what it writes. Another field was changed by someone else since the caller's read: it is left out and reported.
 */
function unchangedSinceRead(zen: JSON.Obj, expected: JSON.Obj, issue: JSON.Obj, concurrent: JSON.Obj): JSON.Obj {
  const now = toZen(issue, mapping).fields;
  const out = new JSON.Obj();
  const keys = zen.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = zen.get(k);
    if (expected.has(k) && !isReadOnly(k)) {
      const cur = now.get(k);
      if (!sameZenValue(k, cur, expected.get(k)) && !sameZenValue(k, cur, v)) {
        const c = foreignChange(issue, jiraFieldOf(k, mapping), 0, 0, "");
        concurrent.set(k, concurrentEntry(c == null ? "" : c!.by, c == null ? "" : c!.at, false));
        continue;
      }
    }
    out.set(k, v!);
  }
  return out;
}

/**
 * After the write: another author's change to a written field made after the read `before` (or after
 * `expected_since`, the time of the caller's read) means that person edited it concurrently. When our value replaced theirs, their value is put back; either way the field is
 * reported. Returns the item.
 */
function afterWrite(id: string, written: JSON.Obj, before: i64, sinceMs: i64, concurrent: JSON.Obj,
                    warnings: string[], answer: Written): Result {
  let after: JSON.Obj;
  let raw: JSON.Obj;
  if (answer.issue != null) {
    after = answer.issue!;
    raw = answer.raw!;
  } else {
    const r = fetchIssue(id, true);
    if (!r.ok) return Result.fail(r.error!);
    after = r.json();
    raw = rawOf(after);
  }
  // the fields as Zen reads them now, only needed when someone else changed a written field: itemOf maps the issue
  // anyway, and mapping it twice on every push sync was a fifth of the guest's work
  let now: JSON.Obj | null = null;
  const restore = new JSON.Obj();
  const keys = written.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (isReadOnly(k)) continue;
    const field = jiraFieldOf(k, mapping);
    if (foreignChange(after, field, before, sinceMs, "") == null) continue; // nobody, not even us, changed it
    const self = selfAccountId();
    if (!self.isOk) return self;
    const c = foreignChange(after, field, before, sinceMs, self.value!.get<string>());
    if (c == null) continue;
    if (now == null) now = toZen(after, mapping).fields;
    const overwritten = sameZenValue(k, now!.get(k), written.get(k));
    if (overwritten && !restorable(field)) {
      warnings.push(k + " was changed in Jira by " + c!.by + " while this update wrote it; their value was replaced");
      continue;
    }
    if (overwritten) restore.set(k, zenValueOfChange(k, field, c!.to));
    concurrent.set(k, concurrentEntry(c!.by, c!.at, overwritten));
  }
  if (restore.size > 0) {
    Log.warn("restoring " + restore.keys().join(", ") + " of " + id + ": changed in Jira while this update wrote them");
    const w = writeZen(id, restore, after, warnings);
    if (!w.isOk) return w;
    const again = fetchIssue(id, true);
    if (!again.ok) return Result.fail(again.error!);
    after = again.json();
    raw = rawOf(after);
  }
  const item = itemOf(after, raw, warnings);
  if (concurrent.size > 0) item.set("concurrent_edits", concurrent);
  return Result.ok(item);
}

/** Whether every field of a write can be put back from the changelog, so the check after the write suffices. */
function allRestorable(zen: JSON.Obj): bool {
  const keys = zen.keys();
  for (let i = 0; i < keys.length; i++) {
    if (!isReadOnly(keys[i]) && !restorable(jiraFieldOf(keys[i], mapping))) return false;
  }
  return true;
}

/**
 * Two exchanges for a push sync when this instance still holds the engine's read (snapshot.ts): the write, whose
 * answer carries the issue and its changelog, and nothing else; a person's edit since that read shows in the
 * changelog and is put back (afterWrite). Without the snapshot, or when a written field cannot be put back, the
 * issue is read first and fields changed since `expected` are left out of the write.
 */
function updateTask(input: JSON.Obj): Result {
  const id = getString(input, "id");
  if (id == null || !isIssueRef(id)) return badId("update_task");
  const zen = getObject(input, "fields");
  if (zen == null) return Result.error(ErrorCode.INVALID_DATA, "update_task needs 'fields': an object of the changed Zen fields");
  const tooBig = checkSizes(zen!);
  if (tooBig != null) return tooBig;
  const expected = getObject(input, "expected");
  const warnings = new Array<string>();
  const since = getString(input, "expected_since");
  let sinceMs: i64 = 0;
  if (since != null) {
    const t = parseIso(since!);
    if (t != null) sinceMs = t!.epochMs;
  }
  const snap = expected != null && allRestorable(zen!) ? snapshotAt(id, sinceMs) : null;
  let issue: JSON.Obj;
  let before: i64;
  const concurrent = new JSON.Obj();
  let write = zen!;
  if (snap != null) {
    issue = snap.issue;
    before = snap.lastHistory;
  } else {
    const cur = fetchIssue(id, expected != null);
    if (!cur.ok) return Result.fail(cur.error!);
    issue = cur.json();
    before = lastHistoryId(issue);
    if (expected != null) write = unchangedSinceRead(zen!, expected!, issue, concurrent);
  }
  const out = new Written();
  const w = writeZen(id, write, issue, warnings, out);
  if (!w.isOk) return w;
  if (expected == null) return out.issue != null ? Result.ok(itemOf(out.issue!, out.raw!, warnings)) : itemResult(id, warnings);
  return afterWrite(id, write, before, sinceMs, concurrent, warnings, out);
}

export function update_task(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "update_task", updateTask);
}

/** 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits: a label-safe digest of an idempotency key. */
function fnv1a64(s: string): string {
  const bytes = Uint8Array.wrap(String.UTF8.encode(s));
  let h: u64 = 0xcbf29ce484222325;
  for (let i = 0; i < bytes.length; i++) {
    h ^= <u64>bytes[i];
    h *= 0x100000001b3;
  }
  let hex = h.toString(16);
  while (hex.length < 16) hex = "0" + hex;
  return hex;
}

function markerLabel(key: string): string {
  return MARKER_LABEL_PREFIX + fnv1a64(key);
}

/** Whether an issue document carries `key`: its zen.sync property names it, or (no property) its marker label. */
function isMarked(issue: JSON.Obj, key: string, property: JSON.Obj | null): bool {
  if (property != null) {
    const stored = getString(property, "idempotency_key");
    return stored == null || stored! == key; // a property naming another key: same label digest, not ours
  }
  const fields = getObject(issue, "fields");
  return stringsOf(getArray(fields, labelsFieldId())).includes(markerLabel(key)) ||
    stringsOf(getArray(fields, "labels")).includes(markerLabel(key));
}

/** The Jira field that holds labels (and so the marker label) under the mapping. */
function labelsFieldId(): string {
  if (!mapping.has("labels")) return "labels";
  let path = mapping.get("labels");
  if (path.startsWith("fields.")) path = path.substring(7);
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.substring(0, dot);
}

/**
 * Finds the issue created earlier for an idempotency key through search: label lookup, confirmed by the issue
 * property. Search is eventually consistent (Jira Cloud's index lags writes), so a miss proves nothing about
 * recent issues: `scanKeys` covers those.
 */
function findByMarker(key: string): Result {
  const jql = "project = " + quote(projectKey) + " AND labels = " + quote(markerLabel(key)) + " ORDER BY created ASC";
  const body = new JSON.Obj();
  body.set("jql", jql);
  body.set("maxResults", <f64>10);
  body.set("fields", arrayOfStrings(["labels", "created"]));
  const r = jira.post("/search/jql", toJsonText(body));
  if (!r.ok) return Result.fail(r.error!);
  const issues = getArray(r.json(), "issues");
  if (issues != null) {
    for (let i = 0; i < issues.length; i++) {
      const v = issues.at(i);
      if (!isObject(v)) continue;
      const id = getString(v.get<JSON.Obj>(), "id");
      if (id == null) continue;
      const p = jira.get(issuePath(id!) + "/properties/" + PROPERTY_KEY);
      if (p.ok) {
        if (!isMarked(v.get<JSON.Obj>(), key, getObject(p.json(), "value"))) continue;
        return Result.ok(id!);
      }
      if (p.status == 404) return Result.ok(id!); // label without property: the label digest decides
      return Result.fail(p.error!);
    }
  }
  return Result.ok(JSON.Value.from<JSON.Obj | null>(null));
}

/** A scan ends after this many consecutive missing keys (a deleted issue leaves its key unused). */
const SCAN_GAP: i32 = 3;
/** At most this many keys are read in one scan. */
const SCAN_MAX: i32 = 50;

/** What a key scan saw: our issue's id, or the highest issue number that exists; or an error. */
class Scan {
  found: string | null = null;
  highest: i64 = 0;
  error: PluginError | null = null;
}

function isDigits(s: string): bool {
  if (s.length == 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The highest issue number search shows in the project (0 for none): a lower bound, as search lags writes. */
function highestVisibleNumber(): Scan {
  const s = new Scan();
  const body = new JSON.Obj();
  body.set("jql", "project = " + quote(projectKey) + " ORDER BY key DESC");
  body.set("maxResults", <f64>1);
  body.set("fields", arrayOfStrings(["created"]));
  const r = jira.post("/search/jql", toJsonText(body));
  if (!r.ok) {
    s.error = r.error;
    return s;
  }
  const issues = getArray(r.json(), "issues");
  if (issues != null && issues.length > 0 && isObject(issues.at(0))) {
    const k = getString(issues.at(0).get<JSON.Obj>(), "key");
    const prefix = projectKey + "-";
    if (k != null && k!.startsWith(prefix) && isDigits(k!.substring(prefix.length))) {
      s.highest = I64.parseInt(k!.substring(prefix.length));
    }
  }
  return s;
}

/**
 * Reads the project's keys after number `after` one by one, until SCAN_GAP consecutive keys do not exist, looking
 * for the issue marked with `key`. Unlike search, a GET by key sees every committed issue at once, and keys are
 * issued in order per project, so this finds an issue a lagging search cannot show yet.
 */
function scanKeys(key: string, after: i64): Scan {
  const s = new Scan();
  s.highest = after;
  const query = "?fields=" + encodeURIComponent(labelsFieldId() == "labels" ? "labels" : "labels," + labelsFieldId()) +
    "&properties=" + PROPERTY_KEY;
  let n = after;
  let missing = 0;
  for (let probes = 0; missing < SCAN_GAP; probes++) {
    if (probes >= SCAN_MAX) {
      s.error = new PluginError(ErrorCode.PROVIDER_UNAVAILABLE,
        "create_task: more than " + SCAN_MAX.toString() + " issues of " + projectKey + " are newer than Jira's search " +
        "shows, so an issue created by an earlier attempt cannot be ruled out; nothing was created. Retry when " +
        "Jira's search has caught up (usually within a minute).").withRetryable(true).withRetryAfterMs(30000);
      return s;
    }
    n++;
    const r = jira.get(issuePath(projectKey + "-" + n.toString()) + query);
    if (r.status == 404) {
      missing++;
      continue;
    }
    if (!r.ok) {
      s.error = r.error;
      return s;
    }
    missing = 0;
    s.highest = n;
    const issue = r.json();
    if (isMarked(issue, key, getObject(getObject(issue, "properties"), PROPERTY_KEY))) {
      const id = getString(issue, "id");
      s.found = id == null ? projectKey + "-" + n.toString() : id!;
      return s;
    }
  }
  return s;
}

function foundId(r: Result): string | null {
  const v = r.value;
  return v != null && isString(v) ? v.get<string>() : null;
}

/** After a create: the wanted status, then the item. */
function finishCreate(id: string, plan: string | null, warnings: string[]): Result {
  if (plan != null) {
    const cur = jira.get(issuePath(id) + "?fields=status");
    if (!cur.ok) return Result.fail(cur.error!);
    const issue = cur.json();
    const s = changeStatus(id, plan!, statusName(issue), statusCategory(issue));
    if (!s.isOk) return s;
  }
  return itemResult(id, warnings);
}

function createTask(input: JSON.Obj): Result {
  const zen = getObject(input, "fields");
  if (zen == null) return Result.error(ErrorCode.INVALID_DATA, "create_task needs 'fields': an object of Zen fields with at least a title");
  const title = getString(zen, "title");
  if (title == null || title.trim().length == 0) {
    return Result.fail(new PluginError(ErrorCode.INVALID_DATA, "create_task needs a non-empty 'title' (Jira's summary)").withDetail("field", "title"));
  }
  const tooBig = checkSizes(zen!);
  if (tooBig != null) return tooBig;
  const key = getString(input, "idempotency_key");
  if (key == null) Log.warn("create_task without idempotency_key: a retry after a failure could duplicate the issue");
  const plan = planWrite(zen, mapping);
  const warnings = new Array<string>();

  // The issue an earlier attempt created: by search (older issues), then by key (issues search does not show yet).
  let highest: i64 = -1;
  if (key != null) {
    const found = findByMarker(key!);
    if (!found.isOk) return found;
    let existing = foundId(found);
    if (existing == null) {
      const visible = highestVisibleNumber();
      if (visible.error != null) return Result.fail(visible.error!);
      const scan = scanKeys(key!, visible.highest);
      if (scan.error != null) return Result.fail(scan.error!);
      existing = scan.found;
      highest = scan.highest;
    }
    if (existing != null) {
      Log.info("create_task: issue " + existing! + " already exists for this idempotency key");
      return finishCreate(existing!, plan.status, warnings);
    }
  }

  const fields = plan.fields;
  const project = new JSON.Obj();
  project.set("key", projectKey);
  fields.set("project", project);
  const type = new JSON.Obj();
  type.set("name", issueType);
  fields.set("issuetype", type);
  if (plan.hasDescription && plan.descriptionText != null && plan.descriptionText!.length > 0) {
    fields.set(plan.descriptionField!, descriptionValue(plan.descriptionText));
  }
  const labels = plan.labels.slice(0);
  if (key != null) labels.push(markerLabel(key!));
  if (labels.length > 0) fields.set(plan.labelsField == null ? "labels" : plan.labelsField!, arrayOfStrings(labels));
  const bad = resolveUsers(plan.userFields, fields);
  if (bad != null) return bad;
  const uncoerced = coerceCustomFields(fields);
  if (uncoerced != null) return uncoerced;

  const body = new JSON.Obj();
  body.set("fields", fields);
  if (key != null) {
    const value = new JSON.Obj();
    value.set("idempotency_key", key!);
    const prop = new JSON.Obj();
    prop.set("key", PROPERTY_KEY);
    prop.set("value", value);
    const props = new JSON.Arr();
    props.push(prop);
    body.set("properties", props);
  }
  const r = jira.post("/issue", toJsonText(body));
  if (!r.ok) {
    const err = r.error!;
    // The write may have been committed before the failure (timeout, 5xx, reset): look for it before
    // reporting the error, so a retry never duplicates and this call can still succeed.
    // Keys after `highest` are the only ones this create can have taken.
    if (key != null && (err.code == ErrorCode.NETWORK_ERROR || err.code == ErrorCode.PROVIDER_UNAVAILABLE)) {
      const again = scanKeys(key!, highest);
      const id = again.error == null ? again.found : null;
      if (id != null) {
        Log.warn("create_task: Jira failed after committing issue " + id! + "; using it");
        return finishCreate(id!, plan.status, warnings);
      }
    }
    return Result.fail(err);
  }
  const created = r.json();
  const id = getString(created, "id");
  const createdKey = getString(created, "key");
  if (id == null && createdKey == null) return Result.error(ErrorCode.INVALID_DATA, "Jira created an issue but returned no id");
  const ref = id != null ? id! : createdKey!;
  if (key != null) {
    // Jira versions that ignore `properties` on create: set the property explicitly (idempotent PUT).
    const prop = new JSON.Obj();
    prop.set("idempotency_key", key!);
    const p = jira.put(issuePath(ref) + "/properties/" + PROPERTY_KEY, toJsonText(prop));
    if (!p.ok) warnings.push("the idempotency property could not be stored; the marker label still identifies the issue");
  }
  return finishCreate(ref, plan.status, warnings);
}

export function create_task(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "create_task", createTask);
}

// ---------------------------------------------------------------- search

/** The Jira user's time zone (GET /myself), or null when hidden. */
function userTimeZone(): Result {
  const r = jira.get("/myself");
  if (!r.ok) return Result.fail(r.error!);
  const tz = getString(r.json(), "timeZone");
  return tz == null ? Result.ok(JSON.Value.from<JSON.Obj | null>(null)) : Result.ok(tz!);
}

function jqlList(items: string[]): string {
  const q = new Array<string>();
  for (let i = 0; i < items.length; i++) q.push(quote(items[i]));
  return "(" + q.join(", ") + ")";
}

/** Builds the JQL for a search query; an error Result for a malformed query. */
function buildJql(query: JSON.Obj | null): Result {
  let jql = "project = " + quote(projectKey);
  const keys = stringsOf(getArray(query, "keys"));
  if (keys.length > 0) {
    for (let i = 0; i < keys.length; i++) if (!isIssueRef(keys[i])) return Result.error(ErrorCode.INVALID_DATA, "query.keys must be Jira issue keys, got '" + keys[i] + "'");
    jql += " AND key in " + jqlList(keys);
  }
  const ids = stringsOf(getArray(query, "ids"));
  if (ids.length > 0) {
    for (let i = 0; i < ids.length; i++) if (!isDigits(ids[i])) return Result.error(ErrorCode.INVALID_DATA, "query.ids must be Jira issue ids (digits), got '" + ids[i] + "'");
    jql += " AND id in (" + ids.join(", ") + ")";
  }
  const labels = stringsOf(getArray(query, "labels"));
  if (labels.length > 0) jql += " AND labels in " + jqlList(labels);
  const since = getString(query, "updated_since");
  if (since != null) {
    const ts = parseIso(since!);
    if (ts == null) {
      return Result.error(ErrorCode.INVALID_DATA, "query.updated_since must be an ISO-8601 timestamp with an offset, got '" + since! + "'");
    }
    const tzr = userTimeZone();
    if (!tzr.isOk) return tzr;
    const tz = foundId(tzr);
    if (tz == null) Log.warn("the Jira user's time zone is hidden; searching from the earliest possible local time");
    const from = ts.epochMs - overlapMinutes * 60000;
    jql += " AND updated >= " + quote(jqlLowerBound(from, tz));
  }
  // "filter" is the engine's scope filter (ABI: a tracker-native filter); for Jira it is JQL, like "jql"
  const extra = getString(query, "jql");
  if (extra != null && extra!.trim().length > 0) jql += " AND (" + extra! + ")";
  const filter = getString(query, "filter");
  if (filter != null && filter!.trim().length > 0) jql += " AND (" + filter! + ")";
  jql += ORDER;
  return Result.ok(jql);
}

const ORDER = " ORDER BY updated ASC, key ASC";

/**
 * search_tasks with "count_only": Jira's approximate count of the query's matches (one request, no issues). The
 * engine compares it with the links it holds to notice deleted and moved issues between full enumerations.
 */
function countTasks(input: JSON.Obj): Result {
  const built = buildJql(getObject(input, "query"));
  if (!built.isOk) return built;
  const jql = built.value!.get<string>();
  const body = new JSON.Obj();
  body.set("jql", jql.substring(0, jql.length - ORDER.length));
  const r = jira.post("/search/approximate-count", toJsonText(body));
  if (!r.ok) return Result.fail(r.error!);
  if (!isNumber(r.json().get("count"))) {
    return Result.error(ErrorCode.INVALID_DATA, "Jira's approximate-count answer has no numeric count");
  }
  const out = new JSON.Obj();
  out.set("items", new JSON.Arr());
  setNull(out, "next_cursor");
  out.set("count", <f64>getNumber(r.json(), "count", 0));
  return Result.ok(out);
}

/** Jira's clock now (GET /serverInfo serverTime) in the ABI form, or null when it cannot be read. */
function serverTime(): string | null {
  const r = jira.get("/serverInfo");
  if (!r.ok) {
    Log.warn("search_tasks: /serverInfo failed (" + r.error!.message + "); no server_time in this result");
    return null;
  }
  return normalizeIso(getString(r.json(), "serverTime"));
}

function searchTasks(input: JSON.Obj): Result {
  if (getBool(input, "count_only", false)) return countTasks(input);
  let limit = <i32>getNumber(input, "limit", 50);
  if (limit < 1) limit = 1;
  if (limit > 100) limit = 100;
  let jql: string | null = null;
  let token: string | null = null;
  const seen = new Array<string>();
  const cursorText = getString(input, "cursor");
  if (cursorText != null) {
    const c = parseObject(cursorText);
    if (c == null || getString(c, "jql") == null) {
      return Result.error(ErrorCode.INVALID_DATA, "cursor is not one this plugin returned; start again with cursor null");
    }
    jql = getString(c, "jql");
    token = getString(c, "token");
    const s = stringsOf(getArray(c, "seen"));
    for (let i = 0; i < s.length; i++) seen.push(s[i]);
  } else {
    const built = buildJql(getObject(input, "query"));
    if (!built.isOk) return built;
    jql = built.value!.get<string>();
  }
  // the first page of a search carries Jira's clock from before the search ran: the caller's next watermark
  const now = cursorText == null ? serverTime() : null;
  const body = new JSON.Obj();
  body.set("jql", jql!);
  body.set("maxResults", <f64>limit);
  body.set("fields", arrayOfStrings(jiraFieldIds(mapping)));
  if (token != null) body.set("nextPageToken", token!);
  // "consistent": Jira reads the named issues as of now, not as its lagging index has them (at most 50 ids)
  const query = getObject(input, "query");
  const reconcile = stringsOf(getArray(query, "ids"));
  if (getBool(query, "consistent", false) && reconcile.length > 0) {
    if (reconcile.length > 50) return Result.error(ErrorCode.INVALID_DATA, "query.consistent takes at most 50 ids");
    const arr = new JSON.Arr();
    for (let i = 0; i < reconcile.length; i++) arr.push(<f64>parseInt(reconcile[i]));
    body.set("reconcileIssues", arr);
  }
  const r = jira.post("/search/jql", toJsonText(body));
  if (!r.ok) return Result.fail(r.error!);
  const page = r.json();
  const items = new JSON.Arr();
  const ids = new Array<string>();
  const thisPage = new Array<string>();
  const issues = getArray(page, "issues");
  if (issues != null) {
    for (let i = 0; i < issues.length; i++) {
      const v = issues.at(i);
      if (!isObject(v)) continue;
      const issue = v.get<JSON.Obj>();
      const raw = rawOf(issue);
      const id = getString(issue, "id");
      if (id == null) continue;
      const upd = getString(getObject(issue, "fields"), "updated");
      const mark = id! + "@" + (upd == null ? "" : upd!);
      // dedupe: within the page by id, across pages by (id, updated)
      if (ids.includes(id!) || seen.includes(mark)) continue;
      ids.push(id!);
      thisPage.push(mark);
      items.push(itemOf(issue, raw, []));
    }
  }
  const out = new JSON.Obj();
  out.set("items", items);
  if (now != null) out.set("server_time", now!);
  const next = getString(page, "nextPageToken");
  const isLast = page.get("isLast");
  const last = next == null || (isLast != null && isLast.type == JSON.Types.Bool && isLast.get<bool>());
  if (last) {
    setNull(out, "next_cursor");
  } else {
    const c = new JSON.Obj();
    c.set("jql", jql!);
    c.set("token", next!);
    c.set("seen", arrayOfStrings(thisPage));
    out.set("next_cursor", toJsonText(c));
  }
  return Result.ok(out);
}

export function search_tasks(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "search_tasks", searchTasks);
}

// ---------------------------------------------------------------- health and metadata

function healthCheck(input: JSON.Obj): Result {
  const me = jira.get("/myself");
  if (!me.ok) return Result.fail(me.error!);
  const user = me.json();
  const project = jira.get("/project/" + encodeURIComponent(projectKey));
  if (!project.ok) {
    const e = project.error!;
    if (e.code == ErrorCode.NOT_FOUND) {
      return Result.fail(new PluginError(ErrorCode.CONFIG_ERROR,
        "Jira project " + projectKey + " does not exist or the account cannot see it; check project_key").withDetail("key", "project_key"));
    }
    return Result.fail(e);
  }
  const p = project.json();
  const types = new Array<string>();
  const it = getArray(p, "issueTypes");
  let typeFound = it == null;
  if (it != null) {
    for (let i = 0; i < it.length; i++) {
      const v = it.at(i);
      if (!isObject(v)) continue;
      const n = getString(v.get<JSON.Obj>(), "name");
      if (n == null) continue;
      types.push(n!);
      if (n!.toLowerCase() == issueType.toLowerCase()) typeFound = true;
    }
  }
  if (!typeFound) {
    return Result.fail(new PluginError(ErrorCode.CONFIG_ERROR,
      "issue type '" + issueType + "' does not exist in project " + projectKey + "; use one of: " + types.join(", "))
      .withDetail("key", "issue_type"));
  }
  const name = getString(user, "displayName");
  const projectName = getString(p, "name");
  const out = new JSON.Obj();
  out.set("healthy", true);
  out.set("message", "connected to " + jira.serverUrl + " as " + (name == null ? "?" : name!) + "; project " +
    projectKey + (projectName == null ? "" : " (" + projectName! + ")"));
  const account = new JSON.Obj();
  const aid = getString(user, "accountId");
  if (aid != null) account.set("account_id", aid!);
  if (name != null) account.set("display_name", name!);
  const tz = getString(user, "timeZone");
  if (tz != null) account.set("time_zone", tz!);
  out.set("account", account);
  const meta = new JSON.Obj();
  meta.set("key", projectKey);
  const pid = getString(p, "id");
  if (pid != null) meta.set("id", pid!);
  if (projectName != null) meta.set("name", projectName!);
  meta.set("issue_types", arrayOfStrings(types));
  out.set("project", meta);
  return Result.ok(out);
}

export function health_check(ptr: i32, len: i32): i64 {
  return run(ptr, len, healthCheck);
}

// ---------------------------------------------------------------- pure mapping

function mapToZen(input: JSON.Obj): Result {
  const raw = getObject(input, "raw");
  if (raw == null) return Result.error(ErrorCode.INVALID_DATA, "map_to_zen needs 'raw': a Jira issue document");
  const view = toZen(raw, mapping);
  const out = new JSON.Obj();
  out.set("fields", view.fields);
  if (view.warnings.length > 0) out.set("warnings", arrayOfStrings(view.warnings));
  return Result.ok(out);
}

export function map_to_zen(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "map_to_zen", mapToZen);
}

function mapToExternal(input: JSON.Obj): Result {
  const fields = getObject(input, "fields");
  if (fields == null) return Result.error(ErrorCode.INVALID_DATA, "map_to_external needs 'fields': an object of Zen fields");
  const out = new JSON.Obj();
  out.set("raw", toExternal(fields, mapping));
  return Result.ok(out);
}

export function map_to_external(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "map_to_external", mapToExternal);
}

/**
 * The mapping, and the most characters Jira takes in the fields it maps to (`limits`, by Zen field: the summary's
 * 254, a text area's 32,767), which the host checks before it calls update_task or create_task.
 */
function getFieldMapping(input: JSON.Obj): Result {
  const out = new JSON.Obj();
  out.set("mapping", mappingJson(mapping));
  const limits = new JSON.Obj();
  const keys = mapping.keys();
  for (let i = 0; i < keys.length; i++) {
    let path = mapping.get(keys[i]);
    if (path.startsWith("fields.")) path = path.substring(7);
    if (path == "summary") limits.set(keys[i], SUMMARY_MAX);
    else if (path == "description") limits.set(keys[i], TEXT_AREA_MAX);
  }
  out.set("limits", limits);
  return Result.ok(out);
}

export function get_field_mapping(ptr: i32, len: i32): i64 {
  return run(ptr, len, getFieldMapping);
}

// ---------------------------------------------------------------- comments (comments.ts)

function commentsOp(input: JSON.Obj, op: string): Result {
  const id = getString(input, "id");
  if (id == null || !isIssueRef(id)) return badId(op);
  if (op == "list_comments") return listComments(jira, id!);
  const commentId = getString(input, "comment_id");
  if (op == "delete_comment") return deleteComment(jira, id!, commentId == null ? "" : commentId!);
  const body = getString(input, "body");
  if (body == null) return noBody(op);
  if (op == "add_comment") return addComment(jira, id!, body!, getString(input, "idempotency_key"));
  return updateComment(jira, id!, commentId == null ? "" : commentId!, body!);
}

function listCommentsOp(input: JSON.Obj): Result {
  return commentsOp(input, "list_comments");
}
function addCommentOp(input: JSON.Obj): Result {
  return commentsOp(input, "add_comment");
}
function updateCommentOp(input: JSON.Obj): Result {
  return commentsOp(input, "update_comment");
}
function deleteCommentOp(input: JSON.Obj): Result {
  return commentsOp(input, "delete_comment");
}

export function list_comments(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "list_comments", listCommentsOp);
}
export function add_comment(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "add_comment", addCommentOp);
}
export function update_comment(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "update_comment", updateCommentOp);
}
export function delete_comment(ptr: i32, len: i32): i64 {
  return bounded(ptr, len, "delete_comment", deleteCommentOp);
}
