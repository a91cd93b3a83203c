/**
 * Build step (after tsc): bundle the command line, from
 * dist/cli/main.js, with the modules it imports (ours and yargs), into
 * dist/cli-bundle/ with esbuild. The CLI then starts by reading a handful of
 * files instead of ~70 ES modules, which saved ~70 ms of each start-up on the
 * 2-core machine (BENCHMARKS.md, fifth session). bin/rsi-sim.js runs the
 * bundle; the library (dist/index.js) and the worker threads
 * (dist/parallel/worker.js) stay unbundled.
 *
 * - Subcommands loaded on demand (sweep, report, sensitivity, the model
 *   compiler) stay separate chunks, loaded on demand as before.
 * - dist/cli-bundle sits two levels below the package root like every
 *   dist/<dir>/ module, so paths made from import.meta.url (models/,
 *   package.json, dist/model-cache) point where they did.
 * - dist/parallel/pool.js is left outside the bundle: bin/rsi-sim.js starts
 *   the worker threads from it before the CLI loads, and the CLI must use
 *   that same pool, not a copy.
 * - Packages other than yargs and what it loads at start-up stay outside
 *   too: several find files of their own beside their modules.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist", "cli-bundle");
const pool = path.join(root, "dist", "parallel", "pool.js");

// yargs and the small packages it loads at start-up are bundled; every other package stays external
const INLINE = new Set(["yargs", "yargs-parser", "cliui", "y18n", "escalade", "get-caller-file", "string-width", "strip-ansi", "ansi-regex", "wrap-ansi", "ansi-styles", "emoji-regex", "get-east-asian-width"]);

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, "dist", "cli", "main.js")],
  outdir,
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  plugins: [
    {
      name: "packages-outside-but-yargs",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          const pkg = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
          return INLINE.has(pkg) ? undefined : { path: args.path, external: true };
        });
      },
    },
    {
      name: "shared-worker-pool",
      setup(b) {
        b.onResolve({ filter: /pool\.js$/ }, (args) =>
          path.resolve(args.resolveDir, args.path) === pool ? { path: "../parallel/pool.js", external: true } : undefined,
        );
      },
    },
  ],
});
