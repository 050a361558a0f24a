// Host functions (docs/plugin-abi.md, "Host functions"), import module "zen".
// Only the wrappers a plugin calls end up as imports, so a plugin needs only the permissions it uses:
//   http_request -> http, http_request_auth -> http_auth, config_get -> config_read, log -> log,
//   clock_now_ms -> clock.
import { JSON } from "json-as";
import { takePacked, writeUtf8, packedPtr, packedLen } from "./memory";
import { parseObject, parseArray, getString, getObject, getNumber, getBool, toJsonText } from "./json";
import { PluginError, ErrorCode } from "./envelope";

@external("zen", "http_request")
declare function zen_http_request(ptr: usize, len: usize): i64;
@external("zen", "http_request_auth")
declare function zen_http_request_auth(ptr: usize, len: usize): i64;
@external("zen", "config_get")
declare function zen_config_get(ptr: usize, len: usize): i64;
@external("zen", "log")
declare function zen_log(level: i32, ptr: usize, len: usize): void;
@external("zen", "clock_now_ms")
declare function zen_clock_now_ms(): i64;

/** Calls a host function with a UTF-8 copy of `text` (freed afterwards) and returns the host's buffer. */

function withBuffer(text: string, fn: (ptr: usize, len: usize) => i64): string | null {
  const packed = writeUtf8(text);
  const ptr = packedPtr(packed);
  const out = fn(ptr, packedLen(packed));
  heap.free(ptr);
  return takePacked(out);
}

// ---------------------------------------------------------------- logging

export namespace Log {
  export const DEBUG: i32 = 0;
  export const INFO: i32 = 1;
  export const WARN: i32 = 2;
  export const ERROR: i32 = 3;

  /** Logs through the host (SLF4J on the JVM side). Never put secrets or whole bodies in a message. */
  export function write(level: i32, message: string): void {
    const packed = writeUtf8(message);
    const ptr = packedPtr(packed);
    zen_log(level, ptr, packedLen(packed));
    heap.free(ptr);
  }
  export function debug(message: string): void {
    write(DEBUG, message);
  }
  export function info(message: string): void {
    write(INFO, message);
  }
  export function warn(message: string): void {
    write(WARN, message);
  }
  export function error(message: string): void {
    write(ERROR, message);
  }
}

// ---------------------------------------------------------------- clock

/** Wall-clock time in epoch milliseconds, from the host (needs the clock permission). */
export function nowMs(): i64 {
  return zen_clock_now_ms();
}

// ---------------------------------------------------------------- configuration

/** A configuration value as JSON text, or null when absent (needs config_read). */
export function configGetJson(key: string): string | null {
  return withBuffer(key, (p: usize, l: usize): i64 => zen_config_get(p, l));
}

/** A string configuration value, or null when absent or not a string. */
export function configGetString(key: string): string | null {
  const json = configGetJson(key);
  if (json == null) return null;
  const wrapped = parseObject('{"v":' + json + "}");
  return wrapped == null ? null : getString(wrapped, "v");
}

// ---------------------------------------------------------------- HTTP

/** An outbound HTTP request. Header names are sent as given; the host adds credentials for sendAuth. */
export class HttpRequest {
  headers: Map<string, string> = new Map<string, string>();
  body: string | null = null;
  timeoutMs: i32 = 10000;

  constructor(public method: string, public url: string) {}

  header(name: string, value: string): HttpRequest {
    this.headers.set(name, value);
    return this;
  }

  withBody(body: string | null): HttpRequest {
    this.body = body;
    return this;
  }

  withTimeoutMs(ms: i32): HttpRequest {
    this.timeoutMs = ms;
    return this;
  }

  toJson(): string {
    const o = new JSON.Obj();
    o.set("method", this.method);
    o.set("url", this.url);
    const h = new JSON.Obj();
    const keys = this.headers.keys();
    for (let i = 0; i < keys.length; i++) h.set(keys[i], this.headers.get(keys[i]));
    o.set("headers", h);
    const body = this.body;
    if (body == null) o.set("body", JSON.Value.from<JSON.Obj | null>(null));
    else o.set("body", body);
    o.set("timeout_ms", <f64>this.timeoutMs);
    return toJsonText(o);
  }
}

/** An HTTP response: status, headers with lower-case names, body text. */
export class HttpResponse {
  constructor(public status: i32, public headers: Map<string, string>, public body: string) {}

  /** A header by name, case-insensitively; null when absent. */
  header(name: string): string | null {
    const k = name.toLowerCase();
    return this.headers.has(k) ? this.headers.get(k) : null;
  }

  get isSuccess(): bool {
    return this.status >= 200 && this.status < 300;
  }

  /** The body as a JSON object, or null when it is not one (HTML error pages, empty 204 bodies). */
  json(): JSON.Obj | null {
    return parseObject(this.body);
  }

  /** The body as a JSON array, or null when it is not one. */
  jsonArray(): JSON.Arr | null {
    return parseArray(this.body);
  }
}

/** The outcome of a host HTTP call: a response (any status) or the host's refusal/transport error. */
export class HttpResult {
  constructor(public response: HttpResponse | null, public error: PluginError | null) {}
}

function decodeHttp(text: string | null): HttpResult {
  if (text == null) {
    return new HttpResult(null, new PluginError(ErrorCode.NETWORK_ERROR, "the host returned no HTTP response").withRetryable(true));
  }
  // The envelope is written by the host (with Jackson), so it is well-formed JSON: parse it without the syntax
  // pre-check that untrusted text gets. That pre-check scanned every response body twice (a sixth of a sync's
  // guest time). The body inside stays untrusted: plugins parse it with parseObject.
  const t = text.trim();
  if (t.length == 0 || t.charCodeAt(0) != 0x7b) {
    return new HttpResult(null, new PluginError(ErrorCode.PLUGIN_EXECUTION_FAILED, "the host returned a malformed HTTP response"));
  }
  const o = JSON.parse<JSON.Obj>(t);
  const err = getObject(o, "error");
  if (err != null) {
    const code = getString(err, "code");
    const msg = getString(err, "message");
    const c = code == null ? ErrorCode.NETWORK_ERROR : code;
    // The host says whether its refusal is worth retrying (the provider's rate limit, RATE_LIMITED, is) and when.
    const e = new PluginError(c, msg == null ? "HTTP request failed" : msg)
      .withRetryable(getBool(err, "retryable", c == ErrorCode.NETWORK_ERROR || c == ErrorCode.RATE_LIMITED));
    const after = getNumber(err, "retry_after_ms", -1);
    if (after >= 0) e.withRetryAfterMs(<i64>after);
    return new HttpResult(null, e);
  }
  const headers = new Map<string, string>();
  const h = getObject(o, "headers");
  if (h != null) {
    const keys = h.keys();
    for (let i = 0; i < keys.length; i++) {
      const v = getString(h, keys[i]);
      if (v != null) headers.set(keys[i].toLowerCase(), v);
    }
  }
  const body = getString(o, "body");
  return new HttpResult(new HttpResponse(<i32>getNumber(o, "status", 0), headers, body == null ? "" : body), null);
}

export namespace Http {
  /** Sends a request to an allowed host, without credentials (needs the http permission). */
  export function send(req: HttpRequest): HttpResult {
    return decodeHttp(withBuffer(req.toJson(), (p: usize, l: usize): i64 => zen_http_request(p, l)));
  }

  /** Sends a request with the provider's credential added by the host (needs http_auth). */
  export function sendAuth(req: HttpRequest): HttpResult {
    return decodeHttp(withBuffer(req.toJson(), (p: usize, l: usize): i64 => zen_http_request_auth(p, l)));
  }
}
