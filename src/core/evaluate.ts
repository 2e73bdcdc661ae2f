import type { Curve, CyclicCurve, OneCycleCurve, SequenceCurve, CosineRestartsCurve, MultiStepCurve } from './curve';

/**
 * The learning rate of `curve` at counter value `s` (an integer ≥ 0). Every shape is a closed form, so the
 * cost does not depend on `s`: a 10^12-update run costs the same as a 10-update one.
 */
export function curveAt(curve: Curve, s: number): number {
  switch (curve.kind) {
    case 'constant':
      return curve.value;
    case 'linear':
      if (s >= curve.length || curve.length <= 0) return curve.to;
      return curve.from + (curve.to - curve.from) * (s / curve.length);
    case 'exponentialRamp': {
      if (s >= curve.length || curve.length <= 0) return curve.to;
      // Math.pow rounds: from 0.999999999999998 to 0.999999999999999 over 11 steps it gives 0.9999999999999991 at
      // one step, past the ramp's end (found by the sampler's property test). A ramp stays between its ends, so the
      // plot's extremes are the ends'.
      const v = curve.from * Math.pow(curve.to / curve.from, s / curve.length);
      return Math.min(Math.max(v, Math.min(curve.from, curve.to)), Math.max(curve.from, curve.to));
    }
    case 'step':
      return curve.base * Math.pow(curve.gamma, Math.floor(s / curve.stepSize));
    case 'multistep':
      return curve.base * Math.pow(curve.gamma, milestonesPassed(curve, s));
    case 'exponential':
      return curve.base * Math.pow(curve.gamma, s);
    case 'cosine':
      if (curve.after === 'hold' && s >= curve.period) return curve.min;
      // Reduce s to one period of the cosine (2·period) first: π·s/period rounds differently in every cycle, so
      // the same point of two cycles differed in the last bits and the plot's peak was not the true one.
      return cosineBlend(curve.min, curve.base, Math.cos((Math.PI * (s % (2 * curve.period))) / curve.period));
    case 'cosineRestarts':
      return cosineRestartsAt(curve, s);
    case 'polynomial':
      if (s >= curve.length) return curve.end;
      return curve.end + (curve.base - curve.end) * Math.pow(1 - s / curve.length, curve.power);
    case 'oneCycle':
      return oneCycleAt(curve, s);
    case 'inverseSqrt':
      return curve.base * Math.sqrt(curve.timescale / (s + curve.offset));
    case 'wsd':
      return wsdAt(curve, s);
    case 'cyclic':
      return cyclicAt(curve, s);
    case 'sequence':
      return sequenceAt(curve, s);
    case 'product': {
      let value = 1;
      for (const factor of curve.factors) value *= curveAt(factor, s);
      return value;
    }
    case 'perEpoch':
      return curveAt(curve.curve, Math.floor(s / curve.stepsPerEpoch));
    case 'shift':
      return curveAt(curve.curve, Math.max(0, s + curve.shift));
    case 'clamp':
      return Math.min(curve.max, Math.max(curve.min, curveAt(curve.curve, s)));
    case 'formula':
      return curve.at(s);
  }
}

// Milestone lists can be long (a user may paste 10^6 of them): sort once per curve, then binary search.
const sortedMilestones = new WeakMap<MultiStepCurve, Float64Array>();
export function sortedMilestonesOf(curve: MultiStepCurve): Float64Array {
  let sorted = sortedMilestones.get(curve);
  if (!sorted) {
    sorted = Float64Array.from(curve.milestones).sort();
    sortedMilestones.set(curve, sorted);
  }
  return sorted;
}

/** How many milestones are ≤ s (Python's bisect_right, which PyTorch's MultiStepLR uses). */
function milestonesPassed(curve: MultiStepCurve, s: number): number {
  const sorted = sortedMilestonesOf(curve);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cycle index, cycle start and cycle length at counter s (PyTorch CosineAnnealingWarmRestarts.step). */
export function restartCycleAt(curve: CosineRestartsCurve, s: number): { cycle: number; start: number; length: number } {
  const { firstPeriod: t0, periodMult: mult } = curve;
  if (mult === 1) {
    const cycle = Math.floor(s / t0);
    return { cycle, start: cycle * t0, length: t0 };
  }
  let cycle = Math.floor(Math.log((s / t0) * (mult - 1) + 1) / Math.log(mult));
  // Guard the float log against landing one cycle off at exact cycle boundaries.
  if (cycleStart(curve, cycle) > s) cycle -= 1;
  else if (cycleStart(curve, cycle + 1) <= s) cycle += 1;
  return { cycle, start: cycleStart(curve, cycle), length: t0 * Math.pow(mult, cycle) };
}

/** The counter value at which restart cycle `cycle` begins: T_0 · (T_mult^cycle − 1) / (T_mult − 1). */
export function cycleStart(curve: CosineRestartsCurve, cycle: number): number {
  const { firstPeriod: t0, periodMult: mult } = curve;
  return mult === 1 ? cycle * t0 : (t0 * (Math.pow(mult, cycle) - 1)) / (mult - 1);
}

function cosineRestartsAt(curve: CosineRestartsCurve, s: number): number {
  const { cycle, start, length } = restartCycleAt(curve, s);
  const peak = curve.base * Math.pow(curve.restartDecay, cycle);
  return cosineBlend(curve.min, peak, Math.cos((Math.PI * (s - start)) / length));
}

/**
 * min + (max − min)·(1 + c)/2 in PyTorch's order, so values match it bit for bit; near 1.8e308 the product
 * overflows where timm's ½·(max − min)·(1 + c) does not, and the LR is finite, so that case halves first.
 */
function cosineBlend(min: number, max: number, c: number): number {
  const value = min + (max - min) * (1 + c) / 2;
  return Number.isFinite(value) ? value : min + (max - min) / 2 * (1 + c);
}

/** PyTorch OneCycleLR.get_lr: phase i covers (anchor i, anchor i+1]; the first phase also covers its start. */
function oneCycleAt(curve: OneCycleCurve, s: number): number {
  const anchors = curve.anchors;
  const last = anchors[anchors.length - 1];
  if (s >= last.step) return last.value;
  for (let i = 0; i + 1 < anchors.length; i++) {
    const from = anchors[i];
    const to = anchors[i + 1];
    if (s <= to.step) {
      const pct = (s - from.step) / (to.step - from.step);
      return curve.anneal === 'cos'
        ? to.value + ((from.value - to.value) / 2) * (1 + Math.cos(Math.PI * pct))
        : (to.value - from.value) * pct + from.value;
    }
  }
  return last.value;
}

function wsdAt(curve: Curve & { kind: 'wsd' }, s: number): number {
  if (s < curve.warmup) return curve.warmupStart + (curve.base - curve.warmupStart) * (s / curve.warmup);
  const decayStart = curve.warmup + curve.stable;
  if (s < decayStart) return curve.base;
  if (s >= decayStart + curve.decay) return curve.min;
  const progress = (s - decayStart) / curve.decay;
  const remaining =
    curve.decayShape === 'linear' ? 1 - progress
    : curve.decayShape === 'cosine' ? (1 + Math.cos(Math.PI * progress)) / 2
    : 1 - Math.sqrt(progress);
  return curve.min + (curve.base - curve.min) * remaining;
}

/** PyTorch CyclicLR.get_lr with scale_mode 'cycle' for triangular modes and 'iterations' for exp_range. */
function cyclicAt(curve: CyclicCurve, s: number): number {
  const total = curve.stepUp + curve.stepDown;
  const stepRatio = curve.stepUp / total;
  const cycle = Math.floor(1 + s / total);
  // PyTorch writes x = 1 + s/total − cycle; the position inside the cycle computed from s − (cycle − 1)·total is
  // the same number without the rounding of s/total, so every cycle repeats bit for bit (exact extremes).
  const x = (s - (cycle - 1) * total) / total;
  const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
  const height = (curve.max - curve.base) * scaleFactor;
  const scale =
    curve.mode === 'triangular' ? 1
    : curve.mode === 'triangular2' ? 1 / Math.pow(2, cycle - 1)
    : Math.pow(curve.gamma, s);
  return curve.base + height * scale;
}

/** Index of the phase active at s: the last one whose start is ≤ s (the first one before any starts). */
export function phaseIndexAt(curve: SequenceCurve, s: number): number {
  const phases = curve.phases;
  let lo = 0;
  let hi = phases.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (phases[mid].start <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function sequenceAt(curve: SequenceCurve, s: number): number {
  const phase = curve.phases[phaseIndexAt(curve, s)];
  // Before the first phase starts, hold its value at 0 (as SequenceCurve documents) for a global counter too:
  // evaluating the curve at s there would run it before its phase begins, and pieces.ts assumes a flat stretch.
  if (s < phase.start) return curveAt(phase.curve, 0);
  return curveAt(phase.curve, phase.counter === 'local' ? Math.max(0, s - phase.start) : s);
}
