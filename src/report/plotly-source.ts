/**
 * The plotly.js bundle, read at run time (once per process) so a report can
 * inline it and work offline: the build's minified copy
 * (dist/report/plotly.min.js, scripts/bundle-plotly.mjs; ~4.8 MB), else
 * node_modules/plotly.js-dist's own (~10 MB).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The minified copy beside this module (dist/report), or dist's when running from src/. */
function minified(): string | undefined {
  for (const f of [path.join(here, "plotly.min.js"), path.resolve(here, "..", "..", "dist", "report", "plotly.min.js")]) {
    if (existsSync(f)) return f;
  }
  return undefined;
}
let cached: { source: string; version: string } | null = null;

/** The plotly.js source, safe to put inside a <script> element, and its version. */
export function plotlySource(): { source: string; version: string } {
  if (cached) return cached;
  const file = minified() ?? require.resolve("plotly.js-dist");
  const raw = readFileSync(file, "utf8");
  const version = /plotly\.js v(\d+\.\d+\.\d+)/.exec(raw.slice(0, 500))?.[1] ?? "unknown";
  // a literal "</script" inside the bundle would end the element early
  const source = raw.replace(/<\/(script)/gi, "<\\/$1");
  cached = { source, version };
  return cached;
}
