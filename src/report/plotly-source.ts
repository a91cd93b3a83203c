/**
 * The plotly.js bundle, read from node_modules/plotly.js-dist at run time
 * (once per process) so a report can inline it and work offline.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let cached: { source: string; version: string } | null = null;

/** The plotly.js source, safe to put inside a <script> element, and its version. */
export function plotlySource(): { source: string; version: string } {
  if (cached) return cached;
  const file = require.resolve("plotly.js-dist");
  const raw = readFileSync(file, "utf8");
  const version = /plotly\.js v(\d+\.\d+\.\d+)/.exec(raw.slice(0, 500))?.[1] ?? "unknown";
  // a literal "</script" inside the bundle would end the element early
  const source = raw.replace(/<\/(script)/gi, "<\\/$1");
  cached = { source, version };
  return cached;
}
