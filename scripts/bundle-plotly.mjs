/**
 * The plotly.js that reports inline, minified at build time: plotly.js-dist
 * ships only its unminified bundle (~10 MB), which made every HTML report
 * ~10 MB. terser (compress and mangle; the licence comments kept) gives
 * the same code in 4.7 MB (esbuild's minifier: 4.8 MB, which left the run
 * report just over 5 MB); it is written to dist/report/plotly.min.js,
 * which src/report/plotly-source.ts reads. The result is kept beside the
 * bundle's source hash, so a rebuild with the same plotly.js skips the
 * ~20 s of minification.
 */
import { minify } from "terser";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const file = require.resolve("plotly.js-dist");
const raw = readFileSync(file, "utf8");
// the version line ("plotly.js vX.Y.Z") that plotly-source.ts reads, first
const version = /plotly\.js v\d+\.\d+\.\d+/.exec(raw.slice(0, 500))?.[0] ?? "plotly.js";
const out = path.join(root, "dist", "report", "plotly.min.js");
const stamp = `${out}.sha256`;
const hash = createHash("sha256").update(raw).digest("hex");
if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
  console.log(`bundle-plotly: ${path.relative(root, out)} is up to date`);
} else {
  const { code } = await minify(raw, { compress: true, mangle: true, format: { comments: /@license|@preserve|^!/ } });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `/* ${version} (minified for rsi-sim's reports) */\n${code}`);
  writeFileSync(stamp, hash);
  console.log(`bundle-plotly: ${path.relative(root, out)} ${(code.length / 1e6).toFixed(2)} MB (from ${(raw.length / 1e6).toFixed(2)} MB)`);
}
