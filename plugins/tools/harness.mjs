// Development harness: runs a Zen ABI v1 plugin in Node with scripted host functions.
// Not used by the build or CI; the Java tests run the real runtime against FakeJira.
import fs from 'fs';

export async function load(wasmPath, { config = {}, http = () => ({ error: { code: 'NETWORK_ERROR', message: 'no http' } }), logs = [], now = () => Date.now() } = {}) {
  let inst;
  const enc = new TextEncoder(), dec = new TextDecoder('utf-8', { fatal: true });
  const read = (p, l) => dec.decode(new Uint8Array(inst.exports.memory.buffer, p, l));
  const give = (s) => {
    const b = enc.encode(s);
    const p = inst.exports.zen_alloc(b.length);
    new Uint8Array(inst.exports.memory.buffer, p, b.length).set(b);
    return (BigInt(p) << 32n) | BigInt(b.length);
  };
  const httpCall = (p, l, auth) => give(JSON.stringify(http(JSON.parse(read(p, l)), auth)));
  const zen = {
    http_request: (p, l) => httpCall(p, l, false),
    http_request_auth: (p, l) => httpCall(p, l, true),
    config_get: (p, l) => { const k = read(p, l); return k in config ? give(JSON.stringify(config[k])) : 0n; },
    log: (lvl, p, l) => { logs.push([lvl, read(p, l)]); },
    clock_now_ms: () => BigInt(now()),
  };
  const mod = new WebAssembly.Module(fs.readFileSync(wasmPath));
  inst = new WebAssembly.Instance(mod, { zen });
  const call = (op, input) => {
    const b = enc.encode(typeof input === 'string' ? input : JSON.stringify(input));
    const p = inst.exports.zen_alloc(b.length);
    new Uint8Array(inst.exports.memory.buffer, p, b.length).set(b);
    const r = BigInt.asUintN(64, inst.exports[op](p, b.length));
    const rp = Number(r >> 32n), rl = Number(r & 0xffffffffn);
    const out = read(rp, rl);
    inst.exports.zen_free(p, b.length); inst.exports.zen_free(rp, rl);
    return JSON.parse(out);
  };
  return { call, logs, instance: () => inst };
}
