/**
 * Summaries of an outcome table: for each output n, mean with its Monte
 * Carlo standard error, quantiles p5…p95, how many draws left it undefined
 * (a milestone not reached, or a non-finite value: ±Infinity from an
 * overflow, NaN from a domain error, counted by kind in `nonfinite`), and
 * for 0/1 outputs the share of all successful draws with a Wilson 95%
 * interval. Means and quantiles are over the finite values only.
 */
import type { OutputKind } from "../model/types.js";
import type { OutcomeTable } from "../engine/simulate.js";
import { meanAndSe, nonFiniteCounts, sortedDefined, welfordResult, wilson } from "./stats.js";
import { columnFoldOf } from "../parallel/column-fold.js";
import { quantileOf, type Ordered } from "./order-statistics.js";

export const QUANTILES = { p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;
export type QuantileName = keyof typeof QUANTILES;

/** The kinds of non-finite output values: overflows, and NaN from a domain error of the output's expression. */
export type NonFiniteKind = "+Infinity" | "-Infinity" | "NaN";

/** One output summarised over the draws: P with its Wilson interval (binary), or mean, standard error and quantiles (continuous); undefined draws counted. */
export interface OutputSummary {
  kind: OutputKind;
  /** draws where the output is defined (finite) */
  n: number;
  /** successful draws where it is undefined: the milestone was not reached, or the value is not finite (see nonfinite) */
  missing: number;
  /**
   * of the missing draws, those whose value was not finite, by kind: +Infinity
   * or −Infinity (an overflow, such as exp(1000)), NaN (a domain error of the
   * output's expression, such as ln of a negative number). Present only when
   * some draw's value was not finite.
   */
  nonfinite?: Partial<Record<NonFiniteKind, number>>;
  mean: number;
  se: number;
  quantiles: Record<QuantileName, number>;
  /** 0/1 outputs: share of all successful draws, Wilson 95% interval */
  p?: number;
  ci?: [number, number];
  /**
   * 0/1 outputs undefined on some draws (e.g. warned_before_loc, defined only
   * where control was lost): the share among the draws where it is defined,
   * with its Wilson 95% interval (`p` counts the undefined draws as 0)
   */
  p_defined?: number;
  ci_defined?: [number, number];
}

/**
 * Summarise every output of a table; kinds say which outputs are 0/1.
 * `sorted` may give columns' defined values already sorted (sortedDefined,
 * or the sorted runs of a parallel run: order-statistics.ts), so that a
 * caller that needs them too sorts each column once;
 * `domainErrors`, the draws whose output was NaN from a domain error
 * (FailureReport.domainErrors).
 */
export function summarize(
  table: OutcomeTable,
  kinds: Record<string, OutputKind>,
  sorted: Record<string, Ordered> = {},
  domainErrors: Record<string, number> = {},
): Record<string, OutputSummary> {
  const out: Record<string, OutputSummary> = {};
  let ok = 0;
  for (let i = 0; i < table.rows; i++) if (!table.failed[i]) ok++;
  for (const name of table.outputs) {
    out[name] = summarizeColumn(table.columns[name], kinds[name] ?? "continuous", ok, sorted[name], domainErrors[name] ?? 0);
  }
  return out;
}

/**
 * Summary of one column; `ok` is the number of successful draws; `sorted`,
 * its defined values sorted (one array or sorted runs), if already made; `domainErrors`, how many of
 * its NaN values came from a domain error of the output's expression.
 */
export function summarizeColumn(col: Float64Array, kind: OutputKind, ok: number, sorted: Ordered = sortedDefined(col), domainErrors = 0): OutputSummary {
  // a column a parallel run folded in draw order and dropped (parallel/column-fold.ts): its fold
  const fold = columnFoldOf(col);
  const { n, mean, se } = fold ? welfordResult(fold.n, fold.mean, fold.m2) : meanAndSe(col);
  const quantiles = Object.fromEntries(
    Object.entries(QUANTILES).map(([k, q]) => [k, quantileOf(sorted, q)]),
  ) as Record<QuantileName, number>;
  const s: OutputSummary = { kind, n, missing: ok - n, mean, se, quantiles };
  const { positive, negative } = fold ?? nonFiniteCounts(col);
  if (positive + negative + domainErrors > 0) {
    s.nonfinite = {};
    if (positive > 0) s.nonfinite["+Infinity"] = positive;
    if (negative > 0) s.nonfinite["-Infinity"] = negative;
    if (domainErrors > 0) s.nonfinite.NaN = domainErrors;
  }
  if (kind === "binary") {
    let k = fold?.ones ?? 0;
    for (let i = 0; i < col.length; i++) if (col[i] === 1) k++;
    s.p = ok > 0 ? k / ok : NaN;
    s.ci = wilson(k, ok);
    if (n < ok) {
      s.p_defined = n > 0 ? k / n : NaN;
      s.ci_defined = wilson(k, n);
    }
  }
  return s;
}
