/**
 * Shard files (and result JSONs) mutated: truncated, bytes flipped, fields
 * deleted or set to negative, huge, non-finite or wrongly typed values,
 * base64 columns broken or resized, deep nesting, unknown and __proto__
 * keys. Most JSON-level mutations are resealed (the file's SHA-256 put
 * right), so they get past the checksum to the checks behind it.
 */
import { createHash } from "node:crypto";
import type { Rng } from "./rng.js";

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

/** One mutation of a shard file or result JSON's text; `how` says what was done. */
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
