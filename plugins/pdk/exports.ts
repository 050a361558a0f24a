// The ABI's required memory exports. Re-export them from a plugin's entry file: `export * from "<pdk>/exports";`
export { zen_abi_version, zen_alloc, zen_free } from "./memory";
