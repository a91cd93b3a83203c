/**
 * The README's first command installs light: `npm install --omit=dev`
 * brings at most 150 packages, and what it brings is enough to build and
 * run rsi-sim.
 *
 * Both are read from package-lock.json, which fixes the tree any install
 * of this checkout gets: the packages a production install has are the
 * lock's entries not marked dev (the test, lint and notebook tools), less
 * the optional ones made for another platform (esbuild's binaries). Then
 * every package the source imports (statically or with `import()`) must be
 * a dependency, a Node built-in, or an optional peer that the code loads
 * with a message naming its install command when it is missing. The real
 * install's size and time are in BENCHMARKS.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(".");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));

interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
}

/** Whether an os/cpu list (npm's form: names, or "!name" to exclude) admits this value. */
function admits(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  if (list.some((v) => v === `!${value}`)) return false;
  const positive = list.filter((v) => !v.startsWith("!"));
  return positive.length === 0 || positive.includes(value);
}

/** The lock's packages a `npm install --omit=dev` puts in node_modules on this platform. */
function productionPackages(): string[] {
  return Object.entries(lock.packages as Record<string, LockEntry>)
    .filter(([key]) => key.startsWith("node_modules/"))
    .filter(([, e]) => !e.dev)
    .filter(([, e]) => !e.optional || (admits(e.os, process.platform) && admits(e.cpu, process.arch)))
    .map(([key]) => key);
}

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith(".ts") ? [path.join(dir, d.name)] : [],
  );
}

/** The package names a source file imports: `from "x"`, `import("x")`, `import "x"`. */
function importedPackages(file: string): string[] {
  // code only: comment lines (JSDoc examples import "rsi-sim" as a user would) are left out
  const text = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line))
    .join("\n");
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"'.][^"']*)["']/g)) {
    const spec = m[1];
    if (spec.startsWith("node:") || builtinModules.includes(spec) || spec.includes("${")) continue;
    names.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
  }
  return [...names];
}

describe("the README's first install (npm install --omit=dev)", () => {
  it("is the README's first command", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toMatch(/^npm install --omit=dev && npx rsi-sim --ratio 200/m);
  });

  it("brings fewer than 150 packages", () => {
    const packages = productionPackages();
    expect(packages.length).toBeGreaterThan(10); // the lock was read
    expect(packages.length).toBeLessThan(150);
  });

  it("needs nothing from the development tools: every package src/ imports is a dependency or a documented optional peer", () => {
    const deps = new Set(Object.keys(pkg.dependencies));
    const optionalPeers = new Set(Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => (m as { optional?: boolean }).optional).map(([k]) => k));
    const missing: string[] = [];
    // src/, and the playground page's sources, which the build bundles
    for (const file of [...sources(path.join(ROOT, "src")), ...sources(path.join(ROOT, "scripts/playground"))]) {
      for (const name of importedPackages(file)) {
        if (deps.has(name)) continue;
        if (optionalPeers.has(name)) {
          // an optional peer is loaded where it is used, with its install command in the error
          const text = readFileSync(file, "utf8");
          if (text.includes(`npm install ${name}`)) continue;
        }
        missing.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("builds with dependencies only: the build's tools are dependencies", () => {
    for (const tool of ["typescript", "esbuild", "terser"]) expect(pkg.dependencies).toHaveProperty(tool);
    expect(pkg.scripts.prepare).toBe("npm run build");
    for (const m of (pkg.scripts.build as string).matchAll(/node (scripts\/[\w-]+\.mjs)/g)) {
      for (const name of importedPackages(path.join(ROOT, m[1]))) {
        expect(pkg.dependencies, `${m[1]} imports ${name}`).toHaveProperty(name);
      }
    }
  });

  it("leaves the notebook kernel and the browser driver to those who use them", () => {
    for (const name of ["tslab", "playwright-core"]) {
      expect(pkg.dependencies).not.toHaveProperty(name);
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(pkg.devDependencies).toHaveProperty(name);
    }
  });
});
