// Timing helpers for `npm run bench`: every figure is a median of many samples taken after a warm-up, and
// competing implementations are sampled in alternation inside one process, so a noisy neighbour on the
// machine slows both sides of a ratio alike.

export const median = (xs: number[]): number => quantile(xs, 0.5);

/** The q-quantile by the nearest-rank rule (p95 of 50 samples is the 48th smallest). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  if (q === 0.5 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const now = () => performance.now();

type Fn = () => unknown;

const isThenable = (x: unknown): x is PromiseLike<unknown> => typeof (x as PromiseLike<unknown> | undefined)?.then === 'function';

/** Runs fn `calls` times; an asynchronous fn is awaited each time (its promise is part of its cost). */
async function repeat(fn: Fn, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const r = fn();
    if (isThenable(r)) await r;
  }
}

/** How many calls one sample makes so that it lasts about `sampleMs` (a timer read costs ~0.1 µs, a call may cost less). */
async function callsPerSample(fn: Fn, sampleMs: number): Promise<number> {
  let calls = 1;
  for (;;) {
    const t0 = now();
    await repeat(fn, calls);
    const took = now() - t0;
    if (took >= sampleMs / 4 || calls >= 1 << 20) return Math.max(1, Math.ceil((calls * sampleMs) / Math.max(took, 1e-3)));
    calls *= 4;
  }
}

export interface CompareOptions {
  /** samples per function (after the warm-up) */
  samples?: number;
  /** the target length of one sample */
  sampleMs?: number;
  /** warm-up time per function before sampling (JIT, inline caches) */
  warmupMs?: number;
}

/** Per function: the median time of one call (ms); and per pair, the median of the per-round ratios. */
export interface Comparison {
  ms: number[];
  /** ratio(i, j): median over rounds of time(i) / time(j), both sampled in the same round */
  ratio(i: number, j: number): number;
}

/**
 * Times several functions side by side: a warm-up, then rounds in which each function runs one sample (in a
 * rotating order), so slow phases of the machine fall on all of them.
 */
export async function compare(fns: Fn[], options: CompareOptions = {}): Promise<Comparison> {
  const { samples = 31, sampleMs = 4, warmupMs = 60 } = options;
  for (const fn of fns) {
    const end = now() + warmupMs;
    while (now() < end) await repeat(fn, 1);
  }
  const calls: number[] = [];
  for (const fn of fns) calls.push(await callsPerSample(fn, sampleMs));
  const perCall: number[][] = fns.map(() => []);
  for (let round = 0; round < samples; round++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (k + round) % fns.length;
      const t0 = now();
      await repeat(fns[i], calls[i]);
      perCall[i].push((now() - t0) / calls[i]);
    }
  }
  return {
    ms: perCall.map(median),
    ratio: (i, j) => median(perCall[i].map((t, r) => t / perCall[j][r])),
  };
}

/** The median time of one call of fn (ms). */
export async function time(fn: Fn, options: CompareOptions = {}): Promise<number> {
  return (await compare([fn], options)).ms[0];
}
