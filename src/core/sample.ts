import type { Curve } from './curve';
import { curveAt } from './evaluate';
import { pieceStarts } from './pieces';
import type { Marker, Schedule } from './schedule';

export interface SamplePoint {
  update: number;
  lr: number;
}

export interface Samples {
  points: SamplePoint[];
  /** the markers that fall inside the run (all of them are among `points`) */
  markers: Marker[];
}

export const DEFAULT_SAMPLE_POINTS = 2000;
/** Piece starts examined per bucket; a periodic curve with more inside one bucket is searched instead. */
const PIECES_PER_BUCKET = 32;
/**
 * Updates one sample may evaluate one by one in buckets that hold more than PIECES_PER_BUCKET pieces. Such a
 * bucket has no listed piece ends to rely on, and a search can miss the extreme of a sawtooth (a restart
 * schedule with a decay, a product of two periodic curves); runs up to this many updates are therefore exact.
 */
const SCAN_BUDGET = 1 << 17;

/** The LR of optimizer update t (0-based). */
export function lrAt(schedule: Schedule, update: number): number {
  return curveAt(schedule.curve, update);
}

/**
 * At most `maxPoints` points of the curve for a plot: every breakpoint, the first and last update, and in
 * each of the equal buckets between them the true minimum and maximum, so nothing the user must see (a
 * spike, a restart, the end of warmup) is lost however large N is. The work is O(maxPoints), not O(N).
 * `maxPoints` must be at least 2 (the first and last update); extremes are kept from 5 on. The result is shared
 * by every caller that samples the same schedule: read it, never change it.
 */
export function sampleSchedule(schedule: Schedule, maxPoints = DEFAULT_SAMPLE_POINTS): Samples {
  // One keystroke samples the same schedule several times (the checks, the CodeLens summary, the plot): the
  // first result is shared. It is checked against the parts it was computed from, in case a reader changed them.
  const cached = sampled.get(schedule)?.find(e => e.maxPoints === maxPoints && e.curve === schedule.curve
    && e.totalUpdates === schedule.totalUpdates && e.markers === schedule.markers);
  if (cached) return cached.samples;
  const samples = computeSamples(schedule, maxPoints);
  const entries = sampled.get(schedule) ?? [];
  entries.push({ maxPoints, curve: schedule.curve, totalUpdates: schedule.totalUpdates, markers: schedule.markers, samples });
  sampled.set(schedule, entries);
  return samples;
}

/** Samples by schedule; weak, so an analysis the editor dropped takes its samples with it. */
const sampled = new WeakMap<Schedule, { maxPoints: number; curve: Curve; totalUpdates: number; markers: Schedule['markers']; samples: Samples }[]>();

function computeSamples(schedule: Schedule, maxPoints: number): Samples {
  const n = schedule.totalUpdates;
  const last = n - 1;
  const inside = schedule.markers.filter(m => m.update >= 0 && m.update <= last);
  if (n <= 0) return { points: [], markers: [] };
  if (n <= maxPoints) {
    const points: SamplePoint[] = new Array(n);
    for (let t = 0; t < n; t++) points[t] = { update: t, lr: curveAt(schedule.curve, t) };
    return { points, markers: inside };
  }
  // Breakpoints first (at most a quarter of the budget, spread evenly when there are more).
  const markerBudget = Math.floor(maxPoints / 4);
  const markers = inside.length <= markerBudget ? inside : evenlyPick(inside, markerBudget);
  // The forced updates (first, last, breakpoints), sorted and distinct; then each bucket's extremes, which
  // come in order (the buckets do) with the LR the search already computed. Merging the two sorted lists
  // replaces a set, a typed array built from its iterator and a sort: a fifth of the sampler's time.
  const forced = Float64Array.from([0, last, ...markers.map(m => m.update)]).sort();
  let distinct = 0;
  for (let i = 0; i < forced.length; i++) if (i === 0 || forced[i] !== forced[i - 1]) forced[distinct++] = forced[i];
  // No Math.max(1, …) here: with maxPoints < 5 one forced bucket added two points past the limit.
  const buckets = Math.floor((maxPoints - distinct) / 2);
  const scanUpTo = Math.floor(SCAN_BUDGET / Math.max(1, buckets));
  // Piece starts are where the curve may turn, whatever range asks for them: when the whole run has few and
  // every piece is monotone, one list serves all buckets, which then need no search of their own (asking
  // per bucket cost more than evaluating the curve).
  const run = pieceStarts(schedule.curve, 0, last, 4 * maxPoints);
  const starts = !run.truncated && run.monotone ? run.starts : undefined;
  let next = 0; // the first of `starts` past the bucket's first update
  const found: SamplePoint[] = [];
  for (let i = 0; i < buckets; i++) {
    const a = Math.floor((i * n) / buckets);
    const b = Math.floor(((i + 1) * n) / buckets) - 1;
    if (b < a) continue;
    let extremes: { minAt: number; maxAt: number; min: number; max: number };
    if (starts) {
      while (next < starts.length && starts[next] <= a) next++;
      extremes = extremesAtPieceEnds(schedule.curve, a, b, starts, next);
    } else {
      extremes = extremesIn(schedule.curve, a, b, scanUpTo);
    }
    const { minAt, maxAt, min, max } = extremes;
    if (minAt < maxAt) found.push({ update: minAt, lr: min }, { update: maxAt, lr: max });
    else if (maxAt < minAt) found.push({ update: maxAt, lr: max }, { update: minAt, lr: min });
    else found.push({ update: minAt, lr: min });
  }
  const points: SamplePoint[] = [];
  let j = 0;
  for (let i = 0; i < distinct; i++) {
    const update = forced[i];
    while (j < found.length && found[j].update < update) points.push(found[j++]);
    if (j < found.length && found[j].update === update) points.push(found[j++]);
    else points.push({ update, lr: curveAt(schedule.curve, update) });
  }
  while (j < found.length) points.push(found[j++]);
  return { points, markers };
}

/**
 * extremesIn for a range whose monotone pieces are known: `starts[from…]` up to b are the pieces starting
 * inside (a, b], so the extremes are among a, b and the two ends of each piece boundary.
 */
function extremesAtPieceEnds(curve: Curve, a: number, b: number, starts: number[], from: number): { minAt: number; maxAt: number; min: number; max: number } {
  let minAt = a;
  let maxAt = a;
  let min = curveAt(curve, a);
  let max = min;
  // In increasing order, and only a strictly smaller or larger value moves an extreme: ties keep the first.
  const consider = (t: number) => {
    const v = curveAt(curve, t);
    if (v < min) { min = v; minAt = t; }
    if (v > max) { max = v; maxAt = t; }
  };
  for (let k = from; k < starts.length && starts[k] <= b; k++) {
    if (starts[k] - 1 > a && (k === from || starts[k] - 1 > starts[k - 1])) consider(starts[k] - 1);
    consider(starts[k]);
  }
  if (b > a) consider(b);
  return { minAt, maxAt, min, max };
}

function evenlyPick<T>(items: T[], count: number): T[] {
  const picked: T[] = [];
  for (let i = 0; i < count; i++) picked.push(items[Math.floor((i * items.length) / count)]);
  return picked;
}

/**
 * Where in [a, b] the curve takes its minimum and maximum (the first such update for ties). A range with more
 * monotone pieces than are listed is scanned update by update when it has at most `scanUpTo` updates.
 */
export function extremesIn(curve: Curve, a: number, b: number, scanUpTo = 0): { minAt: number; maxAt: number; min: number; max: number } {
  const pieces = pieceStarts(curve, a, b, PIECES_PER_BUCKET);
  let minAt = a;
  let maxAt = a;
  let min = curveAt(curve, a);
  let max = min;
  const consider = (t: number) => {
    const v = curveAt(curve, t);
    if (v < min) { min = v; minAt = t; }
    if (v > max) { max = v; maxAt = t; }
  };
  if (pieces.truncated && b - a + 1 <= scanUpTo) {
    for (let t = a + 1; t <= b; t++) consider(t);
    return { minAt, maxAt, min, max };
  }
  const bounds = [a, ...pieces.starts];
  let unlisted = -1; // the piece whose inner starts are not listed
  let tailMonotone = true;
  if (pieces.truncated) {
    // The listed starts cover the bucket's first cycles only. Cycles whose height decays or grows (triangular2,
    // exp_range, restarts with a decay) have their extremes in the first or the last cycles, so list the
    // bucket's last pieces too; only the stretch between the two lists is left to the search.
    const lastListed = bounds[bounds.length - 1];
    const tailFrom = tailStart(curve, lastListed, b);
    unlisted = bounds.length - 1;
    if (tailFrom > lastListed) {
      const tail = pieceStarts(curve, tailFrom, b, PIECES_PER_BUCKET);
      tailMonotone = tail.monotone && !tail.truncated;
      bounds.push(tailFrom, ...tail.starts);
    }
  }
  bounds.push(b + 1);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i];
    const hi = bounds[i + 1] - 1;
    if (hi < lo) continue;
    consider(lo);
    consider(hi);
    const monotone = unlisted < 0 || i < unlisted ? pieces.monotone : i === unlisted ? false : tailMonotone;
    if (!monotone) {
      // Not known to be monotone here: a unimodal search finds an interior peak or valley.
      consider(unimodalSearch(curve, lo, hi, +1));
      consider(unimodalSearch(curve, lo, hi, -1));
    }
  }
  return { minAt, maxAt, min, max };
}

/** The start of the longest window (lo, b] ending at b, doubling in size, whose piece starts all fit the limit. */
function tailStart(curve: Curve, lo: number, b: number): number {
  let width = 1;
  while (b - 2 * width > lo && !pieceStarts(curve, b - 2 * width, b, PIECES_PER_BUCKET).truncated) width *= 2;
  return Math.max(lo, b - width);
}

/** Integer ternary search for the maximum (sign +1) or minimum (sign −1) of a unimodal stretch. */
function unimodalSearch(curve: Curve, lo: number, hi: number, sign: 1 | -1): number {
  while (hi - lo > 2) {
    const m1 = lo + Math.floor((hi - lo) / 3);
    const m2 = hi - Math.floor((hi - lo) / 3);
    if (sign * curveAt(curve, m1) < sign * curveAt(curve, m2)) lo = m1 + 1;
    else hi = m2 - 1;
  }
  let best = lo;
  for (let t = lo + 1; t <= hi; t++) if (sign * curveAt(curve, t) > sign * curveAt(curve, best)) best = t;
  return best;
}
