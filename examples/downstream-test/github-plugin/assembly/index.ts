// github/assembly/index.ts
import { JSON, run, initWith, config, Result, ErrorCode, PluginError, Http, HttpRequest, HttpResponse,
         getString, getObject, getArray, getNumber, isObject, setStringOrNull, nowMs } from "../../pdk";
export * from "../../pdk/exports";                     // zen_abi_version, zen_alloc, zen_free

function checkConfig(cfg: JSON.Obj): Result | null {    // null = accepted
  const repo = getString(cfg, "repository");
  if (repo == null || repo.indexOf("/") < 1) {
    return Result.fail(new PluginError(ErrorCode.CONFIG_ERROR, "set 'repository' to owner/name, e.g. acme/app")
      .withDetail("key", "repository"));
  }
  return null;
}
export function init(ptr: i32, len: i32): i64 { return initWith(ptr, len, checkConfig); }

/** Maps a non-2xx answer to the ABI's error codes; retryable ones carry retry_after_ms when GitHub says. */
function httpError(r: HttpResponse, what: string): Result {
  const e = new PluginError(ErrorCode.INVALID_DATA, what + ": GitHub answered " + r.status.toString())
    .withDetail("http_status", r.status.toString());
  const remaining = r.header("x-ratelimit-remaining");
  if (r.status == 429 || (r.status == 403 && remaining != null && remaining == "0")) {
    e.code = ErrorCode.RATE_LIMITED;
    e.retryable = true;                                 // the PDK's default is false: say it explicitly
    const reset = r.header("x-ratelimit-reset");         // epoch seconds (Jira sends ISO; GitHub does not)
    if (reset != null) e.retryAfterMs = max<i64>(1000, I64.parseInt(reset) * 1000 - nowMs());
  } else if (r.status == 401) {
    e.code = ErrorCode.AUTH_FAILED;
  } else if (r.status == 403) {
    e.code = ErrorCode.PERMISSION_DENIED;
  } else if (r.status == 404) {
    e.code = ErrorCode.NOT_FOUND;
  } else if (r.status >= 500) {
    e.code = ErrorCode.PROVIDER_UNAVAILABLE;
    e.retryable = true;
  }
  return Result.fail(e);
}

function getTask(input: JSON.Obj): Result {
  const id = getString(input, "id");                    // the issue number, e.g. "42"
  if (id == null) return Result.error(ErrorCode.INVALID_DATA, "get_task_data needs an 'id' string");
  const repo = getString(config(), "repository")!;
  const url = getString(config(), "server_url")! + "/repos/" + repo + "/issues/" + id;
  const sent = Http.sendAuth(new HttpRequest("GET", url)    // the host adds Authorization; we never see it
    .header("Accept", "application/vnd.github+json")
    .header("X-GitHub-Api-Version", "2022-11-28")
    .header("User-Agent", "zen-plugin-github"));
  if (sent.error != null) return Result.fail(sent.error!);  // refused host, network error: passed on as is
  const r = sent.response!;
  if (!r.isSuccess) return httpError(r, "GET issue " + repo + "#" + id);
  const issue = r.json();
  if (issue == null) return Result.error(ErrorCode.INVALID_DATA, "GitHub returned a body that is not a JSON object");

  const fields = new JSON.Obj();
  setStringOrNull(fields, "title", getString(issue, "title"));
  setStringOrNull(fields, "description", getString(issue, "body"));
  setStringOrNull(fields, "status", getString(issue, "state"));            // "open" | "closed"
  const assignee = getObject(issue, "assignee");
  setStringOrNull(fields, "assignee", assignee == null ? null : getString(assignee, "login"));
  const labels = new JSON.Arr();
  const ls = getArray(issue, "labels");
  if (ls != null) {
    for (let i = 0; i < ls.length; i++) {
      const l = ls.at(i);
      const name = isObject(l) ? getString(l.get<JSON.Obj>(), "name") : null;
      if (name != null) labels.push(name);
    }
  }
  fields.set("labels", labels);

  const item = new JSON.Obj();
  item.set("id", (<i64>getNumber(issue, "number", 0)).toString());
  item.set("key", repo + "#" + id);
  setStringOrNull(item, "url", getString(issue, "html_url"));
  setStringOrNull(item, "updated", getString(issue, "updated_at"));
  item.set("fields", fields);
  return Result.ok(item);
}
export function get_task_data(ptr: i32, len: i32): i64 { return run(ptr, len, getTask); }
