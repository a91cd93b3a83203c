/**
 * Which build of rsi-sim wrote a shard: the SHA-256 of the modules that make
 * the numbers (every module of core, model, sampling, engine, parallel and
 * analysis, as written in src/), kept in each shard's header as `build`. Two builds
 * that both call themselves the same version can draw, integrate or
 * summarise differently; merge joins only shards of one build, merged by
 * that build (src/app/shard-merge.ts), so that a merged result is always
 * one that a single command of one build gives.
 *
 * The key is of the sources (src/…/*.ts), not of the built modules, so
 * that two builds of the same sources have the same key whatever compiler
 * built them and whatever an older build left in dist/. It is computed
 * once at build time into dist/build-key.json (scripts/build-key.mjs); a
 * module that runs where there is no such file (src/, where the tests run)
 * computes it from the modules beside it, the same sources, so the tests
 * and the CLI built from them agree. src/model/cache.ts keys its compiled
 * models likewise.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeAtomic } from "../core/atomic.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/ (or src/): above dist/app and dist/cli-bundle alike */
const ROOT = path.resolve(here, "..");
/** The file the build writes the key into. */
export const BUILD_KEY_FILE = path.join(ROOT, "build-key.json");
const FORMAT = "rsi-sim.build-key/1";

/** The folders whose modules make a shard's numbers (the layers below app/). */
export const NUMERIC_LAYERS = ["core", "model", "sampling", "engine", "parallel", "analysis"];

/** The modules (files ending in `ext`, declarations aside) under `dir`, as paths relative to `root`, sorted. */
function modules(root: string, dir: string, ext: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((d) => {
      const rel = path.posix.join(dir, d.name);
      if (d.isDirectory()) return modules(root, rel, ext);
      return d.name.endsWith(ext) && !d.name.endsWith(`.d${ext}`) ? [rel] : [];
    })
    .sort();
}

/**
 * SHA-256 of the modules of NUMERIC_LAYERS under `root` (files ending in
 * `ext`), by path and content: a change to any of them, or a module added
 * or removed, gives another key. Throws when a layer's folder is missing.
 *
 * @example
 * modulesKey("dist", ".js"); // 64 hex digits
 */
export function modulesKey(root: string, ext: string): string {
  const h = createHash("sha256");
  for (const layer of NUMERIC_LAYERS) {
    for (const rel of modules(root, layer, ext)) {
      const bytes = readFileSync(path.join(root, rel));
      h.update(`${rel}\0${bytes.length}\0`).update(bytes);
    }
  }
  return h.digest("hex");
}

let memo: string | undefined;

/** This build's key: dist/build-key.json's, or computed from the modules beside this one where the build wrote none. */
export function buildKey(): string {
  if (memo !== undefined) return memo;
  if (existsSync(BUILD_KEY_FILE)) {
    const saved = JSON.parse(readFileSync(BUILD_KEY_FILE, "utf8")) as { format?: unknown; key?: unknown };
    if (saved.format === FORMAT && typeof saved.key === "string" && /^[0-9a-f]{64}$/.test(saved.key)) return (memo = saved.key);
  }
  return (memo = modulesKey(ROOT, path.extname(fileURLToPath(import.meta.url))));
}

/** Write this build's key into dist/build-key.json (the build step); returns the key. */
export function writeBuildKey(sourceRoot: string): string {
  const key = modulesKey(sourceRoot, ".ts");
  writeAtomic(BUILD_KEY_FILE, `${JSON.stringify({ format: FORMAT, layers: NUMERIC_LAYERS, key })}\n`);
  memo = key;
  return key;
}

/** A key as messages show it: its first 12 hex digits. */
export const shortKey = (key: string): string => key.slice(0, 12);
