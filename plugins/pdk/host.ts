// Host functions (docs/plugin-abi.md, "Host functions"), import module "zen".
// Only the wrappers a plugin calls end up as imports, so a plugin needs only the permissions it uses:
//   http_request -> http, http_request_auth -> http_auth, config_get -> config_read, log -> log,
//   clock_now_ms -> clock.
import { JSON } from "json-as";
import { takePacked, writeUtf8, packedPtr, packedLen, readUtf8 } from "./memory";
import { parseObject, parseObjectChecked, parseArrayChecked, getString, toJsonText, writeJson } from "./json";
import { PluginError, ErrorCode } from "./envelope";
import { JsonReader } from "./reader";

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
    return toJsonText(this.document());
  }

  /** The request as the host reads it (docs/plugin-abi.md, http_request). */
  document(): JSON.Obj {
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
    // ABI v1 minor addition: the answer comes framed with the body as raw bytes (see exchange); a host without it
    // ignores the key and answers with the plain envelope, which exchange reads too.
    o.set("raw_body", true);
    return o;
  }
}

/** An HTTP response: status, headers with lower-case names, body text. */
export class HttpResponse {
  /** What the host said about the body's syntax: 0 nothing (scan it), 1 one well-formed JSON value, 2 not JSON. */
  bodyJson: i32 = 0;

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
    // The host checked the syntax (body_json) as strictly as parseObject does: parse without scanning it again.
    return parseObjectChecked(this.body, this.bodyJson);
  }

  /** The body as a JSON array, or null when it is not one. */
  jsonArray(): JSON.Arr | null {
    return parseArrayChecked(this.body, this.bodyJson);
  }
}

/** The outcome of a host HTTP call: a response (any status) or the host's refusal/transport error. */
export class HttpResult {
  constructor(public response: HttpResponse | null, public error: PluginError | null) {}
}

/**
 * Sends the request through a host function and reads its answer: the raw_body frame (a 4-byte big-endian length,
 * the envelope, the body's bytes; its first byte is 0) or, from a host without raw bodies, the plain envelope.
 */
function exchange(req: HttpRequest, fn: (ptr: usize, len: usize) => i64): HttpResult {
  const packed = writeJson("", JSON.stringify(req.document()), "");
  const inPtr = packedPtr(packed);
  const out = fn(inPtr, packedLen(packed));
  heap.free(inPtr);
  if (out == 0) return decodeHttp(null, null, 0);
  const ptr = packedPtr(out);
  const len = packedLen(out);
  let result: HttpResult;
  if (len >= 4 && load<u8>(ptr) == 0) {
    const headLen = (<usize>load<u8>(ptr + 1) << 16) | (<usize>load<u8>(ptr + 2) << 8) | <usize>load<u8>(ptr + 3);
    if (headLen > len - 4) {
      result = decodeHttp("", null, 0);
    } else {
      const head = readUtf8(ptr + 4, headLen);
      const body = readUtf8(ptr + 4 + headLen, len - 4 - headLen);
      result = decodeHttp(head, body, 1);
    }
  } else {
    result = decodeHttp(readUtf8(ptr, len), null, 0);
  }
  heap.free(ptr);
  return result;
}

/** The host's error object of an HTTP envelope, as read. */
class HostError {
  code: string | null = null;
  message: string | null = null;
  /** 1 true, 0 false, -1 absent or not a boolean */
  retryable: i32 = -1;
  retryAfterMs: f64 = NaN;
}

function readHostError(r: JsonReader): HostError | null {
  if (!r.beginObject()) return null;
  const e = new HostError();
  while (r.nextKey()) {
    if (r.keyIs("code")) e.code = r.string();
    else if (r.keyIs("message")) e.message = r.string();
    else if (r.keyIs("retryable")) e.retryable = r.bool();
    else if (r.keyIs("retry_after_ms")) e.retryAfterMs = r.number();
    else r.skip();
  }
  return e;
}

/** The envelope's headers (names lower-cased; values that are not strings left out), null when not an object. */
function readHeaders(r: JsonReader): Map<string, string> | null {
  if (!r.beginObject()) return null;
  const headers = new Map<string, string>();
  while (r.nextKey()) {
    const name = r.key().toLowerCase();
    const v = r.string();
    if (v != null) headers.set(name, v);
  }
  return headers;
}

function decodeHttp(text: string | null, rawBody: string | null, framed: i32): HttpResult {
  if (text == null) {
    return new HttpResult(null, new PluginError(ErrorCode.NETWORK_ERROR, "the host returned no HTTP response").withRetryable(true));
  }
  // The envelope is written by the host (with Jackson), so it is well-formed JSON: it is read in one pass, without
  // the syntax pre-check that untrusted text gets or a JSON.Obj per level (a twentieth of a call's guest work). The
  // body inside stays untrusted: plugins parse it with parseObject.
  const t = text.trim();
  if (t.length == 0 || t.charCodeAt(0) != 0x7b) {
    return new HttpResult(null, new PluginError(ErrorCode.PLUGIN_EXECUTION_FAILED, "the host returned a malformed HTTP response"));
  }
  const r = new JsonReader(t, changetype<usize>(t), changetype<usize>(t) + (<usize>t.length << 1));
  r.beginObject();
  let err: HostError | null = null;
  let headers: Map<string, string> | null = null;
  let status: f64 = NaN;
  let body: string | null = null;
  let bodyJson: i32 = -1;
  while (r.nextKey()) { // a repeated key: the last one counts, as with the getters
    if (r.keyIs("error")) err = readHostError(r);
    else if (r.keyIs("headers")) headers = readHeaders(r);
    else if (r.keyIs("status")) status = r.number();
    else if (r.keyIs("body")) body = r.string();
    else if (r.keyIs("body_json")) bodyJson = r.bool();
    else r.skip();
  }
  if (err != null) {
    const c = err.code == null ? ErrorCode.NETWORK_ERROR : err.code!;
    // The host says whether its refusal is worth retrying (the provider's rate limit, RATE_LIMITED, is) and when.
    const retryable = err.retryable >= 0 ? err.retryable == 1 : c == ErrorCode.NETWORK_ERROR || c == ErrorCode.RATE_LIMITED;
    const e = new PluginError(c, err.message == null ? "HTTP request failed" : err.message!).withRetryable(retryable);
    if (err.retryAfterMs >= 0) e.withRetryAfterMs(<i64>err.retryAfterMs);
    return new HttpResult(null, e);
  }
  const b = rawBody != null ? rawBody : body;
  const resp = new HttpResponse(isNaN(status) ? 0 : <i32>status, headers == null ? new Map<string, string>() : headers!,
    b == null ? "" : b!);
  if (framed != 0 && bodyJson >= 0) resp.bodyJson = bodyJson == 1 ? 1 : 2;
  return new HttpResult(resp, null);
}

export namespace Http {
  /** Sends a request to an allowed host, without credentials (needs the http permission). */
  export function send(req: HttpRequest): HttpResult {
    return exchange(req, (p: usize, l: usize): i64 => zen_http_request(p, l));
  }

  /** Sends a request with the provider's credential added by the host (needs http_auth). */
  export function sendAuth(req: HttpRequest): HttpResult {
    return exchange(req, (p: usize, l: usize): i64 => zen_http_request_auth(p, l));
  }
}
