/**
 * Compiled shipped models, made at build time (scripts/build-model-cache.mjs)
 * so that the CLI's start does not load the YAML parser, the schema check and
 * mathjs, nor compile the model: ~0.2 s of the ~0.6 s a run used to spend
 * before its first draw.
 *
 * An entry is the model in its portable form (portable.ts: the kernel as
 * source text, priors as their canonical text, the way worker threads
 * receive it) with the model file's full text and a key of the compiler's
 * own source. It is used only when both match what is on disk now, so an
 * edited model file or a rebuilt compiler is compiled afresh; anything
 * unexpected (no entry, an unreadable or foreign file) falls back to
 * compiling, which also gives the errors a bad model file deserves.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { writeAtomic } from "../core/atomic.js";
import type { CompiledModel } from "./types.js";
import { MODELS_DIR, builtinModels, resolveModelPath } from "./locate.js";
import { portableModel, restoreModel, type PortableModel } from "./portable.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/model-cache beside dist/model (from src/, where tests run, a directory that does not exist unless made) */
export const MODEL_CACHE_DIR = path.resolve(here, "..", "model-cache");
const FORMAT = "rsi-sim.model-cache/1";

interface CacheEntry {
  format: string;
  compiler: string;
  model: PortableModel;
}

let compilerKeyMemo: string | null = null;
/**
 * SHA-256 of the compiler's source (every module of model/ as built beside
 * this file: see sourceKey), or "" if it cannot be read.
 */
export function compilerKey(): string {
  if (compilerKeyMemo !== null) return compilerKeyMemo;
  const ext = path.extname(fileURLToPath(import.meta.url));
  try {
    // dist/model (or src/model): beside this file, or beside dist/cli-bundle where the CLI's bundle of it runs
    compilerKeyMemo = sourceKey(path.resolve(here, "..", "model"), ext);
  } catch {
    compilerKeyMemo = "";
  }
  return compilerKeyMemo;
}

/**
 * SHA-256 of the modules (files ending in `ext`, declarations aside) in
 * `dir`, by name and content: compile and its compile-* parts, expr,
 * locate, the prior language, … A change to any of them, or a module added
 * or removed, gives another key. Throws if `dir` holds no compile module.
 */
export function sourceKey(dir: string, ext: string): string {
  const modules = readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`))
    .sort();
  if (!modules.includes(`compile${ext}`)) throw new Error(`no compiler in ${dir}`);
  const h = createHash("sha256");
  for (const f of modules) {
    const bytes = readFileSync(path.join(dir, f));
    h.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest("hex");
}

function entryFile(dir: string, name: string): string {
  return path.join(dir, `${name}.bin`);
}

/**
 * The compiled model from the cache, or null when there is no valid entry:
 * the model is not a shipped one, the entry is missing or unreadable, or it
 * was made from another text of the model file or by another compiler.
 */
export function cachedModel(fileOrName: string, dir = MODEL_CACHE_DIR): CompiledModel | null {
  try {
    const file = path.resolve(resolveModelPath(fileOrName));
    if (path.dirname(file) !== MODELS_DIR) return null;
    const name = path.basename(file, ".yaml");
    const cache = entryFile(dir, name);
    if (!existsSync(cache)) return null;
    const entry = deserialize(readFileSync(cache)) as CacheEntry;
    if (entry?.format !== FORMAT || entry.compiler === "" || entry.compiler !== compilerKey()) return null;
    if (entry.model.source !== readFileSync(file, "utf8")) return null;
    return restoreModel(entry.model);
  } catch {
    return null;
  }
}

/** Load a model (a path or a shipped model's name): from the cache when it is valid, else compiled. */
export async function loadModelFast(fileOrName: string, dir = MODEL_CACHE_DIR): Promise<CompiledModel> {
  return cachedModel(fileOrName, dir) ?? (await import("./compile.js")).loadModel(fileOrName);
}

/** Compile every shipped model into `dir` (the build step). Returns the files written. */
export async function writeModelCache(dir = MODEL_CACHE_DIR): Promise<string[]> {
  const { loadModel } = await import("./compile.js");
  const key = compilerKey();
  if (key === "") throw new Error(`cannot read the compiler's source beside ${here}`);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const name of builtinModels()) {
    const entry: CacheEntry = { format: FORMAT, compiler: key, model: portableModel(loadModel(name)) };
    const file = entryFile(dir, name);
    writeAtomic(file, serialize(entry));
    written.push(file);
  }
  return written;
}
