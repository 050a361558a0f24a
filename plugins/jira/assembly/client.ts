// Jira Cloud REST v3 over the host's authenticated HTTP, with Jira's errors mapped to ABI error codes.
import {
  JSON, Http, HttpRequest, HttpResponse, PluginError, ErrorCode, nowMs, getArray, getObject, stringsOf, isString,
} from "../../pdk";
import { parseIso, parseHttpDate } from "./time";

/** A Jira call's outcome: the response (2xx) or a mapped error. */
export class Reply {
  constructor(public response: HttpResponse | null, public error: PluginError | null) {}

  get ok(): bool {
    return this.error == null;
  }

  /** The body as JSON (an empty object for 204 or a non-JSON body). */
  json(): JSON.Obj {
    const r = this.response;
    if (r == null) return new JSON.Obj();
    const o = r.json();
    return o == null ? new JSON.Obj() : o;
  }

  get status(): i32 {
    const r = this.response;
    return r == null ? 0 : r.status;
  }
}

export class Jira {
  readonly api: string;

  constructor(public serverUrl: string, public timeoutMs: i32) {
    let base = serverUrl;
    while (base.endsWith("/")) base = base.substring(0, base.length - 1);
    this.serverUrl = base;
    this.api = base + "/rest/api/3";
  }

  /** Sends `method path` (path relative to /rest/api/3) with an optional JSON body. */
  call(method: string, path: string, body: string | null = null): Reply {
    const req = new HttpRequest(method, this.api + path)
      .header("Accept", "application/json")
      .withTimeoutMs(this.timeoutMs);
    if (body != null) req.header("Content-Type", "application/json").withBody(body);
    const result = Http.sendAuth(req);
    const hostError = result.error;
    if (hostError != null) {
      return new Reply(null, hostError.withDetail("method", method).withDetail("path", pathOnly(path)));
    }
    const resp = result.response!;
    if (resp.isSuccess) return new Reply(resp, null);
    return new Reply(resp, mapError(resp, method, pathOnly(path)));
  }

  get(path: string): Reply {
    return this.call("GET", path);
  }
  post(path: string, body: string): Reply {
    return this.call("POST", path, body);
  }
  put(path: string, body: string): Reply {
    return this.call("PUT", path, body);
  }
}

function pathOnly(path: string): string {
  const q = path.indexOf("?");
  return q < 0 ? path : path.substring(0, q);
}

/** Jira's own words from an ErrorCollection body: errorMessages plus "field: message" pairs. */
export function jiraMessages(resp: HttpResponse): string {
  const o = resp.json();
  if (o == null) return "";
  const parts = stringsOf(getArray(o, "errorMessages"));
  const errors = getObject(o, "errors");
  if (errors != null) {
    const keys = errors.keys();
    for (let i = 0; i < keys.length; i++) {
      const v = errors.get(keys[i]);
      if (isString(v)) parts.push(keys[i] + ": " + v!.get<string>());
    }
  }
  return parts.join("; ");
}

/** Milliseconds to wait from Retry-After (seconds or HTTP-date, at least 1 s) or X-RateLimit-Reset (ISO). */
export function retryAfterMs(resp: HttpResponse): i64 {
  const ra = resp.header("retry-after");
  if (ra != null) {
    const t = ra.trim();
    let isNumber = t.length > 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x30 || c > 0x39) isNumber = false;
    }
    if (isNumber) {
      const s = I64.parseInt(t);
      return (s < 1 ? 1 : s) * 1000;
    }
    const at = parseHttpDate(t);
    if (at >= 0) {
      const wait = at - nowMs();
      return wait < 1000 ? 1000 : wait;
    }
  }
  const reset = resp.header("x-ratelimit-reset");
  if (reset != null) {
    const ts = parseIso(reset.trim());
    if (ts != null) {
      const wait = ts.epochMs - nowMs();
      return wait < 1000 ? 1000 : wait;
    }
  }
  return -1;
}

/** Maps a non-2xx Jira response to an ABI error with a message that says what to do. */
export function mapError(resp: HttpResponse, method: string, path: string): PluginError {
  const s = resp.status;
  const said = jiraMessages(resp);
  const jira = said.length > 0 ? " Jira said: " + said : "";
  let e: PluginError;
  if (s == 401) {
    e = new PluginError(ErrorCode.AUTH_FAILED,
      "Jira rejected the credentials (401). Check the email and API token (basic) or the OAuth/PAT token (bearer) behind credentials_ref." + jira);
  } else if (s == 403) {
    e = new PluginError(ErrorCode.PERMISSION_DENIED,
      "Jira refused the request (403): the account lacks the permission for " + method + " " + path + "." + jira);
  } else if (s == 404) {
    e = new PluginError(ErrorCode.NOT_FOUND,
      "Jira has no such item or the account cannot see it (404) at " + path + "." + jira);
  } else if (s == 409) {
    e = new PluginError(ErrorCode.SYNC_CONFLICT,
      "Jira reported a conflicting update (409); retry after re-reading the issue." + jira).withRetryable(true);
  } else if (s == 429) {
    e = new PluginError(ErrorCode.RATE_LIMITED, "Jira rate limit reached (429); wait before retrying." + jira).withRetryable(true);
    const reason = resp.header("ratelimit-reason");
    if (reason != null) e.withDetail("rate_limit_reason", reason);
  } else if (s >= 500) {
    e = new PluginError(ErrorCode.PROVIDER_UNAVAILABLE,
      "Jira is unavailable (" + s.toString() + "); retry later." + jira).withRetryable(true);
  } else if (s == 410) {
    e = new PluginError(ErrorCode.INVALID_DATA, "Jira removed this API (410) at " + path + "." + jira);
  } else {
    e = new PluginError(ErrorCode.INVALID_DATA,
      "Jira rejected the request (" + s.toString() + ") to " + method + " " + path + "." + jira);
  }
  if (s == 429 || s >= 500) {
    const wait = retryAfterMs(resp);
    if (wait >= 0) e.withRetryAfterMs(wait);
  }
  e.withDetail("http_status", s.toString()).withDetail("method", method).withDetail("path", path);
  return e;
}
