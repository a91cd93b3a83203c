/**
 * Shard files and result JSONs mutated. Result JSONs (and saved designs):
 * truncated, bytes flipped, fields deleted or set to negative, huge,
 * non-finite or wrongly typed values, deep nesting, unknown and __proto__
 * keys. Shard files (binary, src/app/shard-binary.ts): the same mutations
 * of their JSON header, and of the container (truncated, bits flipped,
 * length, version and header length set wrong) and of the blocks (resized,
 * retyped, filled with NaN, infinities or out-of-range bytes, dropped or
 * doubled). Most mutations are resealed (the file's length and SHA-256 put
 * right), so they get past the checksum to the checks behind it.
 */
import { createHash } from "node:crypto";
import type { Rng } from "./rng.js";
import { shardBytes, type ShardParts } from "../helpers/shard-file.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Every path of the tree, with its value. */
function leaves(node: Json, prefix: (string | number)[] = [], out: { path: (string | number)[]; value: Json }[] = []) {
  if (node !== null && typeof node === "object") {
    for (const [k, v] of Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node)) {
      const p = [...prefix, k];
      out.push({ path: p, value: v as Json });
      // the long arrays of a result (draws, bins) would drown everything else
      if (!(Array.isArray(v) && v.length > 20) && p.length < 30) leaves(v as Json, p, out);
    }
  }
  return out;
}

function set(root: Json, path: (string | number)[], value: Json | undefined): void {
  let node = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const key = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(key as number, 1);
    else delete node[key];
  } else node[key] = value;
}

/** Placeholders for JSON texts a value cannot hold (numbers beyond a double). */
const RAW: Record<string, string> = { "\u0000INF": "1e999", "\u0000NINF": "-1e999", "\u0000BIG": "123456789012345678901234567890", "\u0000TINY": "1e-400" };

const deep = (n: number): Json => {
  let v: Json = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

function weirdValue(rng: Rng, old: Json): Json {
  return rng.weighted<Json>([
    [2, () => (typeof old === "number" ? -old - 1 : -1)],
    [2, () => (typeof old === "number" ? old * 1e12 + 1 : 1e12)],
    [1, () => (typeof old === "number" ? old + 1 : 1)],
    [1, () => (typeof old === "number" ? old + 0.5 : 0.5)],
    [2, () => rng.pick(Object.keys(RAW))],
    [1, () => rng.pick<Json>([0, -0, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 32, 4294967296, -4294967296])],
    [1, () => rng.pick<Json>([null, true, "", "NaN", "Infinity", "-1", [], {}, "x".repeat(10000), "\x1b[31m"])],
    [1, () => deep(rng.pick([50, 5000, 200_000]))],
    [1, () => (typeof old === "string" ? old.slice(0, Math.floor(old.length / 2)) : "")],
    [1, () => (typeof old === "string" ? old + "!!!" : "!!!")],
    [1, () => (typeof old === "string" && /^[A-Za-z0-9+/]+=*$/.test(old) ? old.slice(0, -4) : old)],
    [1, () => (typeof old === "string" && /^[A-Za-z0-9+/]+=*$/.test(old) ? old + "AAAAAAAAAAA=" : old)],
    [1, () => (typeof old === "string" && /^[A-Za-z0-9+/]+=*$/.test(old) ? Buffer.from(new Float64Array(Math.ceil((old.length * 3) / 32)).fill(rng.pick([NaN, Infinity, -Infinity, 1e308, -1]))).toString("base64") : old)],
    [1, () => (Array.isArray(old) ? [...old, ...old] : [old, old])],
    [1, () => (Array.isArray(old) ? old.slice(0, Math.floor(old.length / 2)) : [])],
  ]);
}

/** The JSON of a mutated tree, with the raw placeholders spliced in. */
function toText(tree: Json): string {
  let text = JSON.stringify(tree);
  for (const [k, raw] of Object.entries(RAW)) text = text.split(JSON.stringify(k)).join(raw);
  return text;
}

/** Put a shard file's checksum right for its (mutated) body, as merge computes it. */
function reseal(text: string): string {
  try {
    const obj = JSON.parse(text) as Record<string, Json>;
    if (!Object.hasOwn(obj, "sha256")) return text;
    const { sha256: _old, ...body } = obj;
    const sum = sha256(JSON.stringify(body));
    return text.replace(/"sha256":"[0-9a-f]*"\}\s*$/, `"sha256":"${sum}"}\n`);
  } catch {
    return text;
  }
}

/** One mutation of a result JSON's (or shard header's) text; `how` says what was done. */
export function mutateJson(rng: Rng, text: string, sealed: boolean): { text: string; how: string } {
  const byteLevel = rng.chance(0.2);
  if (byteLevel) {
    return rng.weighted<{ text: string; how: string }>([
      [3, () => { const n = rng.int(0, text.length - 1); return { text: text.slice(0, n), how: `truncated to ${n} chars` }; }],
      [2, () => { const i = rng.int(0, text.length - 1); const c = String.fromCharCode(text.charCodeAt(i) ^ (1 << rng.int(0, 6))); return { text: text.slice(0, i) + c + text.slice(i + 1), how: `flipped a bit of char ${i}` }; }],
      [1, () => ({ text: "", how: "emptied" })],
      [1, () => ({ text: text + text, how: "doubled" })],
      [1, () => ({ text: "[".repeat(200_000) + "]".repeat(200_000), how: "deep array" })],
      [1, () => ({ text: text.replace(/"[A-Za-z0-9+/]{40,}={0,2}"/, '"not base64 at all ***"'), how: "broke a base64 column" })],
    ]);
  }
  let tree: Json;
  try {
    tree = JSON.parse(text) as Json;
  } catch {
    return { text, how: "unchanged (not JSON)" };
  }
  const hows: string[] = [];
  const n = rng.weighted<number>([[6, () => 1], [2, () => 2], [1, () => 4]]);
  for (let i = 0; i < n; i++) {
    const all = leaves(tree);
    const { path, value } = rng.pick(all);
    const where = path.join(".");
    rng.weighted<void>([
      [2, () => { set(tree, path, undefined); hows.push(`deleted ${where}`); }],
      [7, () => { const v = weirdValue(rng, value); set(tree, path, v); hows.push(`set ${where}`); }],
      [1, () => {
        const parent = path.length > 1 ? path.slice(0, -1) : [];
        let node = tree as Record<string | number, Json>;
        for (const k of parent) node = node[k] as Record<string | number, Json>;
        if (node && typeof node === "object" && !Array.isArray(node)) {
          const key = rng.pick(["__proto__", "constructor", "toString", "extra", "kind"]);
          Object.defineProperty(node, key, { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
          hows.push(`added ${key} beside ${where}`);
        }
      }],
    ]);
  }
  let out: string;
  try {
    out = toText(tree) + "\n";
  } catch {
    return { text: "[".repeat(200_000), how: hows.join("; ") + "; too deep to write: an unclosed deep array instead" };
  }
  const resealed = sealed && rng.chance(0.8);
  if (resealed) out = reseal(out);
  return { text: out, how: hows.join("; ") + (resealed ? " (resealed)" : "") };
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const WIDTH: Record<string, number> = { float64: 8, uint8: 1, binary8: 1 };

/** A shard file's parts (header, blocks' bytes), or null when the bytes are not a whole shard file. */
function parse(bytes: Buffer): ShardParts | null {
  try {
    const H = bytes.readUInt32LE(12);
    const header = JSON.parse(bytes.subarray(24, 24 + H).toString("utf8"));
    const start = align8(24 + H);
    const blocks = (header.blocks as { type: string; length: number; offset: number }[]).map((e) => ({ type: e.type, bytes: Uint8Array.from(bytes.subarray(start + e.offset, start + e.offset + e.length * WIDTH[e.type])) }));
    return { header, blocks };
  } catch {
    return null;
  }
}

/** The SHA-256 at the end put right for the bytes before it. */
function resealBytes(b: Buffer): Buffer {
  if (b.length < 32) return b;
  const out = Buffer.from(b);
  createHash("sha256").update(out.subarray(0, out.length - 32)).digest().copy(out, out.length - 32);
  return out;
}

/** One block of the parts changed: its values, length or type. */
function mutateBlock(rng: Rng, parts: ShardParts): string {
  if (parts.blocks.length === 0) return "no blocks to change";
  const i = rng.int(0, parts.blocks.length - 1);
  const bl = parts.blocks[i];
  return rng.weighted<string>([
    [2, () => { const v = rng.pick([NaN, Infinity, -Infinity, 1e308, -1, 0.5, 2, 7]); const n = Math.max(1, Math.floor(bl.bytes.length / WIDTH[bl.type])); parts.blocks[i] = { type: "float64", bytes: new Uint8Array(new Float64Array(n).fill(v).buffer) }; return `block ${i}: float64 ${v}s`; }],
    [2, () => { const c = rng.pick([2, 7, 128, 254, 255]); bl.bytes = Uint8Array.from(bl.bytes); if (bl.bytes.length > 0) bl.bytes[rng.int(0, bl.bytes.length - 1)] = c; return `block ${i}: a byte set to ${c}`; }],
    [2, () => { bl.bytes = bl.bytes.subarray(0, Math.max(0, bl.bytes.length - rng.pick([1, 8, 16]))); return `block ${i}: shortened`; }],
    [1, () => { bl.bytes = Uint8Array.from([...bl.bytes, ...bl.bytes]); return `block ${i}: doubled`; }],
    [1, () => { const types = ["float64", "uint8", "binary8"].filter((t) => t !== bl.type && bl.bytes.length % WIDTH[t] === 0); if (types.length > 0) bl.type = rng.pick(types); return `block ${i}: type ${bl.type}`; }],
    [1, () => { parts.blocks.splice(i, 1); return `block ${i}: dropped`; }],
    [1, () => { parts.blocks.push({ ...bl }); return `block ${i}: copied to the end`; }],
  ]);
}

/** One mutation of a shard file's bytes; `how` says what was done. */
export function mutateShard(rng: Rng, bytes: Buffer): { text: Buffer; how: string } {
  const parts = parse(bytes);
  const byteLevel = parts === null || rng.chance(0.25);
  if (byteLevel) {
    return rng.weighted<{ text: Buffer; how: string }>([
      [3, () => { const n = rng.int(0, bytes.length - 1); return { text: bytes.subarray(0, n), how: `truncated to ${n} bytes` }; }],
      [2, () => { const out = Buffer.from(bytes); const i = rng.int(0, out.length - 1); out[i] ^= 1 << rng.int(0, 7); return { text: out, how: `flipped a bit of byte ${i}` }; }],
      [2, () => { const out = Buffer.from(bytes); const i = rng.int(24, out.length - 33); out[i] ^= 1 << rng.int(0, 7); return { text: resealBytes(out), how: `flipped a bit of byte ${i} (resealed)` }; }],
      [1, () => { const out = Buffer.from(bytes); out.writeUInt32LE(rng.pick([0, 2, 0xffffffff]), 8); return { text: resealBytes(out), how: "format version changed (resealed)" }; }],
      [1, () => { const out = Buffer.from(bytes); out.writeUInt32LE(rng.pick([0, 1, 7, out.length, 0xffffffff]), 12); return { text: resealBytes(out), how: "header length changed (resealed)" }; }],
      [1, () => { const out = Buffer.from(bytes); out.writeBigUInt64LE(BigInt(rng.pick([0, out.length - 8, out.length + 8, 2 ** 53])), 16); return { text: resealBytes(out), how: "file length changed (resealed)" }; }],
      [1, () => ({ text: Buffer.alloc(0), how: "emptied" })],
      [1, () => ({ text: Buffer.concat([bytes, bytes]), how: "doubled" })],
    ]);
  }
  let text: Buffer;
  let how: string;
  if (rng.chance(0.6)) {
    // the header's text mutated (its directory still that of the blocks, unless the mutation hit it)
    const r = mutateJson(rng, JSON.stringify(parts.header), false);
    text = shardBytes(parts, { directory: false, headerText: () => r.text.trimEnd() });
    how = `header: ${r.how}`;
  } else {
    how = mutateBlock(rng, parts);
    text = shardBytes(parts);
  }
  const resealed = rng.chance(0.85);
  return { text: resealed ? text : Buffer.concat([text.subarray(0, text.length - 32), bytes.subarray(bytes.length - 32)]), how: how + (resealed ? " (resealed)" : "") };
}
