/**
 * Small SVG charts drawn from numbers (no chart library, nothing fetched):
 * a probability curve over years with its 95% band, and quantile ranges
 * (p5–p95 whiskers, p25–p75 box, median) on a shared axis. Colours come
 * from the page's CSS variables, so both themes apply.
 */
const NS = "http://www.w3.org/2000/svg";

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Round "nice" ticks over [lo, hi]. */
function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo || 1;
  const step0 = span / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

const fmtTick = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(0) : String(Number(x.toPrecision(4))));

export interface Curve {
  label: string;
  ys: number[];
  lo?: number[];
  hi?: number[];
  kind: "current" | "baseline";
}

/** P(x) over `xs`, each curve with its band; `title` is the SVG's accessible name. */
export function curveChart(xs: number[], curves: Curve[], opts: { title: string; xLabel: string; yLabel: string }): SVGElement {
  const W = 560, H = 260, L = 48, R = 12, T = 12, B = 40;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.title, class: "chart" });
  const x0 = xs[0], x1 = xs[xs.length - 1];
  let yMax = 0;
  for (const c of curves) for (const v of [...c.ys, ...(c.hi ?? [])]) if (Number.isFinite(v)) yMax = Math.max(yMax, v);
  yMax = yMax <= 0 ? 1 : Math.min(1, Math.max(0.05, Math.ceil(yMax * 10 + 0.5) / 10));
  const X = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const Y = (y: number) => T + (1 - y / yMax) * (H - T - B);
  for (const t of ticks(0, yMax)) {
    svg.append(el("line", { x1: L, x2: W - R, y1: Y(t), y2: Y(t), class: "grid" }));
    svg.append(el("text", { x: L - 6, y: Y(t) + 4, "text-anchor": "end", class: "tick" }, `${Math.round(t * 100)}%`));
  }
  for (const t of ticks(x0, x1, 6)) {
    svg.append(el("text", { x: X(t), y: H - B + 16, "text-anchor": "middle", class: "tick" }, fmtTick(t)));
  }
  svg.append(el("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", class: "axis" }, opts.xLabel));
  svg.append(el("text", { x: 12, y: (T + H - B) / 2, transform: `rotate(-90 12 ${(T + H - B) / 2})`, "text-anchor": "middle", class: "axis" }, opts.yLabel));
  const path = (ys: number[]) => ys.map((y, i) => (Number.isFinite(y) ? `${i === 0 ? "M" : "L"}${X(xs[i]).toFixed(1)},${Y(y).toFixed(1)}` : "")).join("");
  for (const c of curves) {
    if (c.lo && c.hi) {
      const up = xs.map((x, i) => `${X(x).toFixed(1)},${Y(c.hi![i]).toFixed(1)}`);
      const down = xs.map((x, i) => `${X(x).toFixed(1)},${Y(c.lo![i]).toFixed(1)}`).reverse();
      svg.append(el("polygon", { points: [...up, ...down].join(" "), class: `band ${c.kind}` }));
    }
    svg.append(el("path", { d: path(c.ys), class: `line ${c.kind}` }, undefined));
  }
  return svg;
}

export interface RangeRow {
  label: string;
  q: { p5: number; p25: number; p50: number; p75: number; p95: number };
  kind: "current" | "baseline";
}

/** Quantile ranges on one axis (logarithmic if `log`), one row each. */
export function rangeChart(rows: RangeRow[], opts: { title: string; unit: string; log: boolean }): SVGElement {
  const W = 560, L = 150, R = 16, rowH = 22, T = 8, B = 36;
  const H = T + B + rows.length * rowH;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.title, class: "chart" });
  const vals = rows.flatMap((r) => [r.q.p5, r.q.p95]).filter((v) => Number.isFinite(v) && (!opts.log || v > 0));
  if (vals.length === 0) return svg;
  const f = (v: number) => (opts.log ? Math.log10(v) : v);
  let lo = f(Math.min(...vals)), hi = f(Math.max(...vals));
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const X = (v: number) => L + ((f(v) - lo) / (hi - lo)) * (W - L - R);
  const tk = opts.log ? ticks(Math.floor(lo), Math.ceil(hi), Math.min(6, Math.ceil(hi) - Math.floor(lo))).filter((t) => t >= lo - 1e-9 && t <= hi + 1e-9 && Number.isInteger(t)) : ticks(lo, hi, 6);
  for (const t of tk) {
    const v = opts.log ? 10 ** t : t;
    svg.append(el("line", { x1: X(v), x2: X(v), y1: T, y2: H - B, class: "grid" }));
    svg.append(el("text", { x: X(v), y: H - B + 16, "text-anchor": "middle", class: "tick" }, fmtTick(v)));
  }
  svg.append(el("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", class: "axis" }, opts.unit + (opts.log ? " (log scale)" : "")));
  rows.forEach((r, i) => {
    const y = T + i * rowH + rowH / 2;
    svg.append(el("text", { x: L - 8, y: y + 4, "text-anchor": "end", class: `label ${r.kind}` }, r.label));
    const ok = (v: number) => Number.isFinite(v) && (!opts.log || v > 0);
    if (!ok(r.q.p5) || !ok(r.q.p95)) return;
    svg.append(el("line", { x1: X(r.q.p5), x2: X(r.q.p95), y1: y, y2: y, class: `whisker ${r.kind}` }));
    if (ok(r.q.p25) && ok(r.q.p75)) svg.append(el("rect", { x: X(r.q.p25), y: y - 6, width: Math.max(1, X(r.q.p75) - X(r.q.p25)), height: 12, class: `box ${r.kind}` }));
    if (ok(r.q.p50)) svg.append(el("line", { x1: X(r.q.p50), x2: X(r.q.p50), y1: y - 8, y2: y + 8, class: `median ${r.kind}` }));
  });
  return svg;
}
