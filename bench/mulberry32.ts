/** A seeded pseudo-random source: the same seed gives the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
}

/**
 * mulberry32: a tiny 32-bit PRNG, good enough for synthetic data and fully
 * deterministic (not for anything secret).
 *
 * @example
 * const random = mulberry32(42);
 * random.below(10); // the same number on every run
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  const below = (n: number): number => Math.floor(next() * n);
  return {
    next,
    uint32,
    below,
    pick: <T>(list: readonly T[]): T => list[below(list.length)],
  };
}

/** A version 4 UUID drawn from `random` (version and variant bits set). */
export function uuidV4(random: Random): string {
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  const a = hex(random.uint32());
  const b = hex(((random.uint32() & 0xffff0fff) | 0x00004000) >>> 0);
  const c = hex(((random.uint32() & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex(random.uint32());
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
