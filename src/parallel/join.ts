/**
 * The chunks of a parallel run joined into one simulation result as they
 * arrive, in any order: each chunk's columns are copied at once into the
 * run's columns at the chunk's place (so the chunk's own arrays can be
 * freed, and no second copy of the table is made at the end), and its
 * failures and steps are folded in draw order as soon as every chunk before
 * it has arrived (so the first examples are those of one thread running the
 * draws in order). Series counts come summed per thread (addSeries): they
 * are whole numbers, so their sum does not depend on the order.
 */
import { addDomainErrors, type FailureReport, type SimulationResult } from "../engine/simulate.js";
import { addSeriesCounts, type ChunkResult, type DrawChunk } from "./pool.js";
import { ColumnFold, setColumnFold } from "./column-fold.js";

/** What a chunk waits with for the chunks ahead of it: its columns too when they are folded. */
type Small = Pick<ChunkResult, "failures" | "steps"> & { columns?: Record<string, Float64Array> };

export class ChunkJoiner {
  private readonly columns: Record<string, Float64Array> = {};
  private readonly parameterColumns: Record<string, Float64Array> = {};
  private readonly failed: Uint8Array;
  private readonly failures: FailureReport = { count: 0, reasons: {}, examples: [] };
  private seriesCounts: Float64Array[] | undefined;
  private steps = 0;
  /** chunks that arrived before some chunk ahead of them: folded when the gap closes */
  private readonly waiting = new Map<number, Small>();
  /** chunks folded: every chunk before this index has arrived */
  private folded = 0;

  constructor(
    private readonly chunks: DrawChunk[],
    private readonly first: number,
    private readonly count: number,
    private readonly keepSeries: boolean,
    /** fold the outputs' columns in draw order and drop them (column-fold.ts) instead of keeping them */
    private readonly folds?: Record<string, ColumnFold>,
  ) {
    this.failed = new Uint8Array(count);
  }

  /** Chunk c's result: its columns copied into place, the rest folded in draw order. */
  add(c: number, r: ChunkResult): void {
    const at = this.chunks[c].first - this.first;
    const place = (into: Record<string, Float64Array>, from: Record<string, Float64Array>) => {
      for (const [name, col] of Object.entries(from)) (into[name] ??= new Float64Array(this.count)).set(col, at);
    };
    if (!this.folds) place(this.columns, r.columns);
    place(this.parameterColumns, r.parameterColumns);
    this.failed.set(r.failed, at);
    this.waiting.set(c, { failures: r.failures, steps: r.steps, columns: this.folds ? r.columns : undefined });
    for (let p = this.waiting.get(this.folded); p !== undefined; p = this.waiting.get(this.folded)) {
      this.waiting.delete(this.folded++);
      this.fold(p);
    }
  }

  private fold(p: Small): void {
    addFailures(this.failures, p.failures);
    this.steps += p.steps;
    if (this.folds && p.columns) for (const [name, fold] of Object.entries(this.folds)) if (p.columns[name]) fold.add(p.columns[name]);
  }

  /** Series counts of some chunks, summed (without series every count is 0: nothing to add). */
  addSeries(counts: Float64Array[]): void {
    if (this.keepSeries && counts.length > 0) this.seriesCounts = addSeriesCounts(this.seriesCounts, counts);
  }

  /** The joined result on `base` (the run's metadata); every chunk must have arrived. */
  result(base: SimulationResult): SimulationResult {
    if (this.folded !== this.chunks.length || this.waiting.size > 0) throw new Error(`joined ${this.folded} of ${this.chunks.length} chunks in order`);
    const t = base.table;
    const column = (cols: Record<string, Float64Array>, name: string) => cols[name] ?? new Float64Array(this.count);
    const folded = (name: string) => {
      // an empty stand-in that the summaries know by its fold
      const stand = new Float64Array(0);
      setColumnFold(stand, this.folds![name]);
      return stand;
    };
    const table = {
      first: this.first,
      rows: this.count,
      outputs: t.outputs,
      columns: Object.fromEntries(t.outputs.map((o) => [o, this.folds?.[o] ? folded(o) : column(this.columns, o)])),
      parameters: t.parameters,
      parameterColumns: Object.fromEntries(t.parameters.map((n) => [n, column(this.parameterColumns, n)])),
      failed: this.failed,
    };
    const counts = base.series.counts.map((c, s) => this.seriesCounts?.[s] ?? new Float64Array(c.length));
    return { ...base, table, failures: this.failures, series: { ...base.series, counts }, steps: this.steps };
  }
}

/**
 * Add the failures of a part of a run (a chunk, a shard) to those of the
 * draws before it: counts added, reasons in order of first appearance, the
 * first five examples, the output domain errors.
 */
export function addFailures(into: FailureReport, part: FailureReport): void {
  into.count += part.count;
  for (const [r, n] of Object.entries(part.reasons)) into.reasons[r] = (into.reasons[r] ?? 0) + n;
  for (const e of part.examples) if (into.examples.length < 5) into.examples.push(e);
  addDomainErrors(into, part);
}

/**
 * Simulations of consecutive ranges of draws joined in order (their chunks
 * as they are), for joinSimulations.
 */
export function joinInOrder(parts: SimulationResult[], keepSeries: boolean): SimulationResult {
  const first = parts[0].table.first;
  const chunks: DrawChunk[] = [];
  let count = 0;
  for (const p of parts) {
    chunks.push({ first: first + count, count: p.table.rows });
    count += p.table.rows;
  }
  const joiner = new ChunkJoiner(chunks, first, count, keepSeries);
  parts.forEach((p, c) => {
    joiner.addSeries(p.series.counts);
    joiner.add(c, {
      columns: p.table.columns,
      parameterColumns: p.table.parameterColumns,
      failed: p.table.failed,
      failures: p.failures,
      seriesCounts: [],
      steps: p.steps,
    });
  });
  return joiner.result(parts[0]);
}
