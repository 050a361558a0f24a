// GitHub REST over the host's authenticated HTTP: the primary rate limit is honoured before a request is sent,
// GETs are conditional (If-None-Match; a 304 costs no rate limit) and GitHub's errors map to ABI error codes.
import { JSON, Http, HttpRequest, HttpResponse, PluginError, ErrorCode, nowMs, getString, parseObjectChecked,
  parseArrayChecked, objectAt,
} from "../../pdk";

/** Requests left in a window below which the plugin pauses the provider instead of spending the last ones. */
export const RESERVE: i64 = 2;
const CACHE_LIMIT: i32 = 512;

export class Reply {
  /** The host's syntax check of `body` (HttpResponse.bodyJson). */
  bodyJson: i32 = 0;

  constructor(public response: HttpResponse | null, public error: PluginError | null, public body: string) {}

  get ok(): bool {
    return this.error == null;
  }

  json(): JSON.Obj {
    const o = parseObjectChecked(this.body, this.bodyJson);
    return o == null ? new JSON.Obj() : o!;
  }

  /** The body as an array (a list page), or an empty one. */
  array(): JSON.Arr {
    const a = parseArrayChecked(this.body, this.bodyJson);
    return a == null ? new JSON.Arr() : a!;
  }

  header(name: string): string | null {
    const r = this.response;
    return r == null ? null : r.header(name);
  }
}

class Cached {
  constructor(public etag: string, public body: string, public bodyJson: i32) {}
}

function replyOf(resp: HttpResponse, error: PluginError | null, body: string, bodyJson: i32): Reply {
  const r = new Reply(resp, error, body);
  r.bodyJson = bodyJson;
  return r;
}

class Window {
  remaining: i64 = -1;
  resetMs: i64 = 0;
}

export class GitHub {
  readonly api: string;
  private cache: Map<string, Cached> = new Map<string, Cached>();
  private core: Window = new Window();
  private search: Window = new Window();
  /** Requests answered 304 from the cache, for tests and health. */
  notModified: i64 = 0;

  constructor(serverUrl: string, public timeoutMs: i32) {
    let base = serverUrl;
    while (base.endsWith("/")) base = base.substring(0, base.length - 1);
    this.api = base;
  }

  private window(url: string): Window {
    return url.startsWith(this.api + "/search/") ? this.search : this.core;
  }

  /** Sends `method url` (absolute, or a path under the API base) with an optional JSON body. */
  call(method: string, pathOrUrl: string, body: string | null = null): Reply {
    const url = pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") ? pathOrUrl : this.api + pathOrUrl;
    const w = this.window(url);
    const now = nowMs();
    if (w.remaining >= 0 && w.remaining <= RESERVE && now < w.resetMs) {
      return new Reply(null, new PluginError(ErrorCode.RATE_LIMITED,
        "GitHub's rate limit is nearly used up (" + w.remaining.toString() + " left); the provider pauses until it resets.")
        .withRetryable(true).withRetryAfterMs(w.resetMs - now).withDetail("method", method), "");
    }
    const req = new HttpRequest(method, url)
      .header("Accept", "application/vnd.github+json")
      .header("X-GitHub-Api-Version", "2022-11-28")
      .header("User-Agent", "zen-plugin-github")
      .withTimeoutMs(this.timeoutMs);
    const cached = method == "GET" && this.cache.has(url) ? this.cache.get(url) : null;
    if (cached != null) req.header("If-None-Match", cached.etag);
    if (body != null) req.header("Content-Type", "application/json").withBody(body);
    const result = Http.sendAuth(req);
    const hostError = result.error;
    if (hostError != null) return new Reply(null, hostError.withDetail("method", method).withDetail("path", pathOf(url)), "");
    const resp = result.response!;
    this.track(w, resp);
    if (resp.status == 304 && cached != null) {
      this.notModified++;
      return replyOf(resp, null, cached.body, cached.bodyJson);
    }
    if (resp.isSuccess) {
      const etag = resp.header("etag");
      if (method == "GET" && etag != null) {
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(url, new Cached(etag, resp.body, resp.bodyJson));
      }
      return replyOf(resp, null, resp.body, resp.bodyJson);
    }
    return replyOf(resp, mapError(resp, method, pathOf(url)), resp.body, resp.bodyJson);
  }

  private track(w: Window, resp: HttpResponse): void {
    const remaining = resp.header("x-ratelimit-remaining");
    const reset = resp.header("x-ratelimit-reset");
    if (remaining != null && isDigits(remaining)) w.remaining = I64.parseInt(remaining);
    if (reset != null && isDigits(reset)) w.resetMs = I64.parseInt(reset) * 1000;
  }

  get(path: string): Reply {
    return this.call("GET", path);
  }
  post(path: string, body: string): Reply {
    return this.call("POST", path, body);
  }
  patch(path: string, body: string): Reply {
    return this.call("PATCH", path, body);
  }
}

export function isDigits(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  const u = q < 0 ? url : url.substring(0, q);
  const scheme = u.indexOf("://");
  const slash = scheme < 0 ? -1 : u.indexOf("/", scheme + 3);
  return slash < 0 ? u : u.substring(slash);
}

/** The wait GitHub asks for: retry-after (seconds), else until x-ratelimit-reset when nothing is left; -1 if neither. */
export function retryAfterMs(resp: HttpResponse): i64 {
  const ra = resp.header("retry-after");
  if (ra != null && isDigits(ra.trim())) {
    const s = I64.parseInt(ra.trim());
    return (s < 1 ? 1 : s) * 1000;
  }
  const remaining = resp.header("x-ratelimit-remaining");
  const reset = resp.header("x-ratelimit-reset");
  if (remaining != null && remaining.trim() == "0" && reset != null && isDigits(reset.trim())) {
    const wait = I64.parseInt(reset.trim()) * 1000 - nowMs();
    return wait < 1000 ? 1000 : wait;
  }
  return -1;
}

/** Maps a non-2xx GitHub response to an ABI error with a message that says what to do. */
export function mapError(resp: HttpResponse, method: string, path: string): PluginError {
  const s = resp.status;
  const o = resp.json();
  const message: string | null = o == null ? null : getString(o!, "message");
  const said = message == null ? "" : " GitHub said: " + message;
  const wait = retryAfterMs(resp);
  let e: PluginError;
  const limited = s == 429 || (s == 403 && (wait >= 0 || (message != null && message!.includes("rate limit"))));
  if (limited) {
    e = new PluginError(ErrorCode.RATE_LIMITED, "GitHub rate limit reached (" + s.toString() + "); wait before retrying." + said)
      .withRetryable(true);
    if (wait >= 0) e.withRetryAfterMs(wait);
    else e.withRetryAfterMs(60000); // a secondary limit without retry-after: wait at least a minute
  } else if (s == 401) {
    e = new PluginError(ErrorCode.AUTH_FAILED,
      "GitHub rejected the token (401). Check the personal access token or GitHub App installation token behind credentials_ref." + said);
  } else if (s == 403) {
    e = new PluginError(ErrorCode.PERMISSION_DENIED,
      "GitHub refused " + method + " " + path + " (403): the token lacks the Issues permission for this repository." + said);
  } else if (s == 404) {
    e = new PluginError(ErrorCode.NOT_FOUND, "GitHub has no such item or the token cannot see it (404) at " + path + "." + said);
  } else if (s == 410) {
    e = new PluginError(ErrorCode.NOT_FOUND, "The GitHub issue was deleted, or issues are disabled (410) at " + path + "." + said);
  } else if (s >= 500) {
    e = new PluginError(ErrorCode.PROVIDER_UNAVAILABLE, "GitHub is unavailable (" + s.toString() + "); retry later." + said)
      .withRetryable(true);
    if (wait >= 0) e.withRetryAfterMs(wait);
  } else {
    e = new PluginError(ErrorCode.INVALID_DATA, "GitHub rejected " + method + " " + path + " (" + s.toString() + ")." + said
      + (o == null ? "" : " " + errorsOf(o)));
  }
  e.withDetail("http_status", s.toString()).withDetail("method", method).withDetail("path", path);
  return e;
}

function errorsOf(o: JSON.Obj): string {
  const v = o.get("errors");
  if (v == null || v.type != JSON.Types.Array) return "";
  const a = v.get<JSON.Arr>();
  const parts: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const e = objectAt(a, i);
    if (e == null) continue;
    const field = getString(e, "field");
    const code = getString(e, "code");
    const msg = getString(e, "message");
    parts.push((field == null ? "" : field! + ": ") + (msg != null ? msg! : (code == null ? "invalid" : code!)));
  }
  return parts.join("; ");
}
