// Result envelopes (docs/plugin-abi.md, "The result envelope"): {"ok": value} or {"error": {...}}.
import { JSON } from "json-as";
import { toJsonText, writeJson } from "./json";

/** ABI error codes (the library's ErrorCode names). */
export namespace ErrorCode {
  export const INVALID_DATA = "INVALID_DATA";
  export const NOT_FOUND = "NOT_FOUND";
  export const AUTH_FAILED = "AUTH_FAILED";
  export const PERMISSION_DENIED = "PERMISSION_DENIED";
  export const RATE_LIMITED = "RATE_LIMITED";
  export const NETWORK_ERROR = "NETWORK_ERROR";
  export const PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE";
  export const SYNC_CONFLICT = "SYNC_CONFLICT";
  export const CONFIG_ERROR = "CONFIG_ERROR";
  export const UNSUPPORTED_OPERATION = "UNSUPPORTED_OPERATION";
  export const PLUGIN_EXECUTION_FAILED = "PLUGIN_EXECUTION_FAILED";
}

/** A structured error: becomes {"error": {...}} in the result envelope. */
export class PluginError {
  retryable: bool = false;
  /** Milliseconds the caller should wait before retrying; negative when not known. */
  retryAfterMs: i64 = -1;
  details: Map<string, string> = new Map<string, string>();

  constructor(public code: string, public message: string) {}

  static of(code: string, message: string): PluginError {
    return new PluginError(code, message);
  }

  withRetryable(retryable: bool): PluginError {
    this.retryable = retryable;
    return this;
  }

  withRetryAfterMs(ms: i64): PluginError {
    this.retryAfterMs = ms;
    return this;
  }

  withDetail(key: string, value: string): PluginError {
    this.details.set(key, value);
    return this;
  }

  toJson(): JSON.Obj {
    const e = new JSON.Obj();
    e.set("code", this.code);
    e.set("message", this.message);
    e.set("retryable", this.retryable);
    if (this.retryAfterMs >= 0) e.set("retry_after_ms", <f64>this.retryAfterMs);
    if (this.details.size > 0) {
      const d = new JSON.Obj();
      const keys = this.details.keys();
      for (let i = 0; i < keys.length; i++) d.set(keys[i], this.details.get(keys[i]));
      e.set("details", d);
    }
    return e;
  }
}

/** What an operation returns: a value or an error, serialized into the ABI's envelope. */
export class Result {
  private constructor(public readonly value: JSON.Value | null, public readonly error: PluginError | null) {}

  /** {"ok": value} for any json-as serializable value (JSON.Obj, JSON.Arr, string, number, bool...). */
  static ok<T>(value: T): Result {
    return new Result(JSON.Value.from<T>(value), null);
  }

  /** {"ok": {}} */
  static empty(): Result {
    return new Result(JSON.Value.from<JSON.Obj>(new JSON.Obj()), null);
  }

  /** {"error": {...}} */
  static fail(error: PluginError): Result {
    return new Result(null, error);
  }

  /** Shorthand for a non-retryable error. */
  static error(code: string, message: string): Result {
    return new Result(null, new PluginError(code, message));
  }

  get isOk(): bool {
    return this.error == null;
  }

  /** The envelope's JSON text. */
  toJson(): string {
    const env = new JSON.Obj();
    const err = this.error;
    if (err != null) env.set("error", err.toJson());
    else env.set("ok", this.value!);
    return toJsonText(env);
  }

  /**
   * The envelope as UTF-8 in a fresh heap buffer, packed: what an operation returns (`run` calls it). The same bytes
   * as writeUtf8(toJson()), but an ok value is framed as `{"ok":` value `}` while it is encoded, without a wrapper
   * object or another copy of its text.
   */
  write(): i64 {
    const err = this.error;
    if (err != null) {
      const env = new JSON.Obj();
      env.set("error", err.toJson());
      return writeJson("", JSON.stringify(env), "");
    }
    return writeJson('{"ok":', JSON.stringify<JSON.Value>(this.value!), "}");
  }
}
