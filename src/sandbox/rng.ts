/**
 * Deterministic identifiers. The generator's state lives in the world, so the same sequence of calls
 * on the same seed yields the same account numbers and ids (stable test output), and a restored state
 * file continues without collisions.
 */
export interface RngState {
  rng: number;
}

export function nextRandom(state: RngState): number {
  // mulberry32
  state.rng = (state.rng + 0x6d2b79f5) | 0;
  let t = state.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const BASE64ISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function randomString(state: RngState, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(nextRandom(state) * alphabet.length)];
  return out;
}

export function randomUuid(state: RngState): string {
  const hex = randomString(state, HEX, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A seeded stream independent of the world (fault injection, latency). */
export function seededStream(seed: number): () => number {
  const state = { rng: seed | 0 };
  return () => nextRandom(state);
}
