/**
 * The playground page: one self-contained offline HTML file that runs a
 * model's draws in the browser (see docs/playground.md). This module writes
 * the page around the browser script (built by scripts/bundle-playground.mjs
 * into dist/playground/playground.js) and the model's data.
 *
 * The model's kernel goes in as code, inside the page's one script (not as
 * text for `new Function`), so the page's Content-Security-Policy allows no
 * eval:
 *
 *   default-src 'none'; script-src 'sha256-…'; worker-src blob:;
 *   style-src 'sha256-…'; img-src 'self' data:; base-uri 'none'; form-action 'none'
 *
 * The script and the style sheet are allowed by their hashes only; the Web
 * Workers run the same script from a blob: URL of its text (a blob: worker
 * inherits the page's policy); nothing is fetched (no connect-src).
 *
 * @example
 * const html = playgroundHtml({ model: portableModel(loadModel("rsi-core")), modelArg: "rsi-core", ranges, initial: { samples: 10000, seed: 1 }, script });
 */
import { createHash } from "node:crypto";
import type { PortableModel } from "../model/portable.js";
import { escapeHtml } from "./escape.js";
import { PLAYGROUND_CSS } from "./playground-css.js";

/** A slider's range for one uncertain parameter: its prior's 1% and 99% quantiles, logarithmic or not, or a discrete prior's values. */
export interface SliderRange {
  lo: number;
  hi: number;
  log: boolean;
  values?: number[];
}

/** What the page is made of. */
export interface PlaygroundPage {
  /** the compiled model, portable (portable.ts): its kernel's source and its priors' texts */
  model: PortableModel;
  /** how the CLI names the model in the Reproduce line (--model) */
  modelArg: string;
  ranges: Record<string, SliderRange>;
  initial: { samples: number; seed: number };
  /** the browser script's text (dist/playground/playground.js) */
  script: string;
}

/** Text that would end a script element or open an HTML comment inside one. */
const UNSAFE_IN_SCRIPT = /<\/script|<!--|<script/i;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * Data as a JS expression inside a script element: JSON, with ±Infinity and
 * NaN (a parameter's bounds) as their JS names, and every "<" escaped so no
 * text of the model can close the element.
 */
export function scriptJson(x: unknown): string {
  // a model's texts hold no control characters (compile-texts.ts), so "\u0000…" marks only these
  const marked = JSON.stringify(x, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? `\u0000${v}` : v));
  return marked
    .replace(/"\\u0000(Infinity|-Infinity|NaN)"/g, "$1")
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The page's one script: the model's data, its kernel as a function, then the browser script. */
export function playgroundScript(page: PlaygroundPage): string {
  const { kernelSource, ...model } = page.model;
  if (UNSAFE_IN_SCRIPT.test(kernelSource)) throw new Error("the model's kernel holds text that cannot go inside a script element");
  if (UNSAFE_IN_SCRIPT.test(page.script)) throw new Error("the playground script holds text that cannot go inside a script element");
  const data = `{"model":${scriptJson(model)},"modelArg":${scriptJson(page.modelArg)},"ranges":${scriptJson(page.ranges)},"initial":${scriptJson(page.initial)},"kernel":function(){\n${kernelSource}\n}}`;
  return `globalThis.RSI_PLAYGROUND=${data};\n${page.script}`;
}

/** The Content-Security-Policy of a page with this script and style sheet. */
export function playgroundCsp(script: string, css: string): string {
  return [`default-src 'none'`, `script-src ${sha256(script)}`, `worker-src blob:`, `style-src ${sha256(css)}`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join("; ");
}

/** The whole HTML page. */
export function playgroundHtml(page: PlaygroundPage): string {
  const script = playgroundScript(page);
  const title = `${page.model.name} playground — rsi-sim`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(playgroundCsp(script, PLAYGROUND_CSS))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${PLAYGROUND_CSS}</style>
</head>
<body>
<header class="top"><h1><span id="model-name">${escapeHtml(page.model.name)}</span> playground</h1><p class="lede">Move a control and watch the risk: the same engine and the same numbers as <code>rsi-sim run</code>, offline, in this one file. <details><summary>${escapeHtml(page.model.title || "About the model")}</summary>${escapeHtml(page.model.description ?? "")}</details></p><button type="button" id="theme" aria-pressed="false">Light / dark</button></header>
<noscript><p class="warn">The playground runs its draws in JavaScript: allow scripts for this file.</p></noscript>
<main id="app" class="layout"></main>
<footer><p>rsi-sim playground · model ${escapeHtml(page.model.file)} (sha256 ${escapeHtml(page.model.sha256.slice(0, 12))}…) · nothing here is sent anywhere: the page has no network access.</p></footer>
<script id="rsi-playground">${script}</script>
</body>
</html>
`;
}
