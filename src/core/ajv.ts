/**
 * JSON Schema checks of files rsi-sim reads (shard headers, result files),
 * with Ajv: compiled once, at the first file read (Ajv loads in ~100 ms, so
 * not at start-up), with strictNumbers, so that Infinity (1e999 in a file)
 * and NaN are not numbers.
 */
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";

export type { ErrorObject };

/** A JSON Schema, as a plain object. */
export type Schema = Record<string, unknown>;

/** A compiled check: true when the data fits, else its errors. */
export interface SchemaCheck {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The checks of `schemas`, by kind, compiled at the first call of the function returned. */
export function lazyChecks<K extends string>(schemas: Record<K, Schema>): () => Record<K, SchemaCheck> {
  let compiled: Record<K, SchemaCheck> | null = null;
  return () => {
    if (compiled) return compiled;
    const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    const ajv = new Ajv({ allErrors: false, verbose: true, strict: false, strictNumbers: true });
    compiled = Object.fromEntries(Object.entries<Schema>(schemas).map(([k, s]) => [k, ajv.compile(s)])) as unknown as Record<K, SchemaCheck>;
    return compiled;
  };
}

/** A path with one more key: outputs.loc, points[3], outputs["defined(t_loc)"]. */
export function subField(path: string, k: string | number): string {
  if (typeof k === "number" || /^\d+$/.test(k)) return `${path}[${k}]`;
  if (/^[A-Za-z_]\w*$/.test(k)) return path ? `${path}.${k}` : k;
  return `${path}[${JSON.stringify(k)}]`;
}

/** A field's path from its keys: outputs.loc.quantiles.p50, points[3].outputs, outputs["defined(t_loc)"]. */
export function fieldPath(keys: (string | number)[]): string {
  return keys.reduce<string>(subField, "");
}

/** A JSON pointer, as Ajv names a field ("/points/1/outputs/loc"), as a path ("points[1].outputs.loc"). */
export function pointerField(pointer: string): string {
  const keys = pointer
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  return fieldPath(keys);
}
