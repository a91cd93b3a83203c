/**
 * The notebooks in notebooks/, without running them (scripts/run-notebooks.sh
 * executes them on the tslab kernel): each is a valid nbformat 4 file for
 * the tslab kernel, stored without outputs, opens with prose, loads plotly
 * before its first chart, reads its sizes from documented RSI_* variables,
 * and imports only names that the library and charts.ts still export.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, "notebooks");
const files = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  metadata: { kernelspec?: { name?: string; language?: string } };
  cells: Cell[];
}

const read = (f: string): Notebook => JSON.parse(readFileSync(path.join(dir, f), "utf8"));
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const code = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === "code").map(text);

/** Named imports of every code cell: module → names (type-only names left out). */
function imports(nb: Notebook): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const src of code(nb)) {
    for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
      const names = m[1]
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith("type "))
        .map((s) => s.split(/\s+as\s+/)[0]);
      out.set(m[2], [...(out.get(m[2]) ?? []), ...names]);
    }
  }
  return out;
}

describe("notebooks", () => {
  it("are the four of issue 5", () => {
    expect(files).toEqual(["01-quickstart.ipynb", "02-funding-ratio.ipynb", "03-sensitivity.ipynb", "04-your-own-model.ipynb"]);
  });

  const docs = readFileSync(path.join(root, "docs", "notebooks.md"), "utf8");
  const charts = readFileSync(path.join(dir, "charts.ts"), "utf8");
  const chartExports = new Set([...charts.matchAll(/^export (?:function|const|type|interface) (\w+)/gm)].map((m) => m[1]));

  for (const f of files) {
    describe(f, () => {
      const nb = read(f);

      it("is nbformat 4 for the tslab kernel", () => {
        expect(nb.nbformat).toBe(4);
        expect(nb.metadata.kernelspec?.name).toBe("tslab");
        expect(nb.metadata.kernelspec?.language).toBe("typescript");
      });

      it("is stored without outputs", () => {
        for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
          expect(c.outputs ?? []).toEqual([]);
          expect(c.execution_count ?? null).toBeNull();
        }
      });

      it("opens with prose and explains as it goes", () => {
        expect(nb.cells[0].cell_type).toBe("markdown");
        expect(text(nb.cells[0])).toMatch(/^# /);
        const md = nb.cells.filter((c) => c.cell_type === "markdown").length;
        expect(md).toBeGreaterThanOrEqual(Math.floor(code(nb).length / 2));
      });

      it("loads plotly once, before its first chart", () => {
        const cells = code(nb);
        const load = cells.findIndex((s) => /\bloadPlotly\(\)/.test(s));
        const first = cells.findIndex((s) => /\bplot\(/.test(s));
        expect(load).toBeGreaterThanOrEqual(0);
        expect(first).toBeGreaterThanOrEqual(load);
        expect(cells.filter((s) => /\bloadPlotly\(\)/.test(s))).toHaveLength(1);
      });

      it("reads its knobs from documented RSI_* variables, with defaults", () => {
        const all = code(nb).join("\n");
        const knobs = [...all.matchAll(/process\.env\.(RSI_\w+)/g)].map((m) => m[1]);
        expect(knobs.length).toBeGreaterThan(0);
        for (const k of knobs) {
          expect(all, `${k} has a default`).toMatch(new RegExp(`process\\.env\\.${k} \\?\\? `));
          expect(docs, `${k} is in docs/notebooks.md`).toContain(`\`${k}\``);
          expect(readFileSync(path.join(root, "scripts", "run-notebooks.sh"), "utf8"), `run-notebooks.sh sets ${k} small`).toMatch(
            new RegExp(`${k}=\\$\\{${k}:-`),
          );
        }
      });

      it("imports only names that exist", async () => {
        for (const [spec, names] of imports(nb)) {
          if (spec === "tslab" || !spec.startsWith(".")) continue;
          if (spec === "./charts") {
            for (const n of names) expect(chartExports, `charts.ts exports ${n}`).toContain(n);
            continue;
          }
          // "../dist/x/y.js" is built from src/x/y.ts
          const m = /^\.\.\/dist\/(.+)\.js$/.exec(spec);
          expect(m, `import from ${spec}`).not.toBeNull();
          const mod = await import(path.join(root, "src", `${m![1]}.ts`));
          for (const n of names) expect(Object.keys(mod), `${spec} exports ${n}`).toContain(n);
        }
      });
    });
  }
});
