/**
 * Sequential sample sizes for `--precision`: draws are added in blocks
 * until the 95% half-width of every headline probability (of a run or each
 * sweep point) or headline difference (of a comparison) is at most the
 * target, or a cap is reached. Looks happen only at block boundaries, on a
 * schedule fixed by the data seen so far, so the draws at the stop are
 * exactly those of a fixed run of that size (docs/precision.md).
 */
import type { CompiledModel } from "../model/types.js";
import type { OutputSummary } from "./summary.js";

/** How a run with --precision stopped (reported beside the result, never inside it: the result is the fixed-N run's). */
export interface PrecisionReport {
  /** the largest 95% half-width asked for */
  target: number;
  /** the most draws allowed */
  max_samples: number;
  /** the draws it stopped at */
  samples: number;
  /** "target": every watched half-width at most the target; "max-samples": the cap came first */
  stopped: "target" | "max-samples";
  /** the largest half-width at the stop (Infinity when a watched output is defined in no draw: it has none), and what it belongs to */
  half_width: number;
  worst: string;
  /** the draws after each look */
  looks: number[];
}

/** The most looks a --precision run takes (with growth of at most ×4 a look, 1,000 draws reach 10^9 in 10). */
export const MAX_GROWTH = 4;

/**
 * The draws of the next look: enough, by the half-width's 1/√N law, to
 * reach the target (×1.1 for safety), rounded up to a whole block, at least
 * one block more, at most MAX_GROWTH times as many, never past the cap.
 *
 * @example
 * nextSamples(1000, 1000, 0.02, 0.01, 1e6); // 4000: (0.02/0.01)² × 1.1 × 1000 = 4400, capped at ×4
 */
export function nextSamples(n: number, block: number, halfWidth: number, target: number, cap: number): number {
  const wanted = Number.isFinite(halfWidth) ? n * (halfWidth / target) ** 2 * 1.1 : MAX_GROWTH * n;
  const blocks = Math.ceil(wanted / block);
  return Math.min(cap, Math.max(n + block, Math.min(MAX_GROWTH * n, blocks * block)));
}

/**
 * The widest Wilson half-width among the summaries' probabilities of
 * `watched` outputs, and its output: of the interval the tables show, the
 * share among the draws where the output is defined (`ci_defined`) when it
 * is undefined in some, else the share of all draws (`ci`). An output
 * defined in no draw has no interval: its half-width is Infinity, never met.
 */
export function widestProbability(summaries: Record<string, OutputSummary>, watched: string[], label = ""): { halfWidth: number; worst: string } {
  let halfWidth = 0;
  let worst = "";
  for (const name of watched) {
    const s = summaries[name];
    const ci = s && s.missing > 0 ? s.ci_defined : s?.ci;
    if (!s || !ci) continue;
    const h = s.n === 0 ? Infinity : (ci[1] - ci[0]) / 2;
    if (h > halfWidth || worst === "") {
      halfWidth = h;
      const where = [label, s.n === 0 ? "defined in no draw" : ""].filter(Boolean).join("; ");
      worst = where ? `${name} (${where})` : name;
    }
  }
  return { halfWidth, worst };
}

/**
 * Run blocks until precise: `extend(first, count)` runs draws
 * [first, first + count) and `measure(n)` gives the widest half-width over
 * the first n draws. Starts with `block` draws.
 */
export async function untilPrecise(
  plan: { block: number; target: number; cap: number },
  extend: (first: number, count: number) => Promise<void>,
  measure: (n: number) => { halfWidth: number; worst: string },
): Promise<PrecisionReport> {
  const looks: number[] = [];
  let n = 0;
  let next = Math.min(plan.block, plan.cap);
  for (;;) {
    await extend(n, next - n);
    n = next;
    looks.push(n);
    const { halfWidth, worst } = measure(n);
    const done = halfWidth <= plan.target;
    if (done || n >= plan.cap) {
      return { target: plan.target, max_samples: plan.cap, samples: n, stopped: done ? "target" : "max-samples", half_width: halfWidth, worst, looks };
    }
    next = nextSamples(n, plan.block, halfWidth, plan.target, plan.cap);
  }
}

/** The probabilities --precision watches: the model's headline 0/1 outputs, or every 0/1 output if none is headline. */
export function headlineProbabilities(model: CompiledModel, among?: string[]): string[] {
  const binary = model.outputs.filter((o) => o.kind === "binary" && (among === undefined || among.includes(o.name)));
  const headline = binary.filter((o) => o.headline);
  return (headline.length > 0 ? headline : binary).map((o) => o.name);
}
