/**
 * Build step (after tsc and build-model-cache): bundle the
 * command line, from dist/cli/main.js, with the modules it imports (ours and
 * yargs), into one script, dist/cli-bundle/cli.js, with esbuild; then run
 * it on a few typical commands and save V8's code for what they compiled in
 * dist/cli-bundle/cli.cache (bin/cli-script.js loads both).
 *
 * - One file instead of ~70 ES modules saved ~70 ms of each start-up on the
 *   2-core machine (BENCHMARKS.md, fifth session); the code cache saves the
 *   parse and compile of the functions a start-up runs (BENCHMARKS.md).
 * - The script is the body of a function of CommonJS's arguments and two
 *   more: `__rsiSimBundleUrl`, the script's URL, which stands for every
 *   module's import.meta.url (dist/cli-bundle sits two levels below the
 *   package root like every dist/<dir>/ module, so paths made from it point
 *   where they did), and `__rsiSimPool`, the worker pool module.
 * - dist/parallel/pool.js is left outside the bundle: bin/rsi-sim.js starts
 *   the worker threads from it before the CLI loads, and the CLI must use
 *   that same pool, not a copy.
 * - Subcommands (sweep, report, sensitivity, the model compiler) are in the
 *   script but run their modules' code only when asked for.
 * - Packages other than yargs and what it loads at start-up stay outside:
 *   several find files of their own beside their modules.
 */
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist", "cli-bundle");
const pool = path.join(root, "dist", "parallel", "pool.js");

// yargs and the small packages it loads at start-up are bundled; every other package stays external
const INLINE = new Set(["yargs", "yargs-parser", "cliui", "y18n", "escalade", "get-caller-file", "string-width", "strip-ansi", "ansi-regex", "wrap-ansi", "ansi-styles", "emoji-regex", "get-east-asian-width"]);

/**
 * A module's text with each top-level `const NAME = /…/flags;` made on first use: the
 * declaration becomes `NAME_()`, which builds the expression once, and every use of NAME
 * calls it (the same object each time, so a /g expression keeps its lastIndex as before).
 */
function lazyRegExps(text, file) {
  const declaration = /^const (\w+) = (\/.+\/[a-z]*);$/gm;
  const names = [];
  let out = text.replace(declaration, (_, name, literal) => {
    names.push(name);
    return `let made_${name}; const ${name}_ = () => (made_${name} ??= ${literal});`;
  });
  for (const name of names) out = out.replace(new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, "g"), `${name}_()`);
  if (declaration.test(out)) throw new Error(`${file}: a top-level regular expression is left (update scripts/bundle-cli.mjs)`);
  return out;
}

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, "dist", "cli", "main.js")],
  outfile: path.join(outdir, "cli.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  define: { "import.meta.url": "__rsiSimBundleUrl" },
  banner: { js: "(function (exports, require, module, __filename, __dirname, __rsiSimBundleUrl, __rsiSimPool, __rsiSimImport) {" },
  footer: { js: "})" },
  plugins: [
    {
      // yargs' node shim imports strictEqual and notStrictEqual from node's assert for its
      // internal checks; loading assert is ~3 ms of each start-up. Node's assert is loaded
      // only when a check fails, and throws its own AssertionError as before (both compare
      // with Object.is).
      name: "assert-on-failure",
      setup(b) {
        b.onResolve({ filter: /^(node:)?assert$/ }, (args) => {
          if (args.namespace === "assert-on-failure") return { path: "node:assert", external: true };
          if (!/[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]/.test(args.importer)) throw new Error(`${args.importer} imports assert: only yargs' shim is expected to (update scripts/bundle-cli.mjs)`);
          return { path: "assert", namespace: "assert-on-failure" };
        });
        b.onLoad({ filter: /.*/, namespace: "assert-on-failure" }, () => ({
          contents:
            'export function strictEqual(actual, expected, message) { if (!Object.is(actual, expected)) require("node:assert").strictEqual(actual, expected, message); }\n' +
            'export function notStrictEqual(actual, expected, message) { if (Object.is(actual, expected)) require("node:assert").notStrictEqual(actual, expected, message); }\n',
          loader: "js",
        }));
      },
    },
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
      // string-width (yargs' and cliui's copies) makes an Intl.Segmenter when it loads, which
      // loads ICU's break rules: ~15 ms of every start-up, for help text that most runs never
      // print; and its Unicode-property regular expressions (8.x: /^\p{RGI_Emoji}$/v alone
      // is ~13 ms to build, as esbuild writes it: new RegExp(…, "v")). All made on first use
      // instead (the same segmenter and expressions, the same widths).
      name: "string-width-segmenter-on-first-use",
      setup(b) {
        b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
          const text = await readFile(args.path, "utf8");
          const eager = "const segmenter = new Intl.Segmenter();";
          if (!text.includes(eager)) throw new Error(`${args.path}: no "${eager}" to make lazy (string-width changed: update scripts/bundle-cli.mjs)`);
          const lazy = "let madeSegmenter; const segmenter = { segment: (s) => (madeSegmenter ??= new Intl.Segmenter()).segment(s) };";
          return { contents: lazyRegExps(text.replace(eager, lazy), args.path), loader: "js" };
        });
      },
    },
    {
      name: "shared-worker-pool",
      setup(b) {
        b.onResolve({ filter: /pool\.js$/ }, (args) =>
          path.resolve(args.resolveDir, args.path) === pool ? { path: "pool", namespace: "shared-worker-pool" } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: "shared-worker-pool" }, () => ({ contents: "module.exports = __rsiSimPool;", loader: "js" }));
      },
    },
  ],
});

// A script compiled with a code cache loses its dynamic import() (node 20 rejects it: the
// package then reads as not installed): the one left (a package named by a variable,
// playwright-core) goes through the loader's import() instead, __rsiSimImport.
const script = path.join(outdir, "cli.js");
const text = readFileSync(script, "utf8");
const dynamicImport = /(?<![\w.$])import\(/g;
writeFileSync(script, text.replace(dynamicImport, "__rsiSimImport("));
if (dynamicImport.test(readFileSync(script, "utf8"))) throw new Error("a dynamic import() is left in dist/cli-bundle/cli.js");

// the code cache: what a run compiles, on one thread, to the terminal and as JSON (output dropped)
const { compileCli, runCli, writeCliCache } = await import("../bin/cli-script.js");
const cli = compileCli();
const { main } = runCli(cli, await import("../dist/parallel/pool.js"));
const io = { stdout() {}, stderr() {}, isTTY: false };
for (const argv of [["--samples", "1", "--workers", "1", "--no-progress"], ["--samples", "1", "--workers", "1", "--format", "json"]]) {
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`rsi-sim ${argv.join(" ")} exited ${code} while making the code cache`);
}
writeCliCache(cli);
