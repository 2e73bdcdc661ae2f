import type { Curve } from './curve';
import { curveAt, cycleStart, phaseIndexAt, restartCycleAt, sortedMilestonesOf } from './evaluate';

/**
 * Where a curve's monotone pieces start inside [from, to] (integers). Between two consecutive starts (and
 * from `from` to the first, from the last to `to`) the curve is monotone over the integers, so a range's
 * true minimum and maximum lie at piece ends: this is what lets the sampler keep every extreme without
 * visiting every update. `monotone: false` means some piece may not be (an unknown formula, a product of a
 * rising and a falling factor) and the caller must search inside it. `truncated` means more than `limit`
 * starts exist (a short periodic curve over a huge range).
 */
export interface Pieces {
  starts: number[];
  monotone: boolean;
  truncated: boolean;
}

const NONE: Pieces = { starts: [], monotone: true, truncated: false };

/**
 * With `jumps`, pieces also break where a curve that is monotone over the whole counter jumps (step,
 * multistep, epoch boundaries) or stops moving (the end of a ramp): a product needs these, because a falling
 * staircase times a rising ramp is monotone between the jumps but a sawtooth across them (found by the
 * sampler's brute-force property test: a milestone inside a warmup, a per-epoch decay times a restart cycle).
 */
export function pieceStarts(curve: Curve, from: number, to: number, limit: number, jumps = false): Pieces {
  if (to <= from) return NONE;
  switch (curve.kind) {
    case 'constant':
    case 'exponential':
    case 'inverseSqrt':
      return NONE;
    case 'step':
      return jumps ? multiples([0], curve.stepSize, from, to, limit) : NONE;
    case 'multistep': {
      if (!jumps) return NONE;
      const starts: number[] = [];
      const sorted = sortedMilestonesOf(curve);
      let lo = 0; // first milestone > from − 1 (binary search: lists may be long)
      for (let hi = sorted.length; lo < hi;) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] <= from - 1) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length; i++) {
        const m = sorted[i];
        if (m > to) break;
        addBoundary(starts, m, from, to);
        if (starts.length > limit) return { starts: uniqueSorted(starts).slice(0, limit), monotone: true, truncated: true };
      }
      return { starts: uniqueSorted(starts), monotone: true, truncated: false };
    }
    case 'polynomial':
    case 'linear':
    case 'exponentialRamp': {
      // Monotone over the whole counter (a ramp that then holds its target never turns back).
      if (!jumps) return NONE;
      const starts: number[] = [];
      addBoundary(starts, curve.length, from, to);
      return { starts, monotone: true, truncated: false };
    }
    case 'cosine':
      if (curve.after === 'hold') {
        if (!jumps) return NONE;
        const starts: number[] = [];
        addBoundary(starts, curve.period, from, to);
        return { starts, monotone: true, truncated: false };
      }
      return multiples([0], curve.period, from, to, limit);
    case 'cosineRestarts': {
      const starts: number[] = [];
      let { cycle } = restartCycleAt(curve, from);
      for (;;) {
        // past 2^53 cycles (HF num_cycles: 1e308) cycle + 1 is cycle again: no boundary could be told apart
        if (cycle + 1 === cycle) return { starts, monotone: true, truncated: true };
        cycle += 1;
        const start = cycleStart(curve, cycle);
        if (start > to) break;
        if (starts.length >= limit) return { starts, monotone: true, truncated: true };
        addBoundary(starts, start, from, to);
      }
      return { starts, monotone: true, truncated: false };
    }
    case 'oneCycle': {
      const starts: number[] = [];
      for (const anchor of curve.anchors) addBoundary(starts, anchor.step, from, to);
      return { starts: uniqueSorted(starts), monotone: true, truncated: false };
    }
    case 'wsd': {
      const starts: number[] = [];
      for (const at of [curve.warmup, curve.warmup + curve.stable, curve.warmup + curve.stable + curve.decay]) {
        addBoundary(starts, at, from, to);
      }
      return { starts: uniqueSorted(starts), monotone: true, truncated: false };
    }
    case 'cyclic': {
      const total = curve.stepUp + curve.stepDown;
      const offsets = [0, curve.stepUp];
      // exp_range multiplies the triangle by gamma^s, so a side is not monotone when the factor wins: within a
      // cycle the rising side is ∝ u·gamma^u, which turns at u = −1/ln(gamma) (gamma < 1), and the falling side
      // ∝ (total − u)·gamma^u turns at u = total − 1/ln(gamma) (gamma > 1). Found by the brute-force property
      // test: stepUp 12, gamma 0.9 peaks at u ≈ 9.5, not at the cycle's top.
      if (curve.mode === 'exp_range' && curve.gamma > 0 && curve.gamma !== 1) {
        const turn = curve.gamma < 1 ? -1 / Math.log(curve.gamma) : total - 1 / Math.log(curve.gamma);
        if (turn > 0 && turn < total) offsets.push(turn);
      }
      return multiples(offsets, total, from, to, limit);
    }
    case 'sequence':
      return sequencePieces(curve, from, to, limit, jumps);
    case 'product':
      return productPieces(curve.factors, from, to, limit);
    case 'perEpoch': {
      const spe = curve.stepsPerEpoch;
      const firstEpoch = Math.floor(from / spe);
      const lastEpoch = Math.floor(to / spe);
      if (jumps && curveAt(curve.curve, firstEpoch) !== curveAt(curve.curve, lastEpoch)) {
        // Every epoch boundary is a jump of the staircase.
        return multiples([0], spe, from, to, limit);
      }
      const inner = pieceStarts(curve.curve, firstEpoch, lastEpoch, limit, jumps);
      return { ...inner, starts: inner.starts.map(p => p * spe).filter(p => p > from && p <= to) };
    }
    case 'shift': {
      const innerFrom = Math.max(0, from + curve.shift);
      const inner = pieceStarts(curve.curve, innerFrom, Math.max(innerFrom, to + curve.shift), limit, jumps);
      const starts = inner.starts.map(p => p - curve.shift);
      // The clamp at 0 holds the curve's first value until the shift is used up.
      if (from + curve.shift < 0) addBoundary(starts, -curve.shift, from, to);
      return { ...inner, starts: uniqueSorted(starts) };
    }
    case 'clamp':
      return pieceStarts(curve.curve, from, to, limit, jumps);
    case 'formula':
      if (!curve.pieceStarts) return { starts: [], monotone: false, truncated: false };
      return { starts: uniqueSorted(curve.pieceStarts(from, to, limit)), monotone: true, truncated: false };
  }
}


/** Adds the integer start(s) of the piece that begins after a possibly fractional boundary `at`. */
function addBoundary(starts: number[], at: number, from: number, to: number): void {
  for (const p of [Math.ceil(at), Math.floor(at) + 1]) {
    if (p > from && p <= to) starts.push(p);
  }
}

/** Boundaries at k · period + offset for every offset, inside (from, to]. */
function multiples(offsets: number[], period: number, from: number, to: number, limit: number): Pieces {
  const starts: number[] = [];
  for (let k = Math.max(0, Math.floor(from / period) - 1); k * period <= to + period; k++) {
    for (const offset of offsets) addBoundary(starts, k * period + offset, from, to);
    if (starts.length > limit) return { starts: uniqueSorted(starts).slice(0, limit), monotone: true, truncated: true };
  }
  return { starts: uniqueSorted(starts), monotone: true, truncated: false };
}

function sequencePieces(curve: Curve & { kind: 'sequence' }, from: number, to: number, limit: number, jumps: boolean): Pieces {
  const starts: number[] = [];
  let monotone = true;
  let truncated = false;
  const first = phaseIndexAt(curve, from);
  for (let i = first; i < curve.phases.length; i++) {
    const phase = curve.phases[i];
    if (phase.start > to) break;
    const spanFrom = Math.max(from, phase.start);
    const nextStart = i + 1 < curve.phases.length ? curve.phases[i + 1].start : Infinity;
    const spanTo = Math.min(to, nextStart - 1);
    if (phase.start > from) starts.push(phase.start);
    const offset = phase.counter === 'local' ? phase.start : 0;
    const innerFrom = Math.max(0, spanFrom - offset);
    const inner = pieceStarts(phase.curve, innerFrom, Math.max(innerFrom, spanTo - offset), limit, jumps);
    for (const p of inner.starts) starts.push(p + offset);
    monotone &&= inner.monotone;
    // A truncated phase lists its first starts only: later phases' starts would make the unlisted stretch look
    // like one monotone piece (the sampler searches only after the last listed start).
    if (inner.truncated) return { starts: uniqueSorted(starts), monotone, truncated: true };
    if (starts.length > limit) return { starts: uniqueSorted(starts).slice(0, limit), monotone, truncated: true };
  }
  return { starts: uniqueSorted(starts), monotone, truncated };
}

/**
 * A product of monotone factors is monotone on a piece when no factor is negative and all factors that move
 * move the same way; otherwise (detectron2's rising warmup factor × a falling cosine) the piece is flagged.
 */
function productPieces(factors: Curve[], from: number, to: number, limit: number): Pieces {
  const all: number[] = [];
  let monotone = true;
  let truncated = false;
  // A truncated factor lists its first starts only; past its last listed start (the frontier) another factor's
  // starts would make the unlisted stretch look monotone, so the product's list stops at the nearest frontier.
  let frontier = Infinity;
  for (const factor of factors) {
    const inner = pieceStarts(factor, from, to, limit, true);
    all.push(...inner.starts);
    monotone &&= inner.monotone;
    if (inner.truncated) {
      truncated = true;
      frontier = Math.min(frontier, inner.starts.length ? inner.starts[inner.starts.length - 1] : from);
    }
  }
  const starts = uniqueSorted(all.filter(p => p <= frontier));
  if (monotone) {
    const bounds = [from, ...starts, truncated ? frontier : to + 1];
    for (let i = 0; i + 1 < bounds.length && monotone; i++) {
      monotone = factorsAgree(factors, bounds[i], bounds[i + 1] - 1);
    }
  }
  return { starts, monotone, truncated };
}

function factorsAgree(factors: Curve[], a: number, b: number): boolean {
  let direction = 0;
  for (const factor of factors) {
    const va = curveAt(factor, a);
    const vb = curveAt(factor, b);
    if (va < 0 || vb < 0) return false;
    const d = Math.sign(vb - va);
    if (d === 0) continue;
    if (direction !== 0 && d !== direction) return false;
    direction = d;
  }
  return true;
}

export function uniqueSorted(values: number[]): number[] {
  values.sort((x, y) => x - y);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[i - 1]) values[n++] = values[i];
  }
  values.length = n;
  return values;
}
