/**
 * "Did you mean ...?" suggestions for misspelt names.
 *
 * Distance is the optimal-string-alignment variant of Levenshtein distance:
 * the minimum number of single-character insertions, deletions, substitutions
 * and swaps of two adjacent characters turning one string into the other
 * (so "lognorml" -> "lognormal" is 1, and "beta" -> "beat" is 1, not 2).
 */

/**
 * Optimal-string-alignment edit distance between `a` and `b` (case-sensitive).
 *
 * d[i][j] = min( d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + [a_i != b_j],
 *                d[i-2][j-2] + 1 if a_i = b_{j-1} and a_{i-1} = b_j )
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rolling rows: i-2, i-1, i.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * The candidate nearest to `word` (case-insensitively), or undefined when none
 * is close enough to be a plausible misspelling.  "Close enough" means an edit
 * distance of at most max(1, floor(len/3)), capped at 3, where len is the
 * length of `word`; ties go to the earlier candidate.
 *
 * didYouMean("lognorml", ["normal", "lognormal"]) === "lognormal"
 */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  const w = word.trim().toLowerCase();
  if (w.length === 0) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
