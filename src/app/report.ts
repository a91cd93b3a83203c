/**
 * The report use case: an offline HTML report of a saved result (a run, a
 * sweep, a sensitivity analysis or a comparison, by its schema), and PNGs of its charts
 * through headless Chromium.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError, inTerms } from "../core/errors.js";
import { readBoundedText } from "../core/json-read.js";
import { loadModel } from "../model/compile.js";
import { writeChartPngs } from "../report/browser.js";
import { parseResultText, reportHtml, type ParsedResult, type ReportOptions } from "../report/html.js";

/** Descriptions and units of the outputs, from the model file when it is the one the result was made with. */
export function outputInfoFor(model: { name?: string; file?: string; sha256?: string } | undefined): ReportOptions["outputInfo"] {
  if (!model?.sha256) return undefined;
  for (const ref of [model.file, model.name]) {
    if (!ref) continue;
    try {
      const m = loadModel(ref);
      if (m.sha256 === model.sha256) return Object.fromEntries(m.outputs.map((o) => [o.name, { description: o.description, unit: o.unit }]));
    } catch {
      // the model file is not here or has changed: report without descriptions
    }
  }
  return undefined;
}

/** Read and check a saved result file (within the JSON limits of src/core/json-read.ts). */
export function readResult(file: string): ParsedResult {
  let text: string;
  try {
    text = readBoundedText(file);
  } catch (err) {
    // a shard file is binary: not UTF-8 text, but say what it is
    if (err instanceof UserError && /^is not UTF-8 text/.test(err.detail) && startsWithMagic(file)) throw new UserError(file, notReadable(SHARD));
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a result file" : `cannot read the file (${code ?? (err as Error).message})`);
  }
  if (text.trim() === "") throw new UserError(file, "the file is empty");
  const not = notJson(text);
  if (not) throw new UserError(file, notReadable(not));
  return parseResultText(text, file);
}

const SHARD = `a shard file (join the shards with ${inTerms("rsi-sim merge", "merge")} first)`;

/** "this is a CSV …; rsi-sim report reads a result's JSON …" */
const notReadable = (what: string): string =>
  `this is ${what}; ${inTerms("rsi-sim report", "report")} reads a result's JSON, written with ${inTerms("--format json", 'the format "json"')}`;

/** Whether the file begins with a shard file's magic bytes ("RSISHARD"). */
function startsWithMagic(file: string): boolean {
  try {
    const fd = openSync(file, "r");
    try {
      const head = Buffer.alloc(8);
      return readSync(fd, head, 0, 8, 0) === 8 && head.toString("latin1") === "RSISHARD";
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * What a file that is not a result's JSON is, when it is another of
 * rsi-sim's outputs: a CSV (its `#` comment lines, or a header of
 * comma-separated names), a text table, or a shard file; else undefined.
 */
function notJson(text: string): string | undefined {
  if (text.startsWith("RSISHARD")) return SHARD;
  const first = text.trimStart().split("\n", 1)[0];
  if (/^[{[]/.test(first)) return undefined;
  if (first.startsWith("#") || /^[\w.]+(,[\w.]+)+\r?$/.test(first)) return "a CSV, not a result's JSON";
  if (/^rsi-sim \S+ · /.test(first)) return "a text table, not a result's JSON";
  return undefined;
}

/**
 * The HTML report of a saved result file, and its kind.
 *
 * @example
 * const { kind, html } = report("run.json"); // kind "run"; html: one self-contained page
 */
export function report(file: string): { kind: ParsedResult["kind"]; html: string } {
  const parsed = readResult(file);
  const own = (parsed as { result?: { outputInfo?: ReportOptions["outputInfo"] } }).result?.outputInfo;
  // a sweep's and a comparison's results carry their outputs' descriptions
  const outputInfo = parsed.kind === "sweep" || parsed.kind === "compare" ? undefined : (own ?? outputInfoFor(parsed.result.model));
  return { kind: parsed.kind, html: reportHtml(parsed, { outputInfo }) };
}

/**
 * PNGs of a report's charts (one per chart) in `dir`, drawn by headless
 * Chromium at `width` CSS pixels; returns their files.
 *
 * @example
 * const files = await reportPngs(report("run.json").html, "charts/");
 */
export async function reportPngs(html: string, dir: string, width = 1100): Promise<string[]> {
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), "rsi-sim-report-"));
  try {
    const htmlFile = path.join(tmpDir, "report.html");
    writeFileSync(htmlFile, html);
    return await writeChartPngs(htmlFile, dir, { width });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}
