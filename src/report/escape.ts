/**
 * Escaping for the three places text from a model file or a result JSON can
 * end up in a report: HTML (tables, headings), plotly text (axis titles,
 * legends, hover labels, which plotly parses for a few HTML-like tags) and
 * JSON embedded in a <script> element.
 */

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in HTML element content and in quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Text safe in plotly's text fields: plotly interprets <b>, <br>, <a href>
 * and the like and decodes &amp; &lt; &gt;, so those three are escaped; "%{"
 * is broken so a name cannot become a hovertemplate variable.
 */
export function escapePlotly(text: unknown): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/%\{/g, "%\u200b{");
}

/**
 * JSON for a <script type="application/json"> element: "<" is written as
 * \u003c so no "</script>" or "<!--" can end the element, and U+2028/2029
 * are escaped. NaN and infinities become null.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** An id for an HTML element from any name: [a-z0-9-] only, never empty. */
export function slug(text: string): string {
  const s = String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s || "x";
}
