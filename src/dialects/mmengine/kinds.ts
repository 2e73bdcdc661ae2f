import type { Curve } from '../../core/curve';
import type { SourceRange } from '../../formats/tree';

/**
 * MMEngine's LR schedulers (mmengine/optim/scheduler/param_scheduler.py, v0.10.7) in two forms:
 * - `stepValue`: the chainable `_get_value` exactly as the scheduler computes it from the group's current LR,
 *   used where several schedulers act on the same LR at the same step;
 * - `continuation`: the closed form of repeating that step while no other scheduler touches the LR, as an
 *   engine curve (the recursions telescope: LinearLR's ratio product is linear in s, CosineAnnealingLR's is
 *   (1 + cos(πs/T)) / (1 + cos(πs0/T)), PolyLR's is ((n − s) / (n − s0))^p).
 * `s` is the scheduler's `last_step`: 0 at `_global_step == begin` (milestones and T_max count from `begin`).
 */
export type MmParams =
  | { kind: 'linear'; startFactor: number; endFactor: number; totalIters: number }
  | { kind: 'constant'; factor: number; totalIters: number }
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'multistep'; milestones: number[]; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'cosine'; tMax: number; etaMin?: number; etaMinRatio?: number }
  | { kind: 'poly'; etaMin: number; power: number; totalIters: number }
  | { kind: 'oneCycle'; totalSteps: number; anchors: { step: number; value: number }[]; anneal: 'cos' | 'linear' }
  | { kind: 'cosineRestart'; periods: number[]; weights: number[]; etaMin?: number; etaMinRatio?: number };

/** One built scheduler: what `Runner._build_param_scheduler` constructed from a `param_scheduler` entry. */
export interface MmScheduler {
  /** the class name as written, e.g. `LinearLR` */
  type: string;
  /** position in the `param_scheduler` list (the order in which they act on the LR) */
  index: number;
  /** after `convert_to_iter_based` */
  byEpoch: boolean;
  /** window [begin, end) in the scheduler's own unit (epochs, or iterations when !byEpoch) */
  begin: number;
  end: number;
  /** the group's `initial_lr` recorded at construction (`base_values`) */
  base: number;
  params: MmParams;
  range: SourceRange;
}

/** Python's `%` (result has the divisor's sign), which the cosine scheduler's special-step test relies on. */
function pyMod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

function etaOf(sch: MmScheduler): number {
  const p = sch.params;
  if (p.kind === 'cosine' || p.kind === 'cosineRestart') return p.etaMinRatio !== undefined ? sch.base * p.etaMinRatio : p.etaMin ?? 0;
  if (p.kind === 'poly') return p.etaMin;
  return 0;
}

/** Counter(milestones)[s]: how many times s is listed (a milestone that is not a whole number never matches). */
function milestoneCount(milestones: number[], s: number): number {
  let count = 0;
  for (const m of milestones) if (m === s) count++;
  return count;
}

/** CosineRestartParamScheduler.get_position_from_periods: the cycle holding step s, if any. */
function restartCycle(periods: number[], s: number): { index: number; start: number } | undefined {
  let start = 0;
  for (let i = 0; i < periods.length; i++) {
    if (s < start + periods[i]) return { index: i, start };
    start += periods[i];
  }
  return undefined;
}

/** OneCycleParamScheduler._get_value: absolute (not chainable); past the last phase it extrapolates. */
export function oneCycleValue(p: Extract<MmParams, { kind: 'oneCycle' }>, s: number): number {
  const anchors = p.anchors;
  for (let i = 1; i < anchors.length; i++) {
    if (s <= anchors[i].step || i === anchors.length - 1) {
      const from = anchors[i - 1];
      const to = anchors[i];
      const pct = (s - from.step) / (to.step - from.step);
      return p.anneal === 'cos'
        ? to.value + ((from.value - to.value) / 2.0) * (Math.cos(Math.PI * pct) + 1)
        : (to.value - from.value) * pct + from.value;
    }
  }
  return anchors[anchors.length - 1].value;
}

/** The LR after this scheduler's step number `s` (its `_get_value`), given the group's LR before it. */
export function stepValue(sch: MmScheduler, s: number, lr: number): number {
  const p = sch.params;
  switch (p.kind) {
    case 'linear':
      if (s === 0) return lr * p.startFactor;
      return lr * (1 + (p.endFactor - p.startFactor) / (p.totalIters * p.startFactor + (s - 1) * (p.endFactor - p.startFactor)));
    case 'constant':
      if (s === 0) return lr * p.factor;
      return s === p.totalIters ? lr * (1.0 / p.factor) : lr;
    case 'step':
      return s === 0 || s % p.stepSize !== 0 ? lr : lr * p.gamma;
    case 'multistep': {
      const count = milestoneCount(p.milestones, s);
      return count === 0 ? lr : lr * Math.pow(p.gamma, count);
    }
    case 'exponential':
      return s === 0 ? lr : lr * p.gamma;
    case 'cosine': {
      const eta = etaOf(sch);
      if (s === 0) return lr;
      // The recursion would divide by 1 + cos(π) = 0 one step after T_max: MMEngine adds a fixed increment
      // there instead, computed from the scheduler's base_value (not the current LR).
      if (pyMod(s - 1 - p.tMax, 2 * p.tMax) === 0) return lr + ((sch.base - eta) * (1 - Math.cos(Math.PI / p.tMax))) / 2;
      return ((1 + Math.cos((Math.PI * s) / p.tMax)) / (1 + Math.cos((Math.PI * (s - 1)) / p.tMax))) * (lr - eta) + eta;
    }
    case 'poly':
      if (s === 0) return lr;
      return (lr - p.etaMin) * Math.pow(1 - 1 / (p.totalIters - s + 1), p.power) + p.etaMin;
    case 'oneCycle':
      return oneCycleValue(p, s);
    case 'cosineRestart': {
      const cycle = restartCycle(p.periods, s);
      if (!cycle) return lr;
      const eta = etaOf(sch);
      const q = s - cycle.start;
      const period = p.periods[cycle.index];
      if (q === 0) return sch.base * p.weights[cycle.index];
      return ((1 + Math.cos((Math.PI * q) / period)) / (1 + Math.cos((Math.PI * (q - 1)) / period))) * (lr - eta) + eta;
    }
  }
}

/**
 * Local steps in (from, to] at which `continuation` must be restarted from `stepValue`: CosineAnnealingLR's
 * special step after each half period, CosineRestartLR's restarts and its freeze after the last period,
 * OneCycleLR's extrapolated step at `total_steps`.
 */
export function restartSteps(sch: MmScheduler, from: number, to: number, limit: number): number[] {
  const p = sch.params;
  const out: number[] = [];
  if (p.kind === 'cosine') {
    for (let k = Math.max(0, Math.ceil((from - p.tMax - 1) / (2 * p.tMax))); out.length < limit; k++) {
      const s = p.tMax + 1 + 2 * k * p.tMax;
      if (s > to) break;
      if (s > from) out.push(s);
    }
  } else if (p.kind === 'cosineRestart') {
    let start = 0;
    for (const period of p.periods) {
      start += period;
      if (start > from && start <= to) out.push(start);
    }
  } else if (p.kind === 'oneCycle') {
    if (p.totalSteps > from && p.totalSteps <= to) out.push(p.totalSteps);
  }
  return out;
}

/**
 * True when every step up to `lastStep` multiplies the LR by a factor that depends on s only, so the LR is
 * base × Π factors whatever else acts on it. Not so for OneCycleLR (absolute values), CosineRestartLR
 * (restarts at base × weight), a nonzero eta_min, or CosineAnnealingLR past T_max + 1 (adds an increment).
 */
export function isMultiplicative(sch: MmScheduler, lastStep: number): boolean {
  const p = sch.params;
  if (p.kind === 'oneCycle' || p.kind === 'cosineRestart') return false;
  if (p.kind === 'cosine') return etaOf(sch) === 0 && lastStep < p.tMax + 1;
  if (p.kind === 'poly') return p.etaMin === 0;
  return true;
}

/** The same, for steps strictly between two `restartSteps` (inside one restart cycle). */
export function isMultiplicativeBetweenRestarts(sch: MmScheduler): boolean {
  return sch.params.kind !== 'oneCycle' && etaOf(sch) === 0;
}

const constant = (value: number): Curve => ({ kind: 'constant', value });
const shifted = (shift: number, curve: Curve): Curve => (shift === 0 ? curve : { kind: 'shift', shift, curve });

/**
 * The LR at local step s0 + j (j ≥ 0) when it was `v0` right after step s0 and only this scheduler steps
 * until then, with no `restartSteps` in between. For a multiplicative scheduler with v0 = 1 this is the
 * factor g(s0 + j) / g(s0).
 */
export function continuation(sch: MmScheduler, s0: number, v0: number): Curve {
  const p = sch.params;
  switch (p.kind) {
    case 'linear': {
      const remaining = p.totalIters - s0;
      if (remaining <= 0) return constant(v0);
      const factorAtS0 = p.startFactor + ((p.endFactor - p.startFactor) * s0) / p.totalIters;
      return { kind: 'linear', from: v0, to: factorAtS0 === 0 ? 0 : (v0 * p.endFactor) / factorAtS0, length: remaining };
    }
    case 'constant':
      if (s0 >= p.totalIters || p.factor === 0) return constant(v0);
      return { kind: 'multistep', base: v0, milestones: [p.totalIters - s0], gamma: 1.0 / p.factor };
    case 'step':
      return shifted(s0 % p.stepSize, { kind: 'step', base: v0, stepSize: p.stepSize, gamma: p.gamma });
    case 'multistep': {
      const ahead = p.milestones.filter(m => m > s0 && Number.isInteger(m)).map(m => m - s0);
      return ahead.length ? { kind: 'multistep', base: v0, milestones: ahead, gamma: p.gamma } : constant(v0);
    }
    case 'exponential':
      return { kind: 'exponential', base: v0, gamma: p.gamma };
    case 'cosine': {
      const eta = etaOf(sch);
      const c0 = 1 + Math.cos((Math.PI * s0) / p.tMax);
      if (Math.abs(c0) < 1e-300) return constant(v0);
      return shifted(s0, { kind: 'cosine', base: eta + (2 * (v0 - eta)) / c0, min: eta, period: p.tMax, after: 'periodic' });
    }
    case 'poly': {
      const remaining = p.totalIters - s0;
      if (remaining <= 0) return constant(v0);
      return { kind: 'polynomial', base: v0, end: p.etaMin, length: remaining, power: p.power };
    }
    case 'oneCycle': {
      if (s0 >= p.totalSteps) return constant(v0);
      const cycle = shifted(s0, { kind: 'oneCycle', anchors: p.anchors, anneal: p.anneal });
      // Absolute values: its own step sets the LR, but schedulers listed after it may have changed v0 since.
      if (v0 === oneCycleValue(p, s0)) return cycle;
      return { kind: 'sequence', phases: [{ start: 0, counter: 'global', curve: constant(v0) }, { start: 1, counter: 'global', curve: cycle }] };
    }
    case 'cosineRestart': {
      const cycle = restartCycle(p.periods, s0);
      if (!cycle) return constant(v0);
      const eta = etaOf(sch);
      const q0 = s0 - cycle.start;
      const period = p.periods[cycle.index];
      const c0 = 1 + Math.cos((Math.PI * q0) / period);
      return shifted(q0, { kind: 'cosine', base: eta + (2 * (v0 - eta)) / c0, min: eta, period, after: 'periodic' });
    }
  }
}

/** Whether the continuation from step 0 stays at its last in-window value once the window has ended. */
export function holdsAfter(sch: MmScheduler, lastStep: number): boolean {
  const p = sch.params;
  switch (p.kind) {
    case 'linear':
    case 'constant':
    case 'poly':
      return lastStep >= p.totalIters;
    case 'multistep':
      return !p.milestones.some(m => m > lastStep);
    case 'oneCycle':
      return lastStep >= p.totalSteps - 1;
    default:
      return false;
  }
}
