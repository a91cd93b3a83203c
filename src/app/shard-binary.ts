/**
 * The container of a shard file: a small JSON header and typed columns.
 *
 * ```
 * offset  size  what
 *      0     8  magic "RSISHARD" (ASCII)
 *      8     4  format version, uint32 little-endian (SHARD_FORMAT_VERSION, 1)
 *     12     4  H: the header's length in bytes, uint32 little-endian
 *     16     8  the file's length in bytes, uint64 little-endian
 *     24     H  the header: UTF-8 JSON, one object (schema "rsi-sim.shard/2")
 *               zero bytes up to a multiple of 8: the data section starts here
 *      …        the blocks, in the order of the header's `blocks` directory,
 *               each its values little-endian and zero bytes up to a
 *               multiple of 8
 *  end-32    32  SHA-256 of every byte before it
 * ```
 *
 * The directory `blocks` lists each block as { type, length: values,
 * offset: bytes from the start of the data section }; a column of the
 * header names its block by its index in the directory. The types:
 *
 * - "float64": IEEE 754 doubles, 8 bytes each;
 * - "uint8": bytes (failed flags, 0 or 1);
 * - "binary8": a float64 column whose values are all 0, 1 or NaN, one byte
 *   each: 0 → +0, 1 → 1, 255 → NaN (the quiet NaN 0x7FF8000000000000).
 *   The writer uses it for every float64 column that holds only those
 *   exact values (a 0/1 output such as loc), so it loses nothing.
 *
 * Every block is the column of exactly one field, and lies where the
 * sizes of the blocks before it put it, so a file has one layout. A reader
 * needs no library: numpy reads a column with
 * `np.frombuffer(data, "<f8", count=length, offset=data_start + offset)`.
 *
 * Reading checks the container before the header is used (the checks of
 * the header's fields are src/app/shard-check.ts): the file's size against
 * the limit before it is read, the magic, the format version, the declared
 * length against the file's (a truncated file says so), the header within
 * the file and within the JSON limits (src/core/json-read.ts), the checksum.
 */
import { createHash } from "node:crypto";
import { endianness } from "node:os";
import { constants as bufferConstants } from "node:buffer";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { UserError } from "../core/errors.js";
import { checkJsonBounds, jsonLimits, sizeText } from "../core/json-read.js";
import { readBytesLimited } from "../core/read-limited.js";

export const SHARD_MAGIC = "RSISHARD";
export const SHARD_FORMAT_VERSION = 1;
/** The preamble before the header: magic, version, header length, file length. */
export const PREAMBLE_BYTES = 24;
export const CHECKSUM_BYTES = 32;

export type BlockType = "float64" | "uint8" | "binary8";

/** One block of the directory. */
export interface BlockEntry {
  type: BlockType;
  /** values */
  length: number;
  /** bytes from the start of the data section */
  offset: number;
}

/** A column to write: float64 values or bytes. */
export type Column = Float64Array | Uint8Array;

const LITTLE_ENDIAN_HOST = endianness() === "LE";
const MB = 1024 * 1024;
const align8 = (n: number) => Math.ceil(n / 8) * 8;
export const WIDTH: Record<BlockType, number> = { float64: 8, uint8: 1, binary8: 1 };
/** binary8's byte for NaN */
const BINARY8_NAN = 255;
/** the high 32 bits of the quiet NaN binary8 stands for (its low 32 bits are 0) */
const NAN_HIGH = 0x7ff80000;

/** A float64 column as binary8 bytes, or null when it holds a value other than +0, 1 and the quiet NaN. */
function binary8(a: Float64Array): Uint8Array | null {
  if (!LITTLE_ENDIAN_HOST || a.byteOffset % 4 !== 0) return null;
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    if (lo !== 0) return null;
    if (hi === 0) out[i] = 0;
    else if (hi === 0x3ff00000) out[i] = 1;
    else if (hi === NAN_HIGH) out[i] = BINARY8_NAN;
    else return null;
  }
  return out;
}

/** A block's bytes and type: a float64 column as binary8 where that loses nothing. */
function asBlock(a: Column): { type: BlockType; bytes: Uint8Array } {
  if (a instanceof Uint8Array) return { type: "uint8", bytes: a };
  const b = binary8(a);
  return b ? { type: "binary8", bytes: b } : { type: "float64", bytes: littleEndian(a) };
}

/** A column's bytes, little-endian. */
function littleEndian(a: Float64Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN_HOST) return bytes;
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  a.forEach((x, i) => view.setFloat64(8 * i, x, true));
  return out;
}

/**
 * The bytes of a shard file: `header` (without `blocks`, which this adds)
 * and the columns `blocks`, which the header names by index.
 *
 * @example
 * const bytes = encodeShardFile({ schema: "rsi-sim.shard/2", failed: 0 }, [new Uint8Array(3)]);
 * bytes.length; // 24 + header + 8 (3 bytes, padded) + 32
 */
export function encodeShardFile(header: Record<string, unknown>, blocks: Column[]): Uint8Array {
  const directory: BlockEntry[] = [];
  const data = blocks.map(asBlock);
  let offset = 0;
  data.forEach((b, i) => {
    directory.push({ type: b.type, length: blocks[i].length, offset });
    offset += align8(b.bytes.length);
  });
  const head = Buffer.from(JSON.stringify({ ...header, blocks: directory }), "utf8");
  const dataStart = align8(PREAMBLE_BYTES + head.length);
  const total = dataStart + offset + CHECKSUM_BYTES;
  const out = Buffer.alloc(total);
  out.write(SHARD_MAGIC, 0, "ascii");
  out.writeUInt32LE(SHARD_FORMAT_VERSION, 8);
  out.writeUInt32LE(head.length, 12);
  out.writeBigUInt64LE(BigInt(total), 16);
  head.copy(out, PREAMBLE_BYTES);
  data.forEach((b, i) => out.set(b.bytes, dataStart + directory[i].offset));
  createHash("sha256").update(out.subarray(0, total - CHECKSUM_BYTES)).digest().copy(out, total - CHECKSUM_BYTES);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** The limit on a shard file's size: RSI_SIM_MAX_SHARD_MB (default 1024 MB, at most what a Buffer holds). */
export function shardFileLimit(env: NodeJS.ProcessEnv = process.env): number {
  const most = Math.floor(bufferConstants.MAX_LENGTH / MB);
  const v = env.RSI_SIM_MAX_SHARD_MB;
  if (v === undefined || v.trim() === "") return Math.min(1024, most) * MB;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0 || x > most) throw new UserError("RSI_SIM_MAX_SHARD_MB", `must be a positive number of at most ${most}, got "${v}"`);
  return Math.floor(x * MB);
}

const readsAtMost = (limit: number) => `rsi-sim reads shard files of at most ${sizeText(limit)} (RSI_SIM_MAX_SHARD_MB raises the limit)`;

/** The size of a shard file, refused when over the limit before any byte is read. */
function shardFileSize(file: string, limit: number): number {
  const size = statSync(file).size;
  if (size > limit) throw new UserError(file, `the file is ${sizeText(size)}; ${readsAtMost(limit)}`);
  return size;
}

/**
 * A shard file's bytes, refused (a UserError naming it) before it is read
 * when it is larger than the shard limit or does not begin as a shard file
 * does; a pipe or device is read in blocks up to the limit. Errors of the
 * file system are thrown as they are.
 */
export function readShardBytes(file: string, limit = shardFileLimit()): Uint8Array {
  shardFileSize(file, limit);
  // the first block is checked before the rest is read: a file that is not a shard stops there
  return readBytesLimited(file, limit, `a shard file; ${readsAtMost(limit)}`, (head) => checkMagic(file, head));
}

/** A shard file opened: its header (parsed, not yet checked) and where its blocks lie. */
export interface OpenedShardFile {
  header: Record<string, unknown>;
  bytes: Uint8Array;
  /** where the data section starts, and where the checksum starts */
  dataStart: number;
  dataEnd: number;
}

/** What the first bytes of a file that is not a shard say it is: a shard in the JSON format rsi-sim wrote before the binary one, other JSON, or neither. */
function jsonKind(bytes: Uint8Array): "shard" | "json" | null {
  const head = Buffer.from(bytes.subarray(0, 64)).toString("latin1").trimStart();
  if (/^\{\s*"schema"\s*:\s*"rsi-sim\.shard\//.test(head)) return "shard";
  return head.startsWith("{") || head.startsWith("[") ? "json" : null;
}

/** Refuse a file that does not begin with the magic (saying so of a shard in the earlier JSON format), from its first bytes. */
function checkMagic(name: string, bytes: Uint8Array): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= SHARD_MAGIC.length && b.toString("latin1", 0, SHARD_MAGIC.length) === SHARD_MAGIC) return;
  const json = jsonKind(bytes);
  if (json === "shard") {
    throw new UserError(name, `a shard file in the JSON format (rsi-sim.shard/1) that rsi-sim wrote before its binary shard files; run this shard again with this version of rsi-sim (it writes ${SHARD_MAGIC} files, .shard)`);
  }
  throw new UserError(name, `not an rsi-sim shard file (${json === "json" ? "a JSON file; " : ""}it does not begin with ${SHARD_MAGIC})`);
}

/** A shard's header from its bytes in memory, the preamble checked, without the checksum over the whole file (openShardFile's, at the merge). */
export function shardHeaderOf(name: string, bytes: Uint8Array): Record<string, unknown> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { headerBytes } = checkPreamble(name, b, b.length);
  return decodeHeader(name, b.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes));
}

/**
 * Open a shard file's bytes: magic, version, length, header bounds and
 * checksum, then the header's JSON (within the JSON limits). Throws a
 * UserError naming `name`.
 */
export function openShardFile(name: string, bytes: Uint8Array): OpenedShardFile {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { headerBytes, dataStart, dataEnd } = checkPreamble(name, b, b.length);
  const sum = createHash("sha256").update(b.subarray(0, dataEnd)).digest();
  if (!sum.equals(b.subarray(dataEnd))) throw new UserError(name, "the shard file is corrupted (its checksum does not match)");
  if (b.subarray(PREAMBLE_BYTES + headerBytes, dataStart).some((x) => x !== 0)) throw new UserError(name, "the padding after the header is not zero bytes");
  return { header: decodeHeader(name, b.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes)), bytes, dataStart, dataEnd };
}

/**
 * The checks of a shard file's first bytes `b` (at least its first 64, or
 * all of a shorter file) against its size: magic, version, declared length,
 * the header's size (within the JSON limits) and bounds. Returns where the
 * header ends and the data start and end; a UserError naming `name`
 * otherwise.
 */
function checkPreamble(name: string, b: Buffer, size: number): { headerBytes: number; dataStart: number; dataEnd: number } {
  const fail = (detail: string): never => {
    throw new UserError(name, detail);
  };
  checkMagic(name, b);
  if (size < PREAMBLE_BYTES) fail(`not a complete shard file (truncated: ${size} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble)`);
  const version = b.readUInt32LE(8);
  if (version !== SHARD_FORMAT_VERSION) {
    fail(`shard file format version ${version}; this rsi-sim reads version ${SHARD_FORMAT_VERSION}${version > SHARD_FORMAT_VERSION ? " (the file was written by a newer rsi-sim)" : ""}`);
  }
  const declared = b.readBigUInt64LE(16);
  if (declared !== BigInt(size)) {
    fail(declared > BigInt(size) ? `not a complete shard file (truncated: ${size} of its ${declared} bytes)` : `${size} bytes, but the file says it has ${declared} (bytes after its end)`);
  }
  const headerBytes = b.readUInt32LE(12);
  const jsonMax = jsonLimits().maxBytes;
  if (headerBytes > jsonMax) fail(`its header is ${sizeText(headerBytes)}; rsi-sim reads JSON of at most ${sizeText(jsonMax)} (RSI_SIM_MAX_JSON_MB raises the limit)`);
  const dataStart = align8(PREAMBLE_BYTES + headerBytes);
  const dataEnd = size - CHECKSUM_BYTES;
  if (dataStart > dataEnd) fail(`its header of ${headerBytes} bytes runs past the end of the file (${size} bytes)`);
  return { headerBytes, dataStart, dataEnd };
}

/** A shard file's header bytes as a JSON object (within the JSON limits); a UserError naming `name` otherwise. */
function decodeHeader(name: string, bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(name, "its header is not valid UTF-8");
  }
  checkJsonBounds(text, `${name}: header`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new UserError(name, "its header is not valid JSON");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new UserError(name, "its header is not a JSON object");
  return header as Record<string, unknown>;
}

/**
 * A regular shard file's header and size, from its first bytes only (the
 * preamble, then the header): what merge checks of every file before it
 * reads any file whole. The checksum and the blocks are checked when the
 * file is read (openShardFile). Errors as readShardBytes' and openShardFile's.
 */
export function readShardHeader(file: string, limit = shardFileLimit()): { header: Record<string, unknown>; size: number } {
  const size = shardFileSize(file, limit);
  const fd = openSync(file, "r");
  try {
    const first = Buffer.alloc(64);
    const got = readSync(fd, first, 0, first.length, 0);
    const { headerBytes } = checkPreamble(file, first.subarray(0, got), size);
    const head = Buffer.alloc(headerBytes);
    if (readSync(fd, head, 0, headerBytes, PREAMBLE_BYTES) < headerBytes) throw new UserError(file, "not a complete shard file (its header is cut short)");
    return { header: decodeHeader(file, head), size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Check the directory's layout against the file: each block where the
 * sizes of the blocks before it put it, the last one (with its padding)
 * ending at the checksum, padding bytes zero. Returns the problem as
 * [field, what is wrong], or null.
 */
export function layoutProblem(file: OpenedShardFile, directory: BlockEntry[]): [string, string] | null {
  let offset = 0;
  for (let i = 0; i < directory.length; i++) {
    const e = directory[i];
    if (e.offset !== offset) return [`blocks[${i}].offset`, `${e.offset}, but the blocks before it end at ${offset}`];
    const bytes = e.length * WIDTH[e.type];
    if (file.dataStart + offset + bytes > file.dataEnd) return [`blocks[${i}]`, `${e.length} ${e.type} values run past the end of the data (${file.dataEnd - file.dataStart} bytes)`];
    offset += align8(bytes);
    const pad = file.bytes.subarray(file.dataStart + e.offset + bytes, file.dataStart + offset);
    if (pad.some((x) => x !== 0)) return [`blocks[${i}]`, "the padding after its values is not zero bytes"];
  }
  if (file.dataStart + offset !== file.dataEnd) return ["blocks", `the blocks end at byte ${file.dataStart + offset} of the data, but the file's data run to ${file.dataEnd}`];
  return null;
}

/**
 * A float64 or binary8 block as float64 values (a view of a float64 block
 * where the host and alignment allow, else a copy), or the row of a byte
 * binary8 does not know.
 */
export function float64Block(file: OpenedShardFile, e: BlockEntry): Float64Array | { badRow: number; value: number } {
  const at = file.bytes.byteOffset + file.dataStart + e.offset;
  if (e.type === "binary8") {
    const codes = new Uint8Array(file.bytes.buffer, at, e.length);
    const out = new Float64Array(e.length);
    // the high word of each double, in the host's order
    const view = new DataView(out.buffer);
    const high = LITTLE_ENDIAN_HOST ? 4 : 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 1) view.setUint32(8 * i + high, 0x3ff00000, LITTLE_ENDIAN_HOST);
      else if (c === BINARY8_NAN) view.setUint32(8 * i + high, NAN_HIGH, LITTLE_ENDIAN_HOST);
      else if (c !== 0) return { badRow: i, value: c };
    }
    return out;
  }
  if (LITTLE_ENDIAN_HOST && at % 8 === 0) return new Float64Array(file.bytes.buffer, at, e.length);
  const view = new DataView(file.bytes.buffer, at, e.length * 8);
  return Float64Array.from({ length: e.length }, (_, i) => view.getFloat64(8 * i, true));
}

/** Block `i` of the directory as bytes (a view). */
export function uint8Block(file: OpenedShardFile, e: BlockEntry): Uint8Array {
  return new Uint8Array(file.bytes.buffer, file.bytes.byteOffset + file.dataStart + e.offset, e.length);
}
