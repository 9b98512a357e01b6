/**
 * Seeded randomness for the whole kit.
 *
 * Every random stream in gasil-kit (env reset noise, action sampling, minibatch shuffles, network
 * initialisation, discriminator batches, bootstrap resampling) is an {@link Rng} derived from one
 * explicit root seed. There is no global generator.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 128-bit state, 32-bit outputs, seeded through
 * SplitMix32. Streams are derived by *name* with {@link Rng.split}: a child depends only on the
 * parent's construction key and the name, never on how far the parent has advanced, so adding a
 * new consumer of randomness does not shift the numbers of existing ones.
 *
 * @example
 * const root = Rng.fromSeed(7);
 * const envRng = root.split("env");          // named stream
 * const worker3 = root.split(3);             // per-worker / per-seed stream
 * const x = envRng.normal();                 // N(0, 1)
 * const perm = root.split("shuffle").permutation(2048);
 */

/** Serialisable generator state (for checkpoints). */
export interface RngState {
  /** Construction key (identifies the stream; used by {@link Rng.split}). */
  readonly key: readonly [number, number, number, number];
  /** Current xoshiro128** state. */
  readonly s: readonly [number, number, number, number];
  /** Cached second Box–Muller sample, or null. */
  readonly spare: number | null;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string to 32 bits. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function expandKey(words: readonly number[]): [number, number, number, number] {
  // Absorb any number of 32-bit words into a 128-bit key with SplitMix32 chaining.
  let acc = 0x6a09e667;
  const key: [number, number, number, number] = [0, 0, 0, 0];
  for (let round = 0; round < 4; round++) {
    for (const w of words) acc = splitmix32((acc ^ (w >>> 0)) >>> 0);
    acc = splitmix32((acc + round) >>> 0);
    key[round] = acc;
  }
  if ((key[0] | key[1] | key[2] | key[3]) === 0) key[0] = 1; // xoshiro must not start all-zero
  return key;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seeded, splittable pseudo-random generator. */
export class Rng {
  private readonly key: [number, number, number, number];
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  private constructor(key: [number, number, number, number], state?: readonly number[]) {
    this.key = key;
    const s = state ?? key;
    this.s0 = s[0]! | 0;
    this.s1 = s[1]! | 0;
    this.s2 = s[2]! | 0;
    this.s3 = s[3]! | 0;
  }

  /**
   * Root generator of a run.
   * @param seed a non-negative safe integer.
   * @throws RangeError when `seed` is not a non-negative safe integer.
   */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer, got ${String(seed)}`);
    }
    const lo = seed % TWO_POW_32;
    const hi = Math.floor(seed / TWO_POW_32);
    return new Rng(expandKey([lo, hi, 0x5eed]));
  }

  /** Restore a generator saved with {@link Rng.getState}. */
  static fromState(state: RngState): Rng {
    const rng = new Rng([...state.key] as [number, number, number, number], state.s);
    rng.spare = state.spare;
    return rng;
  }

  /**
   * Child stream named `name` (a string such as `"env"` or an integer such as a worker index).
   * Depends only on this generator's key and the name, not on its current position.
   */
  split(name: string | number): Rng {
    const tag =
      typeof name === "number" ? [0x4e554d, name >>> 0, Math.floor(name / TWO_POW_32)] : [0x535452, hashString(name), name.length];
    return new Rng(expandKey([...this.key, ...tag]));
  }

  /** Snapshot of the full state (JSON-serialisable). */
  getState(): RngState {
    return {
      key: [this.key[0], this.key[1], this.key[2], this.key[3]],
      s: [this.s0, this.s1, this.s2, this.s3],
      spare: this.spare,
    };
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /**
   * Uniform integer in [0, n) without modulo bias.
   * @throws RangeError when n is not a positive integer ≤ 2^32.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`int(n): n must be an integer in [1, 2^32], got ${String(n)}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal sample (Box–Muller, the second value is cached). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * v;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Fill `out` with N(mean, std²) samples; returns `out`. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fill `out` with U[low, high) samples; returns `out`. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** Shuffle `items` in place (Fisher–Yates); returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A fresh non-negative 31-bit integer seed (e.g. for a library that takes a number). */
  seedInt(): number {
    return this.nextUint32() >>> 1;
  }
}
