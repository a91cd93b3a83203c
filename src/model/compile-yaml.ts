/**
 * Reading a model file's YAML into a plain mapping, with errors that give
 * the line and column (and the dotted entry, for a duplicate key).
 */
import { LineCounter, isPair, isScalar, isSeq, parseDocument, visit, type Document } from "yaml";
import { ModelError } from "../core/errors.js";
import type { Raw } from "./compile-scope.js";

/** The YAML reader's message, its first line; its stack overflow (runaway nesting) said in words. */
function yamlMessage(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return "YAML: mappings and lists are nested too deeply here to be read";
  return `YAML: ${message.split("\n")[0]}`;
}

/** Parse the YAML of a model file into a plain mapping, or throw a ModelError. */
export function readYaml(text: string, file: string): Raw {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  let raw: unknown;
  try {
    // logLevel "error": yaml must not print warnings of its own to the console.
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines, logLevel: "error" });
    if (doc.errors.length === 0) {
      const complex = complexKeyAt(doc);
      if (complex !== undefined) {
        const { line, col } = lines.linePos(complex);
        throw new ModelError(file, `line ${line}, column ${col}`, "a key must be a plain name, not a mapping or a list");
      }
      const tagged = otherTagAt(doc);
      if (tagged !== undefined) {
        const { line, col } = lines.linePos(tagged.at);
        throw new ModelError(file, `line ${line}, column ${col}`, `the YAML tag ${tagged.tag.replace("tag:yaml.org,2002:", "!!")} is not part of a model file (numbers, text, true/false, null, mappings and lists only)`);
      }
      const cycle = selfAliasAt(doc);
      if (cycle !== undefined) {
        const { line, col } = lines.linePos(cycle.at);
        throw new ModelError(file, `line ${line}, column ${col}`, `the YAML alias *${cycle.name} stands inside the node &${cycle.name} names, so it would contain itself; repeat the text instead`);
      }
      raw = doc.toJS();
    }
  } catch (err) {
    if (err instanceof ModelError) throw err;
    // The parser or toJS can throw: unresolved aliases, alias bombs, runaway nesting.
    throw new ModelError(file, "", yamlMessage((err as Error).message));
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lines.linePos(e.pos[0]);
    const at = `line ${line}, column ${col}`;
    if (e.code === "DUPLICATE_KEY") {
      const key = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s:,{}[\]]+))/.exec(text.slice(e.pos[0]));
      const name = key ? key[1] ?? key[2] ?? key[3] : "?";
      const entry = pathAt(doc, e.pos[0]);
      throw new ModelError(file, entry ? `${entry} (${at})` : at, `duplicate key "${name}" (each key may appear once in a mapping)`);
    }
    if (e.code === "MULTIPLE_DOCS") throw new ModelError(file, at, "a second YAML document starts here (after ---); a model file holds one model");
    throw new ModelError(file, at, yamlMessage(e.message));
  }
  if (raw === null || raw === undefined) {
    throw new ModelError(file, "", "the file is empty; a model file is a YAML mapping with name, time, parameters, state and outputs");
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    const got = Array.isArray(raw) ? "a list" : `${typeof raw} ${JSON.stringify(raw)}`;
    throw new ModelError(file, "", `a model file must be a YAML mapping with name, time, parameters, state and outputs, got ${got}`);
  }
  return raw as Raw;
}

/** The tags a model file's values may carry: YAML's core schema (!!set, !!binary, !!timestamp, !!omap had read as a Set, bytes, a date, a list). */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** The first node with a tag outside YAML's core schema, and where it starts. */
function otherTagAt(doc: Document): { tag: string; at: number } | undefined {
  let found: { tag: string; at: number } | undefined;
  const check = (node: { tag?: string; range?: [number, number, number] | null }) => {
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      found = { tag: node.tag, at: node.range?.[0] ?? 0 };
      return visit.BREAK;
    }
    return undefined;
  };
  visit(doc, { Scalar: (_, n) => check(n), Map: (_, n) => check(n), Seq: (_, n) => check(n) });
  return found;
}

/** The first alias inside the node its anchor names (`x: &a {b: *a}`: a mapping that contains itself), and where it is. */
function selfAliasAt(doc: Document): { name: string; at: number } | undefined {
  let found: { name: string; at: number } | undefined;
  visit(doc, {
    Alias(_, alias, ancestors) {
      const inside = ancestors.some((a) => (a as { anchor?: string }).anchor === alias.source);
      if (!inside) return undefined;
      found = { name: alias.source, at: alias.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

/** Offset of the first mapping key that is not a plain scalar (`{a: 1}: x`, `[a]: x`, `*alias: x`), if any. */
function complexKeyAt(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (pair.key === null || isScalar(pair.key)) return undefined;
      found = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return found;
}

/** Dotted path (as in error messages) of the mapping key that starts at `offset`. */
function pathAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const chain = [...ancestors, pair];
      let out = "";
      chain.forEach((node, i) => {
        if (isPair(node) && isScalar(node.key)) out += `${out ? "." : ""}${String(node.key.value)}`;
        else if (isSeq(node) && i + 1 < chain.length) out += `[${node.items.indexOf(chain[i + 1] as never)}]`;
      });
      found = out;
      return visit.BREAK;
    },
  });
  return found;
}
