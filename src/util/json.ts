import { createHash } from 'node:crypto';

/** Two JSON documents are the same when they parse to the same value, key order and spacing aside. */
export function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(canonical(JSON.parse(a))) === JSON.stringify(canonical(JSON.parse(b)));
  } catch {
    return a === b;
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Two values are the same JSON, key order aside (undefined and absent alike). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

/**
 * The SHA-256 of `JSON.stringify(value)`, byte for byte, without building that string (see
 * {@link jsonChunks}). A 37 MB snapshot hashes in a third of the time: hashing one huge string first
 * converts all of it to UTF-8 at once.
 */
export function jsonSha256(value: unknown): string {
  const hash = createHash('sha256');
  for (const chunk of jsonChunks(value)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * `JSON.stringify(value, null, indent)` as chunks of about 64 KiB, the same text when joined: the outer
 * two levels are written piece by piece, each of their elements whole. For values too large to hold as one
 * string (an audit of 10,000 accounts), written to a file or hashed as they come.
 */
export function* jsonChunks(value: unknown, indent = 0): Generator<string> {
  const gap = ' '.repeat(indent);
  let chunk = '';
  const pieces: string[] = [];
  const write = (text: string) => {
    chunk += text;
    if (chunk.length >= 65_536) {
      pieces.push(chunk);
      chunk = '';
    }
  };
  if (isWhole(value, 0)) {
    yield wholeText(value, 0, gap);
    return;
  }
  for (const _ of writeJson(write, value, 0, gap)) {
    yield* pieces;
    pieces.length = 0;
  }
  yield* pieces;
  if (chunk) yield chunk;
}

/** Values at this depth or deeper (and every non-container) are written by JSON.stringify whole. */
const WHOLE_AT_DEPTH = 3;

function isWhole(value: unknown, depth: number): boolean {
  return depth >= WHOLE_AT_DEPTH || value === null || typeof value !== 'object' || hasToJson(value);
}

function wholeText(value: unknown, depth: number, gap: string): string {
  const text = JSON.stringify(value, null, gap) ?? 'null';
  return gap && depth > 0 ? text.replace(/\n/g, `\n${gap.repeat(depth)}`) : text;
}

/**
 * Writes what JSON.stringify would, descending three levels before stringifying whole values (a
 * generator only for the containers above that); yields after each element of the outer levels, so
 * the caller can hand on the chunks written so far.
 */
function* writeJson(
  write: (text: string) => void,
  value: unknown,
  depth: number,
  gap: string,
): Generator<void> {
  const child = (item: unknown) =>
    isWhole(item, depth + 1)
      ? (write(wholeText(item, depth + 1, gap)), undefined)
      : writeJson(write, item, depth + 1, gap);
  const open = gap ? `\n${gap.repeat(depth + 1)}` : '';
  const close = gap ? `\n${gap.repeat(depth)}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return write('[]');
    write('[');
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      write(`${i > 0 ? ',' : ''}${open}`);
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') write('null');
      else {
        const nested = child(item);
        if (nested) yield* nested;
      }
      yield;
    }
    write(`${close}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol',
  );
  if (entries.length === 0) return write('{}');
  write('{');
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i]!;
    write(`${i > 0 ? ',' : ''}${open}${JSON.stringify(key)}:${gap ? ' ' : ''}`);
    const nested = child(item);
    if (nested) yield* nested;
    yield;
  }
  write(`${close}}`);
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
