import type { Curve, SequencePhase } from '../../core/curve';

/**
 * detectron2's iteration schedule (`solver/build.py::build_lr_scheduler`, detectron2 main @02b5c4e2 with fvcore
 * 0.1.6 `common/param_scheduler.py`): `LRMultiplier` sets lr = BASE_LR × multiplier(t / MAX_ITER) at iteration t
 * (construction evaluates t = 0, `hooks.LRScheduler.after_step` steps after every iteration), where the multiplier
 * is a `WarmupParamScheduler`, i.e. a `CompositeParamScheduler` of [warm-up ("rescaled"), main ("fixed", or
 * "rescaled" with RESCALE_INTERVAL)] with lengths [L, 1 − L], L = min(WARMUP_ITERS / MAX_ITER, 1).
 *
 * The functions below restate fvcore's float arithmetic step by step so that boundaries (the `+ 1e-6` of
 * `WHERE_EPSILON`, `int()` truncation) land on the same iteration as in Python; the curve is then built from
 * engine shapes with those boundaries.
 */

export const D2_SCHEDULERS = ['WarmupMultiStepLR', 'WarmupCosineLR', 'WarmupStepWithFixedGammaLR'] as const;
export type D2Scheduler = (typeof D2_SCHEDULERS)[number];
export const D2_WARMUP_METHODS = ['linear', 'constant'] as const;

/** fvcore `ParamScheduler.WHERE_EPSILON`. */
const WHERE_EPSILON = 1e-6;

export interface SolverConfig {
  /** detectron2's own, or a project's (D2_PROJECT_SCHEDULERS, drawn by its own function) */
  name: D2Scheduler | 'WarmupPolyLR';
  baseLr: number;
  baseLrEnd: number;
  maxIter: number;
  /** STEPS after dropping those beyond MAX_ITER (build_lr_scheduler's filter) */
  steps: number[];
  gamma: number;
  numDecays: number;
  warmupFactor: number;
  warmupIters: number;
  warmupMethod: (typeof D2_WARMUP_METHODS)[number];
  rescaleInterval: boolean;
}

/** Python 3 `round()` on a float: round half to even (`round(2.5) == 2`). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface ScalableSolver {
  imsPerBatch: number;
  baseLr: number;
  maxIter: number;
  warmupIters: number;
  steps: number[];
}

/**
 * `DefaultTrainer.auto_scale_workers(cfg, world_size)` (engine/defaults.py): with REFERENCE_WORLD_SIZE ≠ 0 and
 * ≠ world_size, scale = world_size / reference; IMS_PER_BATCH = int(round(ims × scale)), BASE_LR × scale (linear
 * scaling rule), MAX_ITER, WARMUP_ITERS and every STEP = int(round(x / scale)). BASE_LR_END and WARMUP_FACTOR are
 * not scaled. Python's round is half-to-even.
 */
export function autoScale(solver: ScalableSolver, referenceWorldSize: number, worldSize: number): ScalableSolver & { scale: number } {
  if (referenceWorldSize === 0 || referenceWorldSize === worldSize) return { ...solver, scale: 1 };
  const scale = worldSize / referenceWorldSize;
  return {
    scale,
    imsPerBatch: roundHalfEven(solver.imsPerBatch * scale),
    baseLr: solver.baseLr * scale,
    maxIter: roundHalfEven(solver.maxIter / scale),
    warmupIters: roundHalfEven(solver.warmupIters / scale),
    steps: solver.steps.map(s => roundHalfEven(s / scale)),
  };
}

/** Python's bisect_right: how many sorted values are ≤ x. */
function bisectRight(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The main scheduler's stage index at `where` for the step-like schedulers (fvcore MultiStepParamScheduler:
 * bisect_right(milestones, int((where + ε) × num_updates)); StepWithFixedGammaParamScheduler → StepParamScheduler:
 * int((where + ε) × (NUM_DECAYS + 1))). undefined for the cosine.
 */
function stageAt(cfg: SolverConfig, where: number): number | undefined {
  if (cfg.name === 'WarmupMultiStepLR') return bisectRight(cfg.steps, Math.trunc((where + WHERE_EPSILON) * cfg.maxIter));
  if (cfg.name === 'WarmupStepWithFixedGammaLR') return Math.trunc((where + WHERE_EPSILON) * (cfg.numDecays + 1));
  return undefined;
}

/** The stage values: GAMMA ** k for MultiStep; repeated × gamma for StepWithFixedGamma (as fvcore builds them). */
function stageValues(cfg: SolverConfig): number[] {
  if (cfg.name === 'WarmupMultiStepLR') return Array.from({ length: cfg.steps.length + 1 }, (_, k) => Math.pow(cfg.gamma, k));
  const values = [1.0];
  for (let k = 0; k < cfg.numDecays; k++) values.push(values[values.length - 1] * cfg.gamma);
  return values;
}

/** The main scheduler M(where) (a factor of BASE_LR); NaN where fvcore raises IndexError, and for a project's scheduler. */
export function mainMultiplier(cfg: SolverConfig, where: number): number {
  if (cfg.name === 'WarmupPolyLR') return NaN;
  if (cfg.name === 'WarmupCosineLR') {
    const end = cfg.baseLrEnd / cfg.baseLr;
    return end + 0.5 * (1 - end) * (1 + Math.cos(Math.PI * where));
  }
  const value = stageValues(cfg)[stageAt(cfg, where)!];
  return value === undefined ? NaN : value;
}

/** WarmupParamScheduler's pieces: L, the warm-up start and end values, and the main part's local `where`. */
function composite(cfg: SolverConfig) {
  const warmupLength = Math.min(cfg.warmupIters / cfg.maxIter, 1.0);
  const mainLength = 1 - warmupLength;
  const start = cfg.warmupFactor * mainMultiplier(cfg, 0.0);
  // Without RESCALE_INTERVAL the warm-up ramps to the main schedule's value at the warm-up end, not to M(0).
  const end = cfg.rescaleInterval ? mainMultiplier(cfg, 0.0) : mainMultiplier(cfg, warmupLength);
  const inWarmup = (where: number) => !(where + WHERE_EPSILON > warmupLength);
  const mainWhere = (where: number) => {
    if (!cfg.rescaleInterval) return where;
    const runningTotal = warmupLength + mainLength;
    return (where - (runningTotal - mainLength)) / mainLength;
  };
  return { warmupLength, start, end, inWarmup, mainWhere };
}

/** The full multiplier at iteration t, exactly as `LRMultiplier.get_lr` computes it (for tests and checks). */
export function multiplierAt(cfg: SolverConfig, t: number): number {
  const { warmupLength, start, end, inWarmup, mainWhere } = composite(cfg);
  const where = t / cfg.maxIter;
  if (inWarmup(where)) {
    if (cfg.warmupMethod === 'constant') return start;
    const w = where / warmupLength;
    return end * w + start * (1 - w);
  }
  return mainMultiplier(cfg, mainWhere(where));
}

/** The first integer t in [lo, hi] where a monotone predicate holds (hi + 1 when it never does). */
function firstWhere(lo: number, hi: number, holds: (t: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (holds(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

/**
 * The learning-rate curve over iterations: the warm-up (a line from BASE_LR·WARMUP_FACTOR·M(0) to BASE_LR·M(L),
 * or constant) up to the first iteration whose `where + ε` passes L, then BASE_LR × the main schedule. Stage
 * changes of the step schedulers become milestones at the iterations where fvcore's own arithmetic moves on.
 */
export function solverCurve(cfg: SolverConfig): { curve: Curve; warmupEnd: number } {
  const lr = cfg.baseLr;
  const n = cfg.maxIter;
  const { start, end, inWarmup, mainWhere } = composite(cfg);
  const warmupEnd = firstWhere(0, n, t => !inWarmup(t / n));
  let main: Curve;
  if (cfg.name === 'WarmupCosineLR') {
    const endRatio = cfg.baseLrEnd / cfg.baseLr;
    // Fixed scaling: the cosine spans the whole run (w = t/N), so it is counted from iteration 0; rescaled, it
    // spans MAX_ITER − WARMUP_ITERS after the warm-up.
    const cosine: Curve = cfg.rescaleInterval
      ? { kind: 'shift', shift: -cfg.warmupIters, curve: { kind: 'cosine', base: lr, min: lr * endRatio, period: n - cfg.warmupIters, after: 'periodic' } }
      : { kind: 'cosine', base: lr, min: lr * endRatio, period: n, after: 'periodic' };
    main = cosine;
  } else {
    const stages = stageValues(cfg).length;
    const milestones: number[] = [];
    for (let k = 1; k < stages; k++) {
      const at = firstWhere(warmupEnd, n, t => stageAt(cfg, mainWhere(t / n))! >= k);
      if (at <= n) milestones.push(at);
    }
    main = { kind: 'multistep', base: lr, milestones, gamma: cfg.gamma };
  }
  if (warmupEnd <= 0) return { curve: main, warmupEnd: 0 };
  const warmupCurve: Curve = cfg.warmupMethod === 'constant'
    ? { kind: 'constant', value: lr * start }
    : { kind: 'linear', from: lr * start, to: lr * end, length: Math.min(cfg.warmupIters, n) };
  const phases: SequencePhase[] = [
    { start: 0, counter: 'global', curve: warmupCurve },
    { start: warmupEnd, counter: 'global', curve: main, label: 'warmup end' },
  ];
  return { curve: { kind: 'sequence', phases }, warmupEnd };
}

/**
 * Schedulers that projects in the detectron2 repository register through their own `build_lr_scheduler`, which
 * hands every other name to detectron2's. DeepLab (projects/DeepLab/deeplab/build_solver.py @02b5c4e2, also used by
 * Panoptic-DeepLab's train_net.py) adds `WarmupPolyLR`.
 */
export const D2_PROJECT_SCHEDULERS: ReadonlyMap<string, string> = new Map([['WarmupPolyLR', 'DeepLab (projects/DeepLab/deeplab/build_solver.py)']]);

export interface PolyConfig {
  baseLr: number;
  maxIter: number;
  warmupFactor: number;
  warmupIters: number;
  warmupMethod: (typeof D2_WARMUP_METHODS)[number];
  /** SOLVER.POLY_LR_POWER (add_deeplab_config: 0.9) */
  power: number;
  /** SOLVER.POLY_LR_CONSTANT_ENDING (add_deeplab_config: 0.0) */
  constantEnding: number;
}

/**
 * DeepLab's `WarmupPolyLR.get_lr` (projects/DeepLab/deeplab/lr_scheduler.py), a plain torch scheduler stepped after
 * every iteration (t = last_epoch, 0 at construction):
 *   w(t) = `_get_warmup_factor_at_iter`: 1 for t ≥ WARMUP_ITERS, else WARMUP_FACTOR (constant) or
 *          WARMUP_FACTOR·(1 − t/W) + t/W (linear);
 *   lr(t) = BASE_LR · w(t) · (1 − t/MAX_ITER)^POWER, except that once w(t) == 1.0 and the poly factor is below
 *          POLY_LR_CONSTANT_ENDING (> 0) the LR is BASE_LR · POLY_LR_CONSTANT_ENDING.
 * Unlike fvcore's WarmupParamScheduler the warm-up multiplies the poly decay (it does not ramp to its value).
 */
export function polyCurve(cfg: PolyConfig): { curve: Curve; warmupEnd: number } {
  const poly: Curve = { kind: 'polynomial', base: cfg.baseLr, end: 0, length: cfg.maxIter, power: cfg.power };
  // The floor applies wherever w(t) == 1.0: after the warm-up, and everywhere when WARMUP_FACTOR is 1.0 (a linear
  // ramp from 1 to 1), so such a warm-up is no warm-up at all.
  const after: Curve = cfg.constantEnding > 0 ? { kind: 'clamp', min: cfg.baseLr * cfg.constantEnding, max: Infinity, curve: poly } : poly;
  const warmupEnd = cfg.warmupFactor === 1 ? 0 : Math.max(0, Math.min(Math.ceil(cfg.warmupIters), cfg.maxIter));
  if (warmupEnd <= 0) return { curve: after, warmupEnd: 0 };
  const factor: Curve = cfg.warmupMethod === 'constant'
    ? { kind: 'constant', value: cfg.warmupFactor }
    : { kind: 'linear', from: cfg.warmupFactor, to: 1, length: cfg.warmupIters };
  return {
    curve: { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: { kind: 'product', factors: [factor, poly] } },
      { start: warmupEnd, counter: 'global', curve: after, label: 'warmup end' },
    ] },
    warmupEnd,
  };
}
