/**
 * Folded columns: when a caller keeps only a run's summary (its result
 * JSON), a parallel run folds each output's values in draw order as the
 * chunks become contiguous, and drops them, instead of keeping the whole
 * outcome table (8 bytes a draw an output). What a summary needs of a
 * column besides its sorted runs is folded: the count, mean and sum of
 * squared deviations of its finite values by the same Welford steps as
 * analysis/stats.ts's meanAndSe, in the same order (so the same bits), the
 * largest finite |value|, the counts of ±Infinity, and of 0 and 1.
 *
 * meanAndSe scales the values by a power of two when the largest is above
 * 1e150 (so that squares do not overflow); a fold cannot know the scale
 * before the last chunk, so it folds unscaled and says it is `exact` only
 * when no scale is needed (the caller then runs the draws again keeping
 * the table).
 */

/** Above this largest |value| meanAndSe and the paired means scale a column's values (scaleFor, analysis/stats.ts). */
export const SCALE_ABOVE = 1e150;

export class ColumnFold {
  /** finite values */
  n = 0;
  mean = 0;
  m2 = 0;
  /** largest finite |value| */
  big = 0;
  positive = 0;
  negative = 0;
  zeros = 0;
  ones = 0;
  /** finite values other than 0 and 1 */
  others = 0;

  /** Fold a chunk's values, in draw order after every chunk folded before. */
  add(values: Float64Array): void {
    let { n, mean, m2, big } = this;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (!Number.isFinite(x)) {
        if (x === Infinity) this.positive++;
        else if (x === -Infinity) this.negative++;
        continue;
      }
      const a = Math.abs(x);
      if (a > big) big = a;
      if (x === 0) this.zeros++;
      else if (x === 1) this.ones++;
      else this.others++;
      n++;
      const d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
    }
    this.n = n;
    this.mean = mean;
    this.m2 = m2;
    this.big = big;
  }

  /** Whether meanAndSe of the whole column gives what this fold does (no scaling of its values). */
  get exact(): boolean {
    return !(this.big > SCALE_ABOVE);
  }
}

const folds = new WeakMap<Float64Array, ColumnFold>();

/** Record that `column` (an empty stand-in for a dropped column) is summarised by `fold`. */
export function setColumnFold(column: Float64Array, fold: ColumnFold): void {
  folds.set(column, fold);
}

/** The fold recorded for a dropped column, or undefined for a column that holds its values. */
export function columnFoldOf(column: Float64Array): ColumnFold | undefined {
  return folds.get(column);
}
