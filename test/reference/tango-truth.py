"""
Reference ends of Tango's asymptotic score interval for a difference of
paired proportions (T. Tango, Statistics in Medicine 17 (1998) 891-908),
solved to 50 significant digits with mpmath, for test/paired-score.test.ts.

For each table (n pairs, up = the cell n12, down = n21) the ends are the
deltas where T(delta) = +z (lower) and -z (upper), with z the 0.975 normal
quantile, T(delta) = (up - down - n delta) / sqrt(n (2 p + delta (1 - delta)))
and p = (sqrt(B^2 - 4AC) - B) / (2A), A = 2n, B = -up - down + (2n - up +
down) delta, C = -down delta (1 - delta): the textbook formula (the form of
R's contingencytables, Tango_asymptotic_score_CI_paired_2x2), evaluated in
50-digit arithmetic, found by 400 bisections on [-1, estimate] and
[estimate, 1]; an end is exactly -1 (1) where every pair went 1 -> 0 (0 -> 1).
Written as [n, up, down, lower, upper] with 25 significant digits:

  python3 test/reference/tango-truth.py
"""
import json
from mpmath import mp, mpf, sqrt, erfinv
mp.dps = 50
Z = sqrt(2) * erfinv(mpf('0.95'))
TABLES = [(161, 6, 16), (21, 1, 7), (200, 0, 0), (1, 0, 0), (1, 1, 0), (1, 0, 1), (5, 5, 0), (3, 1, 1),
          (10, 3, 7), (50, 49, 1), (200, 2, 0), (1000, 3, 0), (10000, 2, 0), (2000, 150, 140), (100000, 50, 10), (40, 0, 40)]

def score(d, n, up, down):
    A = 2 * n
    B = -up - down + (2 * n - up + down) * d
    C = -down * d * (1 - d)
    p = (sqrt(max(mpf(0), B * B - 4 * A * C)) - B) / (2 * A)
    num = up - down - n * d
    var = n * (2 * p + d * (1 - d))
    if num == 0:
        return mpf(0)
    return num / sqrt(var)

def solve(f, lo, hi):
    # f > 0 at lo, < 0 at hi
    for _ in range(400):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

rows = []
for n, up, down in TABLES:
    n, up, down = mpf(n), mpf(up), mpf(down)
    est = (up - down) / n
    lower = mpf(-1) if down == n else solve(lambda d: score(d, n, up, down) - Z, mpf(-1), est)
    upper = mpf(1) if up == n else solve(lambda d: score(d, n, up, down) + Z, est, mpf(1))
    rows.append([int(n), int(up), int(down), mp.nstr(lower, 25), mp.nstr(upper, 25)])
print(json.dumps(rows))
