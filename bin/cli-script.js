// The command line as one script with a V8 code cache. scripts/bundle-cli.mjs
// bundles the CLI into dist/cli-bundle/cli.js (the body of a function of
// CommonJS's arguments, plus the CLI's own: its file's URL, which stands for
// import.meta.url, and the worker pool module that bin/rsi-sim.js has loaded),
// runs it once at build time and saves V8's code for the functions that ran
// in dist/cli-bundle/cli.cache. Node 20 has no module compile cache
// (module.enableCompileCache is Node 22.1), but vm.Script takes cachedData:
// with it, a start-up neither parses nor compiles what the cache holds.
// The cache names the size and time of the script it was made from; a
// cache of another script, node or V8 flag set is not used (V8 rejects it),
// and the script is then compiled as usual.
import { readFileSync, statSync, writeFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const SCRIPT = fileURLToPath(new URL("../dist/cli-bundle/cli.js", import.meta.url));
const CACHE = fileURLToPath(new URL("../dist/cli-bundle/cli.cache", import.meta.url));

/** What the cache was made from: the script's size and modification time. */
function scriptStamp() {
  const s = statSync(SCRIPT);
  return `rsi-sim cli cache ${s.size} ${s.mtimeMs}\n`;
}

/** The cache's code for this script, or undefined (none, or made from another script). */
function readCache(stamp) {
  let bytes;
  try {
    bytes = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const head = Buffer.from(stamp);
  return bytes.length > head.length && bytes.subarray(0, head.length).equals(head) ? bytes.subarray(head.length) : undefined;
}

/**
 * Compile the CLI's script, with its code cache when there is a valid one.
 * Returns the script and whether V8 took the cache.
 */
export function compileCli() {
  const stamp = scriptStamp();
  const source = readFileSync(SCRIPT, "utf8");
  const cachedData = readCache(stamp);
  const script = new vm.Script(source, { filename: SCRIPT, cachedData });
  return { script, stamp, cached: cachedData !== undefined && script.cachedDataRejected === false };
}

/** Run the compiled script with the worker pool module; returns the CLI's exports ({ main, … }). */
export function runCli(compiled, pool) {
  const module = { exports: {} };
  const require = createRequire(SCRIPT);
  // import() from this module: a script compiled with a code cache cannot import (bundle-cli.mjs)
  const importModule = (specifier) => import(specifier);
  compiled.script.runInThisContext()(module.exports, require, module, SCRIPT, path.dirname(SCRIPT), pathToFileURL(SCRIPT).href, pool, importModule);
  return module.exports;
}

/** Save V8's code for every function of the script compiled so far (after the runs that should be cached). */
export function writeCliCache(compiled) {
  const tmp = `${CACHE}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(compiled.stamp), compiled.script.createCachedData()]));
  renameSync(tmp, CACHE);
}
