// Operation plumbing: read the input buffer, parse it, run the business logic, write the envelope.
import { JSON } from "json-as";
import { readUtf8 } from "./memory";
import { parseObject, getObject } from "./json";
import { Result, ErrorCode } from "./envelope";

/** Business logic of one operation: the parsed input object in, a Result out. */
export type Handler = (input: JSON.Obj) => Result;

/** Validates a configuration object; returns null when valid, an error Result otherwise. */
export type ConfigCheck = (config: JSON.Obj) => Result | null;

let settings: JSON.Obj = new JSON.Obj();

/**
 * Runs one operation: `export function get_task_data(ptr: i32, len: i32): i64 { return run(ptr, len, getTask); }`.
 * Input that is not a JSON object becomes an INVALID_DATA error, never a trap.
 */
/**
 * Collects the call's garbage once its result is copied out of the GC heap (the `minimal` runtime never collects
 * by itself). Nothing the call allocated is used after this, and the stack holds no managed values the collector
 * could miss: the plugin's globals are the only roots.
 */
function collected(packed: i64): i64 {
  __collect();
  return packed;
}

export function run(ptr: i32, len: i32, handler: Handler): i64 {
  const text = readUtf8(<usize>ptr, <usize>len);
  const input = parseObject(text);
  if (input == null) {
    return collected(Result.error(ErrorCode.INVALID_DATA, "operation input must be a JSON object").write());
  }
  return collected(handler(input).write());
}

/**
 * The `init` export: `export function init(ptr: i32, len: i32): i64 { return initWith(ptr, len, checkConfig); }`.
 * Stores `input.config` for `config()` after `check` accepted it.
 */
export function initWith(ptr: i32, len: i32, check: ConfigCheck): i64 {
  const text = readUtf8(<usize>ptr, <usize>len);
  const input = parseObject(text);
  if (input == null) return collected(Result.error(ErrorCode.CONFIG_ERROR, "init input must be a JSON object").write());
  const cfg = getObject(input, "config");
  const c = cfg == null ? new JSON.Obj() : cfg;
  const bad = check(c);
  if (bad != null) return collected(bad.write());
  settings = c;
  return collected(Result.empty().write());
}

/**
 * The `validate_config` export: checks `input.config` without applying it; {"valid": true} or the check's error.
 */
export function validateWith(ptr: i32, len: i32, check: ConfigCheck): i64 {
  const text = readUtf8(<usize>ptr, <usize>len);
  const input = parseObject(text);
  if (input == null) return collected(Result.error(ErrorCode.CONFIG_ERROR, "validate_config input must be a JSON object").write());
  const cfg = getObject(input, "config");
  const bad = check(cfg == null ? new JSON.Obj() : cfg);
  if (bad != null) return collected(bad.write());
  const ok = new JSON.Obj();
  ok.set("valid", true);
  return collected(Result.ok(ok).write());
}

/** The configuration `init` accepted (empty before init). */
export function config(): JSON.Obj {
  return settings;
}

/** Accepts any configuration. */
export function acceptAnyConfig(config: JSON.Obj): Result | null {
  return null;
}
