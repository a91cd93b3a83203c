/**
 * Shard files (src/app/shard-binary.ts) taken apart and put together again
 * by tests, independently of rsi-sim's own reader and writer: the header
 * (with its blocks' directory) and each block's raw bytes. `write` lays the
 * blocks out and seals the file (length, checksum) as rsi-sim does, so a
 * forged shard gets past the container's checks to the checks of its
 * fields; its options leave a part as forged (a directory, a length).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Header = Record<string, any>;
export interface Block {
  type: string;
  bytes: Uint8Array;
}
export interface ShardParts {
  header: Header;
  blocks: Block[];
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const WIDTH: Record<string, number> = { float64: 8, uint8: 1, binary8: 1 };

/** A shard file's header and blocks. */
export function readShard(file: string): ShardParts {
  const b = readFileSync(file);
  if (b.toString("latin1", 0, 8) !== "RSISHARD") throw new Error(`${file}: not a shard file`);
  const H = b.readUInt32LE(12);
  const header = JSON.parse(b.subarray(24, 24 + H).toString("utf8")) as Header;
  const start = align8(24 + H);
  const blocks = (header.blocks as { type: string; length: number; offset: number }[]).map((e) => ({
    type: e.type,
    bytes: Uint8Array.from(b.subarray(start + e.offset, start + e.offset + e.length * WIDTH[e.type])),
  }));
  return { header, blocks };
}

/** The bytes of a shard file: the header with a directory laid out for `blocks` (unless `directory` is false), sealed. */
export function shardBytes(parts: ShardParts, options: { directory?: boolean; magic?: string; version?: number; length?: (n: number) => number; headerText?: (t: string) => string } = {}): Buffer {
  const header = { ...parts.header };
  if (options.directory !== false) {
    let offset = 0;
    header.blocks = parts.blocks.map((bl) => {
      const e = { type: bl.type, length: bl.bytes.length / WIDTH[bl.type], offset };
      offset += align8(bl.bytes.length);
      return e;
    });
  }
  const head = Buffer.from((options.headerText ?? ((t) => t))(JSON.stringify(header)), "utf8");
  const start = align8(24 + head.length);
  const dataBytes = parts.blocks.reduce((n, bl) => n + align8(bl.bytes.length), 0);
  const total = start + dataBytes + 32;
  const out = Buffer.alloc(total);
  out.write(options.magic ?? "RSISHARD", 0, "latin1");
  out.writeUInt32LE(options.version ?? 1, 8);
  out.writeUInt32LE(head.length, 12);
  out.writeBigUInt64LE(BigInt((options.length ?? ((n) => n))(total)), 16);
  head.copy(out, 24);
  let at = start;
  for (const bl of parts.blocks) {
    out.set(bl.bytes, at);
    at += align8(bl.bytes.length);
  }
  createHash("sha256").update(out.subarray(0, total - 32)).digest().copy(out, total - 32);
  return out;
}

/** Write a shard file (see shardBytes). */
export function writeShard(file: string, parts: ShardParts, options: Parameters<typeof shardBytes>[1] = {}): void {
  writeFileSync(file, shardBytes(parts, options));
}

/** Read a shard, change its header and blocks, and write it sealed to `to`. */
export function forgeShard(from: string, to: string, change: (parts: ShardParts) => void, options: Parameters<typeof shardBytes>[1] = {}): void {
  const parts = readShard(from);
  change(parts);
  writeShard(to, parts, options);
}

/** A float64 (or binary8) column's values. */
export function column(parts: ShardParts, ref: number): Float64Array {
  const bl = parts.blocks[ref];
  if (bl.type === "binary8") return Float64Array.from(bl.bytes, (c) => (c === 255 ? NaN : c));
  return new Float64Array(Uint8Array.from(bl.bytes).buffer);
}

/** Replace block `ref` by float64 `values` (or bytes for a uint8 block). */
export function setColumn(parts: ShardParts, ref: number, values: Float64Array | Uint8Array): void {
  parts.blocks[ref] = values instanceof Float64Array ? { type: "float64", bytes: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) } : { type: "uint8", bytes: Uint8Array.from(values) };
}
