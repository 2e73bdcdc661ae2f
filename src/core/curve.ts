/**
 * The schedule engine's vocabulary: a learning-rate curve as plain data (a discriminated union), evaluated
 * by `curveAt` in `evaluate.ts`. A curve maps a counter `s` (0, 1, 2, …) to a learning rate; what the counter
 * counts (optimizer updates or epochs) is decided by the curve that contains it (`perEpoch`) or by the schedule.
 *
 * Every shape is the closed form of a framework scheduler, so dialect readers only translate keys into these
 * terms. Values are absolute learning rates unless a shape says it is a factor (used inside `product`).
 */

/** A constant learning rate. */
export interface ConstantCurve {
  kind: 'constant';
  value: number;
}

/**
 * Straight line from `from` (at s = 0) to `to` (at s = length); `to` afterwards.
 * Linear warmup (start LR or start factor × peak), linear decay, PyTorch LinearLR, HF linear.
 */
export interface LinearCurve {
  kind: 'linear';
  from: number;
  to: number;
  length: number;
}

/** Geometric ramp from `from` to `to` over `length` steps (exponential warmup): from · (to/from)^(s/length). */
export interface ExponentialRampCurve {
  kind: 'exponentialRamp';
  from: number;
  to: number;
  length: number;
}

/** base · gamma^floor(s / stepSize) (PyTorch StepLR). */
export interface StepCurve {
  kind: 'step';
  base: number;
  stepSize: number;
  gamma: number;
}

/** base · gamma^(number of milestones ≤ s) (PyTorch MultiStepLR; milestones need not be sorted). */
export interface MultiStepCurve {
  kind: 'multistep';
  base: number;
  milestones: number[];
  gamma: number;
}

/** base · gamma^s (PyTorch ExponentialLR). */
export interface ExponentialCurve {
  kind: 'exponential';
  base: number;
  gamma: number;
}

/**
 * min + (base − min) · ½(1 + cos(π s / period)) (Loshchilov & Hutter; PyTorch CosineAnnealingLR).
 * After the period: `hold` keeps `min` (timm, HF-style clamps), `periodic` keeps following the cosine
 * (PyTorch's closed form when stepped past T_max).
 */
export interface CosineCurve {
  kind: 'cosine';
  base: number;
  min: number;
  period: number;
  after: 'hold' | 'periodic';
}

/**
 * SGDR: cosine from base·restartDecay^i to min over cycle i, cycle lengths firstPeriod · periodMult^i
 * (PyTorch CosineAnnealingWarmRestarts with restartDecay = 1; timm cycle_decay).
 */
export interface CosineRestartsCurve {
  kind: 'cosineRestarts';
  base: number;
  min: number;
  firstPeriod: number;
  periodMult: number;
  restartDecay: number;
}

/** end + (base − end) · (1 − s/length)^power, `end` afterwards (PyTorch PolynomialLR with end = 0). */
export interface PolynomialCurve {
  kind: 'polynomial';
  base: number;
  end: number;
  length: number;
  power: number;
}

/**
 * One-cycle (Smith): phases between (step, value) anchors, annealed by cos or linearly. Two-phase and
 * three-phase variants are expressed by their anchors; after the last anchor the last value is held.
 * Anchor steps follow PyTorch OneCycleLR: phase i goes from anchors[i] to anchors[i+1].
 */
export interface OneCycleCurve {
  kind: 'oneCycle';
  anchors: { step: number; value: number }[];
  anneal: 'cos' | 'linear';
}

/** base · sqrt(timescale / (s + offset)) — inverse square root decay (HF `inverse_sqrt`: offset = timescale − warmup). */
export interface InverseSqrtCurve {
  kind: 'inverseSqrt';
  base: number;
  timescale: number;
  offset: number;
}

/** Warmup-stable-decay: linear warmup to base, hold, then decay to min (linear, cosine or 1-sqrt). */
export interface WarmupStableDecayCurve {
  kind: 'wsd';
  base: number;
  warmup: number;
  stable: number;
  decay: number;
  min: number;
  warmupStart: number;
  decayShape: 'linear' | 'cosine' | '1-sqrt';
}

/** Triangular cyclical LR (Smith; PyTorch CyclicLR): between base and max, up then down. */
export interface CyclicCurve {
  kind: 'cyclic';
  base: number;
  max: number;
  stepUp: number;
  stepDown: number;
  /** triangular: 1; triangular2: halves each cycle; exp_range: gamma^s */
  mode: 'triangular' | 'triangular2' | 'exp_range';
  gamma: number;
}

/**
 * Phases that start at given counter values. A phase's curve sees `s − start` when `counter` is `local`
 * (PyTorch SequentialLR, mmengine `begin`), or `s` itself when `global` (a warmup that overrides the first
 * steps of a decay that keeps counting from 0, as in Goyal et al. and timm without warmup_prefix).
 * Before the first phase starts, the first phase's value at 0 is used.
 */
export interface SequenceCurve {
  kind: 'sequence';
  phases: SequencePhase[];
}
export interface SequencePhase {
  start: number;
  counter: 'local' | 'global';
  curve: Curve;
  /** what the boundary means to a user, e.g. "warmup end" */
  label?: string;
}

/** Pointwise product of factors (PyTorch ChainedScheduler, detectron2 warmup × schedule, HF LambdaLR × base). */
export interface ProductCurve {
  kind: 'product';
  factors: Curve[];
}

/** Evaluates the inner curve at floor(s / stepsPerEpoch): a per-epoch scheduler inside a per-update counter. */
export interface PerEpochCurve {
  kind: 'perEpoch';
  stepsPerEpoch: number;
  curve: Curve;
}

/** The inner curve evaluated at s + shift (negative shifts are clamped at 0): lags and off-by-ones. */
export interface ShiftCurve {
  kind: 'shift';
  shift: number;
  curve: Curve;
}

/** The inner curve clamped into [min, max] (frameworks that floor the LR at a minimum). */
export interface ClampCurve {
  kind: 'clamp';
  min: number;
  max: number;
  curve: Curve;
}

/**
 * An explicit formula for a framework quirk that no shape above states exactly. `at` must be pure and
 * O(1); `pieceStarts` lists where monotone pieces begin in [from, to] (see `CurvePieces`).
 */
export interface FormulaCurve {
  kind: 'formula';
  name: string;
  at: (s: number) => number;
  pieceStarts?: (from: number, to: number, limit: number) => number[];
}

export type Curve =
  | ConstantCurve
  | LinearCurve
  | ExponentialRampCurve
  | StepCurve
  | MultiStepCurve
  | ExponentialCurve
  | CosineCurve
  | CosineRestartsCurve
  | PolynomialCurve
  | OneCycleCurve
  | InverseSqrtCurve
  | WarmupStableDecayCurve
  | CyclicCurve
  | SequenceCurve
  | ProductCurve
  | PerEpochCurve
  | ShiftCurve
  | ClampCurve
  | FormulaCurve;

export type CurveKind = Curve['kind'];
