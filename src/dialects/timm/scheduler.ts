import type { Curve, FormulaCurve } from '../../core/curve';
import { curveAt } from '../../core/evaluate';

/**
 * timm's scheduler classes (timm/scheduler/{cosine_lr,tanh_lr,poly_lr,step_lr,multistep_lr}.py, huggingface/
 * pytorch-image-models @aa4b5850, timm 1.0.29) as curves over the scheduler's own counter `t` — epochs, or
 * optimizer updates with `sched_on_updates` (the dialect wraps the epoch case in `perEpoch`).
 *
 * Every class: `_get_lr(t)` is a linear warmup `warmup_lr_init + t · (v − warmup_lr_init) / warmup_t` while
 * `t < warmup_t`, then the decay at `t − warmup_t` (warmup_prefix) or at `t` itself (no prefix: the decay
 * resumes below its peak). The constructor writes `warmup_lr_init` (or the base LR without warmup) into the
 * optimizer, and that value is what the first epoch / first update uses (scheduler.py `update_groups`).
 */
export const TIMM_CURVE_SCHEDULERS = ['cosine', 'tanh', 'step', 'multistep', 'poly'] as const;
export type TimmCurveScheduler = (typeof TIMM_CURVE_SCHEDULERS)[number];

export interface TimmScheduler {
  sched: TimmCurveScheduler;
  /** the optimizer LR the scheduler records as its base value (train.py's args.lr) */
  base: number;
  /** every length below is in the scheduler's counter unit */
  tInitial: number;
  warmupT: number;
  warmupLrInit: number;
  warmupPrefix: boolean;
  lrMin: number;
  cycleMul: number;
  cycleDecay: number;
  cycleLimit: number;
  kDecay: number;
  /** step: decay interval */
  decayT: number;
  /** multistep: milestones */
  milestones: readonly number[];
  /** step/multistep: the factor; poly: the power (create_scheduler_v2 passes decay_rate as `power`) */
  decayRate: number;
}

/** TanhLRScheduler's default bounds (train.py does not expose them). */
const TANH_LB = -7;
const TANH_UB = 3;

const isCycleScheduler = (sched: TimmCurveScheduler) => sched === 'cosine' || sched === 'tanh' || sched === 'poly';

/**
 * `get_cycle_length()` of the cycle schedulers: t_initial × cycles, or the geometric sum with cycle_mul, plus
 * the warmup when warmup_prefix (timm ≥ 1.0.12, commit 363b043c). Step and multistep have none.
 */
export function cycleLength(s: TimmScheduler): number | undefined {
  if (!isCycleScheduler(s.sched)) return undefined;
  const cycles = Math.max(1, s.cycleLimit || 0);
  const t = s.cycleMul === 1
    ? s.tInitial * cycles
    : Math.floor((-s.tInitial * (s.cycleMul ** cycles - 1)) / (1 - s.cycleMul));
  return s.warmupPrefix ? t + s.warmupT : t;
}

/** The LR the scheduler's constructor writes into the optimizer: used by epoch 0 / update 0. */
export function constructorLr(s: TimmScheduler): number {
  return s.warmupT ? s.warmupLrInit : s.base;
}

/** The LR of the scheduler at counter t as train.py drives it: the constructor value at 0, `_get_lr(t)` after. */
export function schedulerCurve(s: TimmScheduler): Curve {
  const getLr = getLrCurve(s);
  const initial = constructorLr(s);
  const atZero = curveAt(getLr, 0);
  // _get_lr(0) equals the constructor value except for tanh without warmup (0.999999 · base) and multistep
  // with a milestone ≤ 1 (bisect_right(milestones, 1) > 0): then the first unit keeps the constructor value.
  if (Math.abs(atZero - initial) <= 1e-12 * Math.abs(initial)) return getLr;
  return { kind: 'sequence', phases: [
    { start: 0, counter: 'global', curve: { kind: 'constant', value: initial } },
    { start: 1, counter: 'global', curve: getLr, label: 'first scheduler step' },
  ] };
}

/** `_get_lr(t)`: warmup, then the decay (shifted by the warmup when warmup_prefix). */
export function getLrCurve(s: TimmScheduler): Curve {
  const decay = decayCurve(s);
  if (!(s.warmupT > 0)) return decay;
  // TanhLRScheduler without prefix warms up to _get_lr(warmup_t), the others to the base LR.
  const target = s.sched === 'tanh' && !s.warmupPrefix ? curveAt(decay, s.warmupT) : s.base;
  return { kind: 'sequence', phases: [
    { start: 0, counter: 'global', curve: { kind: 'linear', from: s.warmupLrInit, to: target, length: s.warmupT } },
    { start: s.warmupT, counter: s.warmupPrefix ? 'local' : 'global', curve: decay, label: 'warmup end' },
  ] };
}

/** The post-warmup part of `_get_lr`, as a function of the (already prefix-shifted) t. */
export function decayCurve(s: TimmScheduler): Curve {
  switch (s.sched) {
    case 'step':
      // lr = v · decay_rate ** (t // decay_t)
      return { kind: 'step', base: s.base, stepSize: s.decayT, gamma: s.decayRate };
    case 'multistep':
      // lr = v · decay_rate ** bisect_right(decay_t, t + 1): every milestone takes effect one unit early
      // (multistep_lr.py get_curr_decay_steps; PRs #2745/#2753 to drop the +1 were closed).
      return { kind: 'multistep', base: s.base, milestones: s.milestones.map(m => m - 1), gamma: s.decayRate };
    case 'cosine':
    case 'poly':
    case 'tanh':
      return cycleDecayCurve(s);
  }
}

function cycleDecayCurve(s: TimmScheduler): Curve {
  const plain = s.cycleMul === 1 && s.kDecay === 1 && Number.isInteger(s.cycleLimit) && s.cycleLimit >= 1;
  if (plain && s.sched === 'cosine') {
    if (s.cycleLimit === 1) return { kind: 'cosine', base: s.base, min: s.lrMin, period: s.tInitial, after: 'hold' };
    return { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: { kind: 'cosineRestarts', base: s.base, min: s.lrMin, firstPeriod: s.tInitial, periodMult: 1, restartDecay: s.cycleDecay } },
      { start: s.tInitial * s.cycleLimit, counter: 'global', curve: { kind: 'constant', value: s.lrMin }, label: 'cycle limit' },
    ] };
  }
  if (plain && s.sched === 'poly' && s.cycleLimit === 1) {
    return { kind: 'polynomial', base: s.base, end: s.lrMin, length: s.tInitial, power: s.decayRate };
  }
  return cycleFormula(s);
}

/**
 * The cycle bookkeeping of cosine_lr.py / tanh_lr.py / poly_lr.py in Python's float arithmetic: with
 * cycle_mul ≠ 1 the cycle index is `floor(math.log(1 − t/T0 · (1 − m), m))`, whose rounding at cycle ends the
 * engine's exact restart cycles would not reproduce; k_decay, tanh and poly cycles have no engine shape.
 */
function cycleFormula(s: TimmScheduler): FormulaCurve {
  const { tInitial: t0, cycleMul: m, kDecay: k } = s;
  const at = (t: number): number => {
    let i: number;
    let tI: number;
    let tCurr: number;
    if (m !== 1) {
      i = Math.floor(Math.log(1 - (t / t0) * (1 - m)) / Math.log(m));
      tI = m ** i * t0;
      tCurr = t - ((1 - m ** i) / (1 - m)) * t0;
    } else {
      i = Math.floor(t / t0);
      tI = t0;
      tCurr = t - t0 * i;
    }
    if (!(i < s.cycleLimit)) return s.lrMin;
    const lrMax = s.base * s.cycleDecay ** i;
    switch (s.sched) {
      case 'tanh': {
        const tr = tCurr / tI;
        return s.lrMin + 0.5 * (lrMax - s.lrMin) * (1 - Math.tanh(TANH_LB * (1 - tr) + TANH_UB * tr));
      }
      case 'poly':
        return s.lrMin + (lrMax - s.lrMin) * (1 - tCurr ** k / tI ** k) ** s.decayRate;
      default:
        return s.lrMin + 0.5 * (lrMax - s.lrMin) * (1 + Math.cos((Math.PI * tCurr ** k) / tI ** k));
    }
  };
  return {
    kind: 'formula',
    name: `timm-${s.sched}-cycles`,
    at,
    // Each cycle decays monotonically; pieces start at the cycle starts (the last one is the cycle limit).
    pieceStarts: (from, to, limit) => {
      const starts: number[] = [];
      for (let cycle = 1; cycle <= Math.max(1, Math.ceil(s.cycleLimit)) && starts.length < limit; cycle++) {
        const start = m === 1 ? cycle * t0 : (t0 * (m ** cycle - 1)) / (m - 1);
        if (start > to) break;
        for (const p of [Math.ceil(start), Math.floor(start) + 1]) if (p > from && p <= to) starts.push(p);
      }
      return starts;
    },
  };
}

/**
 * With cycle_mul < 1 the cycle index takes the log of `1 − t/T0 · (1 − m)`, which reaches 0 at
 * t = T0 / (1 − m): from there on Python raises "math domain error". The first such t, if any.
 */
export function cycleMulDomainEnd(s: TimmScheduler): number | undefined {
  if (!isCycleScheduler(s.sched) || !(s.cycleMul < 1)) return undefined;
  return s.tInitial / (1 - s.cycleMul);
}
