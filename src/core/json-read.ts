/**
 * Reading a user's JSON file within bounds: shard files, saved results,
 * designs and results files. JSON.parse of a hostile file can overflow the
 * stack (a file nested millions deep) or exhaust V8's heap (an array of a
 * hundred million numbers), and either kills the process with a stack trace
 * or worse. So, before anything is parsed:
 *
 * - size: a file larger than `maxBytes` is refused from its size on disk,
 *   before it is read (default 256 MB, RSI_SIM_MAX_JSON_MB raises it up to
 *   512 MB, the longest string V8 can hold);
 * - depth: a cheap scan of the text counts bracket depth outside strings and
 *   refuses more than `maxDepth` levels (64; rsi-sim's files use fewer than
 *   ten);
 * - values: the same scan counts the array elements and object members and
 *   refuses more than `maxValues` (default 20 million, RSI_SIM_MAX_JSON_VALUES
 *   raises it; a shard file's columns are base64 strings, so even a large
 *   shard holds a few thousand).
 *
 * Each refusal is one UserError naming the file. Readers call
 * readBoundedText (the size, from the file's size on disk) and then
 * checkJsonBounds on the text before JSON.parse.
 */
import { statSync } from "node:fs";
import { UserError } from "./errors.js";
import { readTextLimited } from "./read-limited.js";

export interface JsonLimits {
  /** the largest file, in bytes */
  maxBytes: number;
  /** the deepest nesting of arrays and objects */
  maxDepth: number;
  /** the most array elements and object members, all levels together */
  maxValues: number;
}

const MB = 1024 * 1024;
/** V8's longest string (2^29 − 24 characters): no larger file can be read as text. */
const V8_MAX_STRING = 2 ** 29 - 24;

export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = { maxBytes: 256 * MB, maxDepth: 64, maxValues: 20_000_000 };

function envNumber(env: NodeJS.ProcessEnv, name: string, max: number): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === "") return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0 || x > max) throw new UserError(name, `must be a positive number of at most ${max}, got "${v}"`);
  return x;
}

/**
 * The limits in force: the defaults, with RSI_SIM_MAX_JSON_MB and
 * RSI_SIM_MAX_JSON_VALUES from the environment when set.
 *
 * @example
 * jsonLimits({ RSI_SIM_MAX_JSON_MB: "400" }).maxBytes; // 419430400
 */
export function jsonLimits(env: NodeJS.ProcessEnv = process.env): JsonLimits {
  const mb = envNumber(env, "RSI_SIM_MAX_JSON_MB", 512);
  const values = envNumber(env, "RSI_SIM_MAX_JSON_VALUES", Number.MAX_SAFE_INTEGER);
  return {
    maxBytes: mb === undefined ? DEFAULT_JSON_LIMITS.maxBytes : Math.min(Math.floor(mb * MB), V8_MAX_STRING),
    maxDepth: DEFAULT_JSON_LIMITS.maxDepth,
    maxValues: values === undefined ? DEFAULT_JSON_LIMITS.maxValues : Math.floor(values),
  };
}

/** Bytes as MiB to a tenth ("256.0 MB"), as the JSON and shard limits are set and said. */
export const mbText = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** A size in MB (1024 × 1024 bytes) to a tenth, or in KB or bytes where that would print "0.0 MB". */
export function sizeText(bytes: number): string {
  if (bytes >= 0.05 * MB) return mbText(bytes);
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

function tooLarge(where: string, bytes: number, limits: JsonLimits): UserError {
  return new UserError(where, `the file is ${sizeText(bytes)}; rsi-sim reads JSON files of at most ${sizeText(limits.maxBytes)} (RSI_SIM_MAX_JSON_MB raises the limit)`);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Check JSON text's size, nesting depth and number of values without
 * parsing it (a scan of its characters outside strings). Says nothing about
 * whether the text is valid JSON: JSON.parse does that afterwards.
 *
 * @example
 * checkJsonBounds("[[[1]]]", "f.json", { maxBytes: 100, maxDepth: 2, maxValues: 10 });
 * // throws UserError "f.json: JSON nested deeper than 2 levels …"
 */
export function checkJsonBounds(text: string, where: string, limits: JsonLimits = jsonLimits()): void {
  if (text.length > limits.maxBytes) throw tooLarge(where, Buffer.byteLength(text, "utf8"), limits);
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limits.maxDepth) throw new UserError(where, `JSON nested deeper than ${limits.maxDepth} levels (at character ${i}); not a file rsi-sim writes`);
      values++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
    else if (c === COMMA && ++values > limits.maxValues) {
      throw new UserError(where, `holds more than ${limits.maxValues} JSON values; not a file rsi-sim writes (RSI_SIM_MAX_JSON_VALUES raises the limit)`);
    }
  }
}

/**
 * The number of JSON values checkJsonBounds counts (arrays and objects
 * opened, and commas, outside strings), over text given in pieces: what a
 * file written piece by piece will count as when it is read back.
 *
 * @example
 * const n = new JsonValueCounter(); n.add('[1, "a,b"'); n.add(", 3]"); n.values; // 3
 */
export class JsonValueCounter {
  values = 0;
  private inString = false;
  private escaped = false;
  add(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_ARRAY || c === OPEN_OBJECT || c === COMMA) this.values++;
    }
  }
}

/**
 * A user's file as text, refused (a UserError naming it) before it is read
 * when it is larger than `limits.maxBytes`. Errors of the file system
 * (missing file, a directory) are thrown as they are, for the caller to say
 * in its words.
 *
 * @example
 * const text = readBoundedText("s1.json"); // UserError when larger than 256 MB
 */
export function readBoundedText(file: string, limits: JsonLimits = jsonLimits()): string {
  const size = statSync(file).size;
  if (size > limits.maxBytes) throw tooLarge(file, size, limits);
  // read in blocks up to the limit: a pipe or a device (/dev/zero) has no size to check first
  return readTextLimited(file, limits.maxBytes, "a JSON file (RSI_SIM_MAX_JSON_MB raises the limit)");
}
