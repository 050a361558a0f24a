// Zen plugin development kit for AssemblyScript, ABI v1 (docs/plugin-abi.md).
//
// In a plugin's entry file:
//   export * from "../../pdk/exports";          // zen_abi_version, zen_alloc, zen_free
//   import { run, initWith, Result, ... } from "../../pdk";
export { JSON } from "json-as";
export * from "./memory";
export * from "./json";
export * from "./reader";
export * from "./envelope";
export * from "./host";
export * from "./plugin";
export { zenAbort } from "./abort";
