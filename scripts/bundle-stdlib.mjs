/**
 * Build step (after tsc): replace dist/core/stdlib.js, which imports ten
 * @stdlib packages (~860 CommonJS files), with one esbuild bundle of the same
 * module, so that the CLI and every worker thread read one file at start-up
 * instead of hundreds (see src/core/stdlib.ts). The bundle exports the
 * same names; `npm test` runs the CLI, and so the bundle, end to end.
 */
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const file = path.join(root, "dist", "core", "stdlib.js");

await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  // CommonJS inside an ES module bundle: give it node's require for any built-in it asks for
  banner: { js: 'import { createRequire as __rsiSimRequire } from "node:module";\nconst require = __rsiSimRequire(import.meta.url);' },
});
