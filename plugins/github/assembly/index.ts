// GitHub Issues plugin for Zen (ABI v1): get, create (idempotent without idempotency keys), update, search/list.
// GitHub behaviour: /work/shared/reference/github-issues-api.md. The host adds the token (http_request_auth).
import {
  JSON, run, initWith, validateWith, Result, PluginError, ErrorCode, Log,
  getString, getObject, getArray, getNumber, isString, isNull, isObject, isArray, stringsOf, arrayOfStrings,
  quote, setNull, setStringOrNull, toJsonText, objectAt,
} from "../../pdk";
import { GitHub, Reply } from "./client";
import { unchangedSinceRead, updatedOf } from "./concurrent";
export * from "../../pdk/exports";

/** The hidden marker a created issue carries in its body: an HTML comment, invisible when rendered. */
const MARKER_PREFIX = "<!-- zen-sync:";
const MARKER_SUFFIX = " -->";
const MAX_BODY: i32 = 65536;

let github: GitHub = new GitHub("http://unconfigured.invalid", 10000);
let repository: string = "";
let progressLabel: string = "in progress";
let me: string | null = null;

// ---------------------------------------------------------------- configuration

function configError(key: string, message: string): Result {
  return Result.fail(new PluginError(ErrorCode.CONFIG_ERROR, message).withDetail("key", key));
}

function isRepository(s: string): bool {
  const slash = s.indexOf("/");
  if (slash < 1 || slash == s.length - 1 || s.indexOf("/", slash + 1) >= 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
      || c == 0x2d || c == 0x5f || c == 0x2e || c == 0x2f;
    if (!ok) return false;
  }
  return true;
}

/** `repository` (owner/repo), or the provider's `project_key` when it has that form. */
function repositoryOf(cfg: JSON.Obj): string | null {
  const r = getString(cfg, "repository");
  if (r != null) return r;
  const key = getString(cfg, "project_key");
  return key != null && key.includes("/") ? key : null;
}

function checkConfig(cfg: JSON.Obj): Result | null {
  const url = getString(cfg, "server_url");
  if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length < 10) {
    return configError("server_url", "server_url must be the GitHub API base URL: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server");
  }
  const repo = repositoryOf(cfg);
  if (repo == null || !isRepository(repo)) {
    return configError("repository", "repository must be owner/name, e.g. acme/app (or set project_key to owner/name)");
  }
  const label = cfg.get("in_progress_label");
  if (label != null && !isNull(label) && (!isString(label) || label.get<string>().length == 0)) {
    return configError("in_progress_label", "in_progress_label must be a label name, e.g. in progress");
  }
  return null;
}

function applyConfig(cfg: JSON.Obj): Result | null {
  const bad = checkConfig(cfg);
  if (bad != null) return bad;
  const timeout = <i32>getNumber(cfg, "request_timeout_ms", 10000);
  github = new GitHub(getString(cfg, "server_url")!, timeout > 0 ? timeout : 10000);
  repository = repositoryOf(cfg)!;
  const label = getString(cfg, "in_progress_label");
  progressLabel = label == null ? "in progress" : label!;
  me = null;
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

// ---------------------------------------------------------------- mapping

/** The marker in a body, or null. */
function markerOf(body: string | null): string | null {
  if (body == null) return null;
  const at = body.lastIndexOf(MARKER_PREFIX);
  if (at < 0) return null;
  const end = body.indexOf(MARKER_SUFFIX, at);
  return end < 0 ? null : body.substring(at, end + MARKER_SUFFIX.length);
}

/** The body without the marker (and the blank line before it); null when nothing is left. */
function description(body: string | null): string | null {
  if (body == null) return null;
  const marker = markerOf(body);
  let text = marker == null ? body! : body!.replace(marker!, "");
  while (text.endsWith("\n")) text = text.substring(0, text.length - 1);
  return text.length == 0 ? null : text;
}

function labelNames(issue: JSON.Obj): string[] {
  const out: string[] = [];
  const ls = getArray(issue, "labels");
  if (ls == null) return out;
  for (let i = 0; i < ls.length; i++) {
    const l = ls.at(i);
    if (isObject(l)) {
      const name = getString(l.get<JSON.Obj>(), "name");
      if (name != null) out.push(name!);
    } else if (isString(l)) {
      out.push(l.get<string>());
    }
  }
  return out;
}

function hasLabel(names: string[], name: string): bool {
  for (let i = 0; i < names.length; i++) if (names[i].toLowerCase() == name.toLowerCase()) return true;
  return false;
}

/**
 * The default status map: open = "To Do", open + the in-progress label = "In Progress", closed (completed or
 * duplicate) = "Done", closed as not planned = "Won't Do".
 */
function statusOf(issue: JSON.Obj, labels: string[]): string {
  const state = getString(issue, "state");
  if (state != null && state! == "closed") {
    const reason = getString(issue, "state_reason");
    return reason != null && reason! == "not_planned" ? "Won't Do" : "Done";
  }
  return hasLabel(labels, progressLabel) ? "In Progress" : "To Do";
}

function itemOf(issue: JSON.Obj): JSON.Obj {
  const labels = labelNames(issue);
  const fields = new JSON.Obj();
  setStringOrNull(fields, "title", getString(issue, "title"));
  setStringOrNull(fields, "description", description(getString(issue, "body")));
  fields.set("status", statusOf(issue, labels));
  const assignee = getObject(issue, "assignee");
  setStringOrNull(fields, "assignee", assignee == null ? null : getString(assignee, "login"));
  const plain: string[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i].toLowerCase() != progressLabel.toLowerCase()) plain.push(labels[i]);
  fields.set("labels", arrayOfStrings(plain));
  const milestone = getObject(issue, "milestone");
  setStringOrNull(fields, "milestone", milestone == null ? null : getString(milestone, "title"));
  const item = new JSON.Obj();
  const number = (<i64>getNumber(issue, "number", 0)).toString();
  item.set("id", number);
  item.set("key", repository + "#" + number);
  setStringOrNull(item, "url", getString(issue, "html_url"));
  setStringOrNull(item, "updated", getString(issue, "updated_at"));
  item.set("fields", fields);
  return item;
}

function isPullRequest(issue: JSON.Obj): bool {
  return issue.has("pull_request");
}

// ---------------------------------------------------------------- get

function isNumber(s: string): bool {
  if (s.length == 0 || s.length > 12) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The issue number of an id: "42", or the item key "owner/repo#42" (the engine stores keys). */
function numberOf(id: string | null): string | null {
  if (id == null) return null;
  const hash = id!.lastIndexOf("#");
  const n = hash < 0 ? id! : id!.substring(hash + 1);
  if (hash >= 0 && id!.substring(0, hash).toLowerCase() != repository.toLowerCase()) return null;
  return isNumber(n) ? n : null;
}

function issuePath(id: string): string {
  return "/repos/" + repository + "/issues/" + id;
}

/** GET an issue, following one 301 (a transferred issue). */
function fetchIssue(id: string): Reply {
  const r = github.get(issuePath(id));
  if (r.response != null && r.response!.status == 301) {
    const location = r.header("location");
    if (location != null && location!.startsWith(github.api + "/")) return github.get(location!);
  }
  return r;
}

function notAnIssue(id: string): Result {
  return Result.fail(new PluginError(ErrorCode.NOT_FOUND, repository + "#" + id + " is a pull request, not an issue")
    .withDetail("id", id));
}

function getTask(input: JSON.Obj): Result {
  const id = numberOf(getString(input, "id"));
  if (id == null) return Result.error(ErrorCode.INVALID_DATA, "get_task_data needs 'id': the issue number or key of this repository, e.g. \"42\" or \"" + repository + "#42\"");
  const r = fetchIssue(id!);
  if (!r.ok) return Result.fail(r.error!);
  const issue = r.json();
  if (isPullRequest(issue)) return notAnIssue(id!);
  return Result.ok(itemOf(issue));
}

export function get_task_data(ptr: i32, len: i32): i64 {
  return run(ptr, len, getTask);
}

// ---------------------------------------------------------------- writes

class Plan {
  body: JSON.Obj = new JSON.Obj();
  error: Result | null = null;
}

function tooLong(): Result {
  return Result.fail(new PluginError(ErrorCode.INVALID_DATA,
    "description is too long for GitHub: an issue body holds at most 65,536 characters; shorten it")
    .withDetail("field", "description"));
}

/** The PATCH/POST body for the Zen fields given; `current` is the issue now (null on create). */
function plan(fields: JSON.Obj, current: JSON.Obj | null, marker: string | null): Plan {
  const p = new Plan();
  const b = p.body;
  const currentLabels = current == null ? new Array<string>() : labelNames(current!);
  if (fields.has("title")) {
    const t = getString(fields, "title");
    if (t == null || t!.trim().length == 0) {
      p.error = Result.fail(new PluginError(ErrorCode.INVALID_DATA, "title must not be empty: GitHub requires an issue title").withDetail("field", "title"));
      return p;
    }
    b.set("title", t!);
  }
  if (fields.has("description") || (current == null && marker != null)) {
    const d = getString(fields, "description");
    let text = d == null ? "" : d!;
    if (marker != null) text = text.length == 0 ? marker! : text + "\n\n" + marker!;
    if (text.length > MAX_BODY) {
      p.error = tooLong();
      return p;
    }
    if (text.length == 0) setNull(b, "body");
    else b.set("body", text);
  }
  // labels: the Zen labels plus the in-progress label when the status says so (GitHub replaces the whole set)
  const labelsGiven = fields.has("labels");
  const statusGiven = fields.has("status");
  if (labelsGiven || statusGiven) {
    let labels: string[] = [];
    if (labelsGiven) labels = stringsOf(getArray(fields, "labels"));
    else for (let i = 0; i < currentLabels.length; i++) if (currentLabels[i].toLowerCase() != progressLabel.toLowerCase()) labels.push(currentLabels[i]);
    let inProgress = hasLabel(currentLabels, progressLabel);
    if (statusGiven) {
      const s = getString(fields, "status");
      const status = s == null ? "To Do" : s!;
      const lower = status.toLowerCase();
      inProgress = lower == "in progress";
      if (lower == "done" || lower == "closed") {
        b.set("state", "closed");
        b.set("state_reason", "completed");
      } else if (lower == "won't do" || lower == "not planned" || lower == "not_planned") {
        b.set("state", "closed");
        b.set("state_reason", "not_planned");
      } else if (lower == "to do" || lower == "open" || lower == "in progress") {
        b.set("state", "open");
      } else {
        p.error = Result.fail(new PluginError(ErrorCode.INVALID_DATA, "status '" + status
          + "' has no GitHub equivalent; use To Do, In Progress, Done or Won't Do (or map it with a value map)")
          .withDetail("field", "status"));
        return p;
      }
    }
    if (inProgress && !hasLabel(labels, progressLabel)) labels.push(progressLabel);
    b.set("labels", arrayOfStrings(labels));
  }
  if (fields.has("milestone")) {
    const title = getString(fields, "milestone");
    if (title == null || title!.length == 0) {
      setNull(b, "milestone");
    } else {
      const number = milestoneNumber(title!);
      if (number < 0) {
        p.error = Result.fail(new PluginError(ErrorCode.INVALID_DATA, "milestone '" + title! + "' does not exist in "
          + repository + "; create it on GitHub first or leave the field alone").withDetail("field", "milestone"));
        return p;
      }
      b.set("milestone", <f64>number);
    }
  }
  if (fields.has("assignee")) {
    const a = getString(fields, "assignee");
    b.set("assignees", arrayOfStrings(a == null || a!.length == 0 ? new Array<string>() : [a!]));
  }
  return p;
}

/** The number of the milestone with this title (open or closed), or -1. The list is read conditionally. */
function milestoneNumber(title: string): i64 {
  const r = github.get("/repos/" + repository + "/milestones?state=all&per_page=100");
  if (!r.ok) return -1;
  const page = r.array();
  for (let i = 0; i < page.length; i++) {
    const m = objectAt(page, i); // parsed once, in place (`at` hands back a copy to parse)
    if (m == null) continue;
    const t = getString(m, "title");
    if (t != null && t! == title) return <i64>getNumber(m, "number", -1);
  }
  return -1;
}

function updateTask(input: JSON.Obj): Result {
  const id = numberOf(getString(input, "id"));
  if (id == null) return Result.error(ErrorCode.INVALID_DATA, "update_task needs 'id': the issue number or key of this repository, e.g. \"42\" or \"" + repository + "#42\"");
  const fields = getObject(input, "fields");
  if (fields == null) return Result.error(ErrorCode.INVALID_DATA, "update_task needs 'fields', an object of the changed Zen fields");
  // conditional re-read: a 304 (nothing changed since the engine's read) costs no rate limit
  const current = fetchIssue(id!);
  if (!current.ok) return Result.fail(current.error!);
  const issue = current.json();
  if (isPullRequest(issue)) return notAnIssue(id!);
  const expected = getObject(input, "expected");
  const concurrent = new JSON.Obj();
  let write = fields!;
  if (expected != null) {
    const before = itemOf(issue);
    write = unchangedSinceRead(fields!, expected!, getObject(before, "fields")!, updatedOf(before), concurrent);
  }
  const p = plan(write, issue, markerOf(getString(issue, "body")));
  if (p.error != null) return p.error!;
  let after = issue;
  if (p.body.keys().length > 0) {
    const number = (<i64>getNumber(issue, "number", 0)).toString();
    const r = github.patch(issuePath(number), toJsonText(p.body));
    if (!r.ok) return Result.fail(r.error!);
    after = r.json();
  }
  const item = itemOf(after);
  if (concurrent.keys().length > 0) item.set("concurrent_edits", concurrent);
  return Result.ok(item);
}

export function update_task(ptr: i32, len: i32): i64 {
  return run(ptr, len, updateTask);
}

function login(): string | null {
  if (me != null) return me;
  const r = github.get("/user");
  if (!r.ok) return null;
  me = getString(r.json(), "login");
  return me;
}

/**
 * The issue carrying `marker`, or null. First the list endpoint (strongly consistent), newest issues this user
 * opened: a create that committed before its answer was lost is among them. Only when there are more than a page
 * of those, search for older ones (search lags behind writes, so it is never the only check).
 */
function findByMarker(marker: string): Result {
  const who = login();
  let path = "/repos/" + repository + "/issues?state=all&sort=created&direction=desc&per_page=100";
  if (who != null) path += "&creator=" + who!;
  const listed = github.get(path);
  if (!listed.ok) return Result.fail(listed.error!);
  const page = listed.array();
  for (let i = 0; i < page.length; i++) {
    const issue = objectAt(page, i);
    if (issue == null) continue;
    const body = getString(issue, "body");
    if (body != null && body!.includes(marker) && !isPullRequest(issue)) return Result.ok(issue);
  }
  // fewer than a page: that was every issue this user opened, so search (lagging, 30 a minute) has nothing to add
  if (page.length < 100) return Result.ok(new JSON.Obj());
  const key = marker.substring(MARKER_PREFIX.length, marker.length - MARKER_SUFFIX.length);
  const q = "repo:" + repository + " is:issue in:body \"zen-sync:" + key + "\"";
  const found = github.get("/search/issues?per_page=10&q=" + encode(q));
  if (!found.ok) return Result.ok(new JSON.Obj()); // search is a best effort: its own limit may be spent
  const items = getArray(found.json(), "items");
  if (items != null) {
    for (let i = 0; i < items.length; i++) {
      const issue = objectAt(items, i);
      if (issue == null) continue;
      const body = getString(issue, "body");
      if (body != null && body!.includes(marker)) return Result.ok(issue);
    }
  }
  return Result.ok(new JSON.Obj());
}

function encode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const safe = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
      || c == 0x2d || c == 0x5f || c == 0x2e || c == 0x7e;
    if (safe) out += String.fromCharCode(c);
    else if (c < 0x80) out += "%" + (c < 0x10 ? "0" : "") + c.toString(16).toUpperCase();
    else {
      const bytes = String.UTF8.encode(String.fromCharCode(c));
      const view = Uint8Array.wrap(bytes);
      for (let j = 0; j < view.length; j++) out += "%" + (view[j] < 0x10 ? "0" : "") + view[j].toString(16).toUpperCase();
    }
  }
  return out;
}

function isKeyChar(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f
    || c == 0x2e || c == 0x3a;
}

function createTask(input: JSON.Obj): Result {
  const fields = getObject(input, "fields");
  if (fields == null) return Result.error(ErrorCode.INVALID_DATA, "create_task needs 'fields', an object of Zen fields");
  const key = getString(input, "idempotency_key");
  let marker: string | null = null;
  if (key != null) {
    for (let i = 0; i < key!.length; i++) {
      if (!isKeyChar(key!.charCodeAt(i))) return Result.error(ErrorCode.INVALID_DATA, "idempotency_key may hold letters, digits and - _ . : only");
    }
    marker = MARKER_PREFIX + key! + MARKER_SUFFIX;
    const found = findByMarker(marker!);
    if (!found.isOk) return found;
    const existing = found.value!.get<JSON.Obj>();
    if (existing.has("number")) {
      Log.info("create_task: " + repository + "#" + (<i64>getNumber(existing, "number", 0)).toString() + " already carries " + key! + "; not creating it again");
      return Result.ok(itemOf(existing));
    }
  }
  if (!fields!.has("title")) return Result.error(ErrorCode.INVALID_DATA, "create_task needs fields.title: GitHub requires an issue title");
  const p = plan(fields!, null, marker);
  if (p.error != null) return p.error!;
  const r = github.post("/repos/" + repository + "/issues", toJsonText(p.body));
  if (!r.ok) {
    // a 5xx or a lost connection may come after GitHub committed the issue: look again before reporting failure
    const code = r.error!.code;
    if (marker != null && (code == ErrorCode.PROVIDER_UNAVAILABLE || code == ErrorCode.NETWORK_ERROR)) {
      const again = findByMarker(marker!);
      if (again.isOk && again.value!.get<JSON.Obj>().has("number")) {
        Log.warn("create_task: the create failed (" + r.error!.message + ") but GitHub had committed it; using that issue");
        return Result.ok(itemOf(again.value!.get<JSON.Obj>()));
      }
    }
    return Result.fail(r.error!);
  }
  return Result.ok(itemOf(r.json()));
}

export function create_task(ptr: i32, len: i32): i64 {
  return run(ptr, len, createTask);
}

// ---------------------------------------------------------------- search

function searchTasks(input: JSON.Obj): Result {
  const query = getObject(input, "query");
  const keys: JSON.Arr | null = query == null ? null : getArray(query!, "keys");
  if (keys != null) {
    const items = new JSON.Arr();
    const ids = stringsOf(keys);
    for (let i = 0; i < ids.length; i++) {
      const id = numberOf(ids[i]);
      if (id == null) continue;
      const r = fetchIssue(id!);
      if (!r.ok) {
        if (r.error!.code == ErrorCode.NOT_FOUND) continue;
        return Result.fail(r.error!);
      }
      if (!isPullRequest(r.json())) items.push(itemOf(r.json()));
    }
    const out = new JSON.Obj();
    out.set("items", items);
    setNull(out, "next_cursor");
    return Result.ok(out);
  }
  const cursor = getString(input, "cursor");
  let url: string;
  if (cursor != null && cursor!.length > 0) {
    if (!cursor!.startsWith(github.api + "/")) return Result.error(ErrorCode.INVALID_DATA, "cursor is not a GitHub page link of this provider");
    url = cursor!;
  } else {
    const since: string | null = query == null ? null : getString(query!, "updated_since");
    const filter: string | null = query == null ? null : getString(query!, "filter");
    if (filter != null && filter!.trim().length > 0) {
      // a scope filter is GitHub search syntax (label:zen is:open ...): the search API, oldest update first
      let q = "repo:" + repository + " is:issue " + filter!.trim();
      if (since != null) q += " updated:>=" + wholeSeconds(since!);
      url = "/search/issues?sort=updated&order=asc&per_page=100&q=" + encode(q);
    } else {
      url = "/repos/" + repository + "/issues?state=all&sort=updated&direction=asc&per_page=100";
      if (since != null) url += "&since=" + encode(since!);
      const labels: JSON.Arr | null = query == null ? null : getArray(query!, "labels");
      if (labels != null && labels!.length > 0) url += "&labels=" + encode(stringsOf(labels).join(","));
    }
  }
  const r = github.get(url);
  if (!r.ok) return Result.fail(r.error!);
  const found = url.includes("/search/issues?") ? getArray(r.json(), "items") : null;
  const page = found != null ? found! : r.array();
  const items = new JSON.Arr();
  for (let i = 0; i < page.length; i++) {
    const issue = objectAt(page, i);
    if (issue == null || isPullRequest(issue)) continue; // the issues list returns pull requests too; they are never tasks
    items.push(itemOf(issue));
  }
  const out = new JSON.Obj();
  out.set("items", items);
  // the first page carries GitHub's clock (its Date header): the caller's next watermark
  const serverTime = cursor == null || cursor!.length == 0 ? isoOfHttpDate(r.header("date")) : null;
  if (serverTime != null) out.set("server_time", serverTime!);
  const next = nextLink(r.header("link"));
  if (next == null) setNull(out, "next_cursor");
  else out.set("next_cursor", next!);
  return Result.ok(out);
}

/** An ISO timestamp without its fraction of a second (`...T10:00:00.123Z` -> `...T10:00:00Z`), as search accepts. */
function wholeSeconds(iso: string): string {
  const dot = iso.indexOf(".");
  if (dot < 0) return iso;
  let end = dot + 1;
  while (end < iso.length && iso.charCodeAt(end) >= 48 && iso.charCodeAt(end) <= 57) end++;
  return iso.substring(0, dot) + iso.substring(end);
}

/** An HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`) as ISO-8601 (`2015-10-21T07:28:00Z`); null when malformed. */
function isoOfHttpDate(date: string | null): string | null {
  if (date == null) return null;
  const p = date!.trim().split(" ");
  if (p.length != 6 || p[5] != "GMT" || p[4].length != 8 || p[3].length != 4) return null;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].indexOf(p[2]) + 1;
  if (month < 1) return null;
  const day = p[1].length == 1 ? "0" + p[1] : p[1];
  return p[3] + "-" + (month < 10 ? "0" : "") + month.toString() + "-" + day + "T" + p[4] + "Z";
}

/** The rel="next" URL of a Link header, or null. */
function nextLink(link: string | null): string | null {
  if (link == null) return null;
  const parts = link!.split(",");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i].trim();
    if (!p.includes("rel=\"next\"")) continue;
    const open = p.indexOf("<");
    const close = p.indexOf(">");
    if (open >= 0 && close > open) return p.substring(open + 1, close);
  }
  return null;
}

export function search_tasks(ptr: i32, len: i32): i64 {
  return run(ptr, len, searchTasks);
}

// ---------------------------------------------------------------- health

function healthCheck(input: JSON.Obj): Result {
  const r = github.get("/repos/" + repository + "/issues?per_page=1");
  const out = new JSON.Obj();
  if (!r.ok) {
    out.set("healthy", false);
    out.set("message", r.error!.message);
    return Result.ok(out);
  }
  out.set("healthy", true);
  out.set("message", "GitHub answered for " + repository + " (" + github.notModified.toString() + " requests answered 304 so far)");
  return Result.ok(out);
}

export function health_check(ptr: i32, len: i32): i64 {
  return run(ptr, len, healthCheck);
}

// ---------------------------------------------------------------- comments

/** The hidden marker a comment the host adds carries: its idempotency key in an HTML comment. */
const COMMENT_MARKER_PREFIX = "<!-- zen-comment:";

function commentMarker(body: string): string | null {
  const at = body.lastIndexOf(COMMENT_MARKER_PREFIX);
  if (at < 0) return null;
  const end = body.indexOf(MARKER_SUFFIX, at);
  return end < 0 ? null : body.substring(at + COMMENT_MARKER_PREFIX.length, end);
}

/** The ABI comment for a GitHub comment: the body without the marker (and the blank line before it). */
function commentOf(c: JSON.Obj): JSON.Obj {
  const out = new JSON.Obj();
  out.set("id", (<i64>getNumber(c, "id", 0)).toString());
  const login = getString(getObject(c, "user"), "login");
  out.set("author", login == null ? "ghost" : login!);
  const raw = getString(c, "body");
  let body = raw == null ? "" : raw!;
  const marker = commentMarker(body);
  if (marker != null) {
    body = body.substring(0, body.lastIndexOf(COMMENT_MARKER_PREFIX));
    while (body.endsWith("\n")) body = body.substring(0, body.length - 1);
    out.set("marker", marker!);
  }
  out.set("body", body);
  const created = getString(c, "created_at");
  if (created != null) out.set("created", created!);
  const updated = getString(c, "updated_at");
  if (updated != null) out.set("updated", updated!);
  return out;
}

function allComments(number: string): Result {
  const out = new JSON.Arr();
  let url: string | null = issuePath(number) + "/comments?per_page=100";
  while (url != null) {
    const r = github.get(url!);
    if (!r.ok) return Result.fail(r.error!);
    const page = r.array(); // the reply's body: on a 304 the cached page, not the empty answer
    for (let i = 0; i < page.length; i++) {
      const c = objectAt(page, i);
      if (c != null) out.push(commentOf(c));
    }
    url = nextLink(r.header("link"));
  }
  return Result.ok(out);
}

function commentPath(commentId: string): string {
  return "/repos/" + repository + "/issues/comments/" + commentId;
}

function commentsOp(input: JSON.Obj, op: string): Result {
  const n = numberOf(getString(input, "id"));
  if (n == null) return Result.error(ErrorCode.INVALID_DATA, op + " needs 'id': the issue number or key of this repository, e.g. \"42\" or \"" + repository + "#42\"");
  if (op == "list_comments") {
    const all = allComments(n!);
    if (!all.isOk) return all;
    const o = new JSON.Obj();
    o.set("comments", all.value!);
    return Result.ok(o);
  }
  const commentId = getString(input, "comment_id");
  if (op != "add_comment" && (commentId == null || !isNumber(commentId!))) {
    return Result.error(ErrorCode.INVALID_DATA, op + " needs 'comment_id': a GitHub comment id such as 1234567");
  }
  if (op == "delete_comment") {
    const r = github.call("DELETE", commentPath(commentId!));
    const o = new JSON.Obj();
    if (!r.ok && r.error!.code != ErrorCode.NOT_FOUND) return Result.fail(r.error!);
    o.set("deleted", r.ok); // already gone is no error: the deletion the host wants holds
    return Result.ok(o);
  }
  const body = getString(input, "body");
  if (body == null) return Result.error(ErrorCode.INVALID_DATA, op + " needs 'body': the comment text");
  if (op == "update_comment") return writeComment("PATCH", commentPath(commentId!), body!, null);
  return addComment(n!, body!, getString(input, "idempotency_key"));
}

function addComment(number: string, body: string, key: string | null): Result {
  if (key != null) {
    for (let i = 0; i < key!.length; i++) {
      if (!isKeyChar(key!.charCodeAt(i))) {
        return Result.error(ErrorCode.INVALID_DATA, "add_comment: idempotency_key may hold letters, digits and - _ . : only");
      }
    }
    const all = allComments(number);
    if (!all.isOk) return all;
    const arr = all.value!.get<JSON.Arr>();
    for (let i = 0; i < arr.length; i++) {
      const c = objectAt(arr, i);
      if (c != null && getString(c, "marker") == key) return Result.ok(c); // an earlier attempt committed
    }
  }
  return writeComment("POST", issuePath(number) + "/comments", body, key);
}

function writeComment(method: string, path: string, body: string, key: string | null): Result {
  let text = body;
  if (key != null) text += "\n\n" + COMMENT_MARKER_PREFIX + key! + MARKER_SUFFIX;
  if (text.length > MAX_BODY) {
    return Result.fail(new PluginError(ErrorCode.INVALID_DATA,
      "comment is too long for GitHub: a comment holds at most 65,536 characters; shorten it").withDetail("field", "body"));
  }
  const r = github.call(method, path, '{"body":' + quote(text) + "}");
  if (!r.ok) return Result.fail(r.error!);
  return Result.ok(commentOf(r.json()));
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
  return run(ptr, len, listCommentsOp);
}
export function add_comment(ptr: i32, len: i32): i64 {
  return run(ptr, len, addCommentOp);
}
export function update_comment(ptr: i32, len: i32): i64 {
  return run(ptr, len, updateCommentOp);
}
export function delete_comment(ptr: i32, len: i32): i64 {
  return run(ptr, len, deleteCommentOp);
}
