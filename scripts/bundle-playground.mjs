/**
 * Build step: bundle the playground's browser side (scripts/playground/,
 * from the TypeScript sources of the engine, sampling, analysis and settings
 * modules that the CLI runs) into dist/playground/playground.js, one
 * minified classic script. `rsi-sim playground` inlines it, with the
 * compiled model, into one offline HTML file; the page runs it on the main
 * thread (controls, summaries) and, from a blob: URL of the same text, in
 * its Web Workers (draws).
 *
 * The engine's modules are the CLI's own: the few Node built-ins that they
 * (or the worker-thread pool beside joinSimulations) import are replaced by
 * small browser shims (scripts/playground/shims/), none of which runs in the
 * draws' path: package.json's version for the result's `version`, and
 * stand-ins for the thread pool that the browser never starts.
 */
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shims = path.join(root, "scripts", "playground", "shims");
const version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;
const BUILTINS = { fs: "fs.js", path: "path.js", url: "url.js", os: "os.js", worker_threads: "worker-threads.js", v8: "v8.js" };

await build({
  entryPoints: [path.join(root, "scripts", "playground", "main.ts")],
  outfile: path.join(root, "dist", "playground", "playground.js"),
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  define: { "import.meta.url": '"file:///rsi-sim/dist/playground/playground.js"', RSI_SIM_VERSION: JSON.stringify(version) },
  plugins: [
    {
      name: "node-builtins-shimmed",
      setup(b) {
        b.onResolve({ filter: /^(node:)?(fs|path|url|os|worker_threads|v8)$/ }, (args) => ({ path: path.join(shims, BUILTINS[args.path.replace(/^node:/, "")]) }));
        // the library's sources import "./x.js" for "./x.ts"
        b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
          if (args.resolveDir.includes("node_modules")) return undefined;
          return { path: path.resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts")) };
        });
      },
    },
  ],
});
