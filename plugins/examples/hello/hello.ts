// A minimal Zen plugin: greets the item it is asked for. Shows the whole PDK surface a plugin author needs.
//
//   npx asc examples/hello/hello.ts --transform json-as -O3 --runtime minimal \
//       --use abort=pdk/abort/zenAbort -o examples/hello/dist/hello.wasm
import { JSON, run, initWith, config, Result, ErrorCode, PluginError, Log, getString, configGetString } from "../../pdk";
export * from "../../pdk/exports";

/** Refuses a configuration without a `greeting` string. */
function checkConfig(cfg: JSON.Obj): Result | null {
  if (getString(cfg, "greeting") == null) {
    return Result.fail(new PluginError(ErrorCode.CONFIG_ERROR, "set 'greeting' to a string, e.g. greeting: Hello")
      .withDetail("key", "greeting"));
  }
  return null;
}

export function init(ptr: i32, len: i32): i64 {
  return initWith(ptr, len, checkConfig);
}

function getTask(input: JSON.Obj): Result {
  const id = getString(input, "id");
  if (id == null) return Result.error(ErrorCode.INVALID_DATA, "get_task_data needs an 'id' string");
  if (id == "missing") return Result.error(ErrorCode.NOT_FOUND, "no item " + id);
  // Demonstrates the abort route: the message reaches the host log, then the instance traps and is replaced.
  if (id == "abort") abort("hello was asked to abort");
  // Values from init, or live from the host through config_get.
  const greeting = getString(config(), "greeting");
  const punctuation = configGetString("punctuation");
  Log.info("greeting " + id);
  const fields = new JSON.Obj();
  fields.set("title", greeting! + ", " + id + (punctuation == null ? "" : punctuation));
  const labels = new JSON.Arr();
  labels.push("hello");
  fields.set("labels", labels);
  const item = new JSON.Obj();
  item.set("id", id);
  item.set("key", id);
  item.set("fields", fields);
  return Result.ok(item);
}

export function get_task_data(ptr: i32, len: i32): i64 {
  return run(ptr, len, getTask);
}

function health(input: JSON.Obj): Result {
  const o = new JSON.Obj();
  o.set("healthy", true);
  o.set("message", "hello is always healthy");
  return Result.ok(o);
}

export function health_check(ptr: i32, len: i32): i64 {
  return run(ptr, len, health);
}
