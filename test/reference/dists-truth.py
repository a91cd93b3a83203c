"""
High-precision reference quantiles of the gamma and beta distributions for
test/dists.test.ts, with mpmath (60 significant digits):

  gamma: [shape, p, x, ln x (25 digits), P(shape, x), Q(shape, x)]
  beta:  [a, b, p, x, logit x (25 digits), I_x(a, b), 1 - I_x(a, b)]

x is the double nearest the true quantile, solved by Newton's method in
ln x (gamma) or the log odds (beta) on ln P - ln p (p < 1/2) or
ln Q - ln(1 - p), from the starts test/reference/dists-truth-starts.mts
writes; the tails are the exact ones at that double x. The beta function
is A&S 26.5.23, x^a y^b / (a B(a, b)) 2F1(a+b, 1; a+1; x), whose terms are
all positive, with the upper tail as I_y(b, a).

  python3 test/reference/dists-truth.py STARTS.json test/reference/dists-truth.json
"""
import json, sys, mpmath
from mpmath import mp, mpf
mp.dps = 60
d = json.load(open(sys.argv[1]))
def solve(F, dF, t0, target, lower):
    # Newton in t (log or logit coordinate); F(t) is the tail, dF its derivative in t
    t = mpf(t0)
    for _ in range(400):
        v = F(t)
        if v == 0:
            t += (1 if lower else -1) * max(1, abs(t)) * mpf('0.01')
            continue
        f = mpmath.log(v) - mpmath.log(target)
        step = f / (dF(t) / F(t))
        t -= step
        if abs(step) < mpf(10) ** -40 * max(1, abs(t)): return t
    raise Exception("no convergence %s %s %s" % (t, step, target))
out = {'gamma': [], 'beta': []}
def ib(a, b, x, y, lb):
    return mpmath.exp(a * mpmath.log(x) + b * mpmath.log(y) - mpmath.log(a) - lb) * mpmath.hyp2f1(a + b, 1, a + 1, x, maxterms=10**7)
for a, p, x in d['gamma']:
    a = mpf(a); pm = mpf(p); lower = p <= 0.5; target = pm if lower else 1 - pm
    def F(t):
        x = mpmath.exp(t)
        return mpmath.gammainc(a, 0, x, regularized=True) if lower else mpmath.gammainc(a, x, mpmath.inf, regularized=True)
    def dF(t):
        x = mpmath.exp(t)
        v = mpmath.exp(a * mpmath.log(x) - x - mpmath.loggamma(a))
        return v if lower else -v
    t0 = mpmath.log(x) if x > 0 else (mpmath.log(target) + mpmath.loggamma(a + 1)) / a
    try: t = solve(F, dF, t0, target, lower)
    except Exception as e: print('gamma', a, p, x, e); continue
    xd = float(mpmath.exp(t))
    tails = [0.0, 1.0] if xd == 0 else [float(mpmath.gammainc(a, 0, xd, regularized=True)), float(mpmath.gammainc(a, xd, mpmath.inf, regularized=True))]
    out['gamma'].append([float(a), p, xd, mpmath.nstr(t, 25)] + tails)
for a, b, p, x in d['beta']:
    a = mpf(a); b = mpf(b); lower = p < 0.5 or (p == 0.5 and x < 0.5); target = mpf(p) if lower else 1 - mpf(p)
    lb = mpmath.log(mpmath.beta(a, b))
    def F(t):
        # I_x(a, b) = x^a y^b / (a B(a, b)) 2F1(a+b, 1; a+1; x) (A&S 26.5.23), all terms positive;
        # the upper tail as I_y(b, a); x and y from t without rounding 1 - x
        x = 1 / (1 + mpmath.exp(-t)); y = 1 / (1 + mpmath.exp(t))
        if lower: return ib(a, b, x, y, lb)
        return ib(b, a, y, x, lb)
    def dF(t):
        x = 1 / (1 + mpmath.exp(-t)); y = 1 / (1 + mpmath.exp(t))
        v = mpmath.exp(a * mpmath.log(x) + b * mpmath.log(y) - lb)
        return v if lower else -v
    if 0 < x < 1: t0 = mpmath.log(mpf(x) / (1 - mpf(x)))
    elif x == 0: t0 = (mpmath.log(target) + mpmath.log(a) + lb) / a
    else: t0 = -(mpmath.log(target) + mpmath.log(b) + lb) / b
    try: t = solve(F, dF, t0, target, lower)
    except Exception as e: print('beta', a, b, p, x, e); continue
    xd = float(1 / (1 + mpmath.exp(-t)))
    if xd == 0: tails = [0.0, 1.0]
    elif xd == 1: tails = [1.0, 0.0]
    else:
        X = mpf(xd); Y = 1 - X
        lo_ = X < (a + 1) / (a + b + 2)
        i = ib(a, b, X, Y, lb) if lo_ else 1 - ib(b, a, Y, X, lb)
        j = 1 - ib(a, b, X, Y, lb) if lo_ else ib(b, a, Y, X, lb)
        tails = [float(i), float(j)]
    out['beta'].append([float(a), float(b), p, xd, mpmath.nstr(t, 25)] + tails)
    print(float(a), float(b), p, file=sys.stderr, flush=True) if float(a) >= 1e3 and float(b) >= 1e3 else None
json.dump(out, open(sys.argv[2], 'w'))
