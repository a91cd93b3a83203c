/**
 * The plotly.js that reports inline, minified at build time: plotly.js-dist
 * ships only its unminified bundle (~10 MB), which made every HTML report
 * ~10 MB. esbuild's minifier (whitespace, names and syntax; the licence
 * comments kept) gives the same code in about half the bytes; it is
 * written to dist/report/plotly.min.js, which src/report/plotly-source.ts
 * reads.
 */
import { transform } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const file = require.resolve("plotly.js-dist");
const raw = readFileSync(file, "utf8");
const { code } = await transform(raw, { minify: true, legalComments: "inline", charset: "utf8" });
// the version line ("plotly.js vX.Y.Z") that plotly-source.ts reads, first
const version = /plotly\.js v\d+\.\d+\.\d+/.exec(raw.slice(0, 500))?.[0] ?? "plotly.js";
const out = path.join(root, "dist", "report", "plotly.min.js");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `/* ${version} (minified for rsi-sim's reports) */\n${code}`);
console.log(`bundle-plotly: ${path.relative(root, out)} ${(code.length / 1e6).toFixed(2)} MB (from ${(raw.length / 1e6).toFixed(2)} MB)`);
