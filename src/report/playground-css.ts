/**
 * The playground page's style sheet: the reports' light and dark palettes
 * (prefers-color-scheme, or the page's toggle), a two-column layout that
 * becomes one column at phone widths, and visible keyboard focus.
 */
export const PLAYGROUND_CSS = `
:root{color-scheme:light;--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--accent:#0b6bcb;--base:#b35900;--code:#eff2f5;--warn:#9a6700;--warnbg:#fff8c5;--grid:#e6e9ed}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){color-scheme:dark;--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--border:#30363d;--accent:#62a8f0;--base:#f0a35e;--code:#1f262e;--warn:#e3b341;--warnbg:#2b2411;--grid:#262c34}}
:root[data-theme=dark]{color-scheme:dark;--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--border:#30363d;--accent:#62a8f0;--base:#f0a35e;--code:#1f262e;--warn:#e3b341;--warnbg:#2b2411;--grid:#262c34}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{padding:12px 20px;border-bottom:1px solid var(--border);background:var(--card);display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline}
header.top h1{font-size:1.3rem;margin:0}
.lede{margin:0;color:var(--muted);flex:1 1 400px;font-size:.9rem}
.lede details{margin-top:2px}
figure{margin:6px 0}
figcaption{font-size:.85rem;color:var(--muted)}
footer{color:var(--muted);font-size:.8rem;padding:8px 20px}
.layout{display:grid;grid-template-columns:minmax(300px,400px) 1fr;gap:14px;padding:14px 20px;align-items:start}
.layout>*{min-width:0}
.side{position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto}
@media (max-width:820px){.layout{grid-template-columns:1fr;padding:8px}.side{position:static;max-height:none}.side .params{margin-bottom:0}}
.card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:10px 14px;margin:0 0 12px}
h2{font-size:1.05rem;margin:0 0 6px}
h2.inline{display:inline}
.ratio h2{font-size:1.2rem}
.unit,.hint,.prior,.about,.baseline{color:var(--muted);font-size:.82rem}
.row{display:flex;align-items:center;gap:8px;flex-wrap:wrap}
input[type=range]{flex:1 1 140px;min-width:120px;accent-color:var(--accent)}
.ratio input[type=range]{height:28px}
input.num{width:7.5em;font:inherit;font-size:.9rem;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:4px;padding:2px 4px}
select{font:inherit;font-size:.9rem;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:4px}
button{font:inherit;font-size:.85rem;color:var(--fg);background:var(--code);border:1px solid var(--border);border-radius:6px;padding:3px 10px;cursor:pointer}
button[hidden]{display:none}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.switch{font-weight:600;display:flex;gap:8px;align-items:center}
.run label{margin-right:14px}
.param{border-top:1px solid var(--border);padding:6px 0}
.param.fixed code{color:var(--accent);font-weight:700}
.fix{font-size:.82rem;white-space:nowrap}
details summary{cursor:pointer;color:var(--muted)}
.source{white-space:pre-wrap;margin:2px 0}
.toolbar .runline{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
progress{width:160px;accent-color:var(--accent)}
.status{font-size:.88rem}
.buttons{display:flex;gap:8px;flex-wrap:wrap;margin:6px 0}
.repro{background:var(--code);padding:8px;border-radius:6px;white-space:pre-wrap;word-break:break-all;font-size:.82rem;margin:0}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
.tile{flex:1 1 200px;border:1px solid var(--border);border-radius:8px;padding:8px 12px}
.tile .big{font-size:2rem;font-weight:700;color:var(--accent)}
.tile .ci,.tile .what,.tile .diff{font-size:.85rem;color:var(--muted)}
.tile .diff{color:var(--base)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin-top:6px;width:100%}
th,td{padding:3px 8px;border-bottom:1px solid var(--border);text-align:right;white-space:nowrap}
th[scope=row],thead th:first-child{text-align:left;white-space:normal}
.results[data-stale]{opacity:.45}
.warn{background:var(--warnbg);color:var(--warn);padding:6px 10px;border-radius:6px}
svg.chart{width:100%;height:auto;display:block;max-width:760px}
svg .grid{stroke:var(--grid)}
svg .tick,svg .axis,svg .label{fill:var(--muted);font-size:11px}
svg .axis{font-size:12px}
svg .line{fill:none;stroke-width:2}
svg .line.current{stroke:var(--accent)}
svg .line.baseline{stroke:var(--base);stroke-dasharray:6 4}
svg .band{stroke:none;opacity:.2}
svg .band.current{fill:var(--accent)}
svg .band.baseline{fill:var(--base)}
svg .whisker{stroke-width:2}
svg .whisker.current,svg .median.current{stroke:var(--accent)}
svg .whisker.baseline,svg .median.baseline{stroke:var(--base)}
svg .median{stroke-width:3}
svg .box.current{fill:var(--accent);opacity:.45}
svg .box.baseline{fill:var(--base);opacity:.45}
svg .label.baseline{fill:var(--base)}
`;
