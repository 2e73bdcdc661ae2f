import type { Curve, SequencePhase } from '../../core/curve';
import type { Fields } from '../fields';

/**
 * Hugging Face `lr_scheduler_type` → Curve. Every HF scheduler is a `LambdaLR` whose lambda is a factor on
 * `learning_rate` (transformers `src/transformers/optimization.py`); the Trainer builds it before training
 * (λ(0) for update 0) and steps it after every optimizer update, so update t runs at learning_rate · λ(t).
 * Here each lambda is restated as Curve shapes in absolute learning rates.
 */

/** `SchedulerType` values (transformers `trainer_utils.py`), in the order the docs list them. */
export const HF_SCHEDULER_TYPES = [
  'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt',
  'reduce_lr_on_plateau', 'cosine_with_min_lr', 'cosine_warmup_with_min_lr', 'warmup_stable_decay',
] as const;
export type HfSchedulerType = (typeof HF_SCHEDULER_TYPES)[number];

/** The Python function `get_scheduler` calls for each type (for messages). */
export const HF_SCHEDULER_FUNCTIONS: Record<HfSchedulerType, string> = {
  linear: 'get_linear_schedule_with_warmup',
  cosine: 'get_cosine_schedule_with_warmup',
  cosine_with_restarts: 'get_cosine_with_hard_restarts_schedule_with_warmup',
  polynomial: 'get_polynomial_decay_schedule_with_warmup',
  constant: 'get_constant_schedule',
  constant_with_warmup: 'get_constant_schedule_with_warmup',
  inverse_sqrt: 'get_inverse_sqrt_schedule',
  reduce_lr_on_plateau: 'ReduceLROnPlateau',
  cosine_with_min_lr: 'get_cosine_with_min_lr_schedule_with_warmup',
  cosine_warmup_with_min_lr: 'get_cosine_with_min_lr_schedule_with_warmup_lr_rate',
  warmup_stable_decay: 'get_wsd_schedule',
};

/**
 * The `lr_scheduler_kwargs` each scheduler function accepts. `get_scheduler` does not forward the kwargs at all
 * for `constant`, `constant_with_warmup` and `inverse_sqrt` ('ignored'); a key the function does not take raises
 * `TypeError: ... got an unexpected keyword argument`.
 */
export const HF_SCHEDULER_KWARGS: Record<HfSchedulerType, readonly string[] | 'ignored'> = {
  linear: [],
  cosine: ['num_cycles'],
  cosine_with_restarts: ['num_cycles'],
  polynomial: ['lr_end', 'power'],
  constant: 'ignored',
  constant_with_warmup: 'ignored',
  inverse_sqrt: 'ignored',
  reduce_lr_on_plateau: ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps'],
  cosine_with_min_lr: ['num_cycles', 'min_lr', 'min_lr_rate'],
  cosine_warmup_with_min_lr: ['num_cycles', 'min_lr', 'min_lr_rate', 'warmup_lr_rate'],
  warmup_stable_decay: ['num_decay_steps', 'num_stable_steps', 'warmup_type', 'decay_type', 'min_lr_ratio', 'num_cycles'],
};

const WSD_SHAPES = ['linear', 'cosine', '1-sqrt'] as const;
type WsdShape = (typeof WSD_SHAPES)[number];

export interface HfCurveInput {
  type: HfSchedulerType;
  /** `learning_rate`: the optimizer's lr, the base every lambda multiplies */
  lr: number;
  /** num_training_steps (= max_steps) */
  totalUpdates: number;
  /** num_warmup_steps; fractional only for a transformers 4 file with a float `warmup_steps` */
  warmup: number;
  /** `lr_scheduler_kwargs` (already checked against HF_SCHEDULER_KWARGS) */
  kwargs: Fields;
  /** reports a diagnostic on `lr_scheduler_type` (or the file) with the `hf-` prefix */
  report: (code: string, message: string, severity?: 'error' | 'warning' | 'information') => void;
}

/** The curve of an HF scheduler, or undefined when the scheduler function would raise (reported). */
export function hfSchedulerCurve(input: HfCurveInput): Curve | undefined {
  const { type, lr, totalUpdates: n, warmup: w, kwargs } = input;
  // Every warm-up except cosine_warmup_with_min_lr's: λ(t) = t / max(1, W) for t < W (starts at 0).
  const linearWarmup: Curve = { kind: 'linear', from: 0, to: lr, length: Math.max(1, w) };
  // max(1, N − W): the decay length every lambda divides by.
  const decayLength = Math.max(1, n - w);
  switch (type) {
    case 'constant':
      return { kind: 'constant', value: lr };
    case 'constant_with_warmup':
      return afterWarmup(linearWarmup, w, { kind: 'constant', value: lr });
    case 'linear':
      // λ(t) = max(0, (N − t) / max(1, N − W)): the last update t = N − 1 runs at lr / (N − W); 0 only at t = N.
      return afterWarmup(linearWarmup, w, { kind: 'linear', from: lr * ((n - w) / decayLength), to: 0, length: n - w });
    case 'cosine': {
      const cycles = kwargs.number('num_cycles') ?? 0.5;
      return afterWarmup(linearWarmup, w, cosineFactor(lr, 0, decayLength, cycles));
    }
    case 'cosine_with_min_lr': {
      const rate = minLrRate(input);
      if (rate === undefined) return undefined;
      const cycles = kwargs.number('num_cycles') ?? 0.5;
      return afterWarmup(linearWarmup, w, cosineFactor(lr, rate, decayLength, cycles));
    }
    case 'cosine_warmup_with_min_lr': {
      const rate = minLrRate(input);
      if (rate === undefined) return undefined;
      const cycles = kwargs.number('num_cycles') ?? 0.5;
      const warmupLrRate = kwargs.number('warmup_lr_rate');
      // A different off-by-one (optimization.py `_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda`):
      // the warm-up is (t + 1) / max(1, W), or r0 + (1 − r0)·t / max(1, W − 1) with warmup_lr_rate = r0, so the
      // peak is reached at t = W − 1; the decay uses p = (t − W + 1) / max(1, N − W), landing on min_lr at t = N − 1
      // and rising again after (no clamp).
      const warm: Curve = warmupLrRate === undefined
        ? { kind: 'linear', from: lr / Math.max(1, w), to: lr / Math.max(1, w) + lr, length: Math.max(1, w) }
        : { kind: 'linear', from: lr * warmupLrRate, to: lr, length: Math.max(1, w - 1) };
      return afterWarmup(warm, w, { kind: 'shift', shift: 1, curve: cosineFactor(lr, rate, decayLength, cycles) });
    }
    case 'cosine_with_restarts': {
      const cycles = kwargs.number('num_cycles') ?? 1;
      return afterWarmup(linearWarmup, w, hardRestarts(lr, decayLength, cycles));
    }
    case 'polynomial': {
      const lrEnd = kwargs.number('lr_end') ?? 1e-7;
      const power = kwargs.number('power') ?? 1.0;
      if (!(lr > lrEnd)) {
        input.report('polynomial-lr-end', `\`polynomial\` needs lr_end (${lrEnd}) below learning_rate (${lr}): get_polynomial_decay_schedule_with_warmup raises ValueError. Lower \`lr_scheduler_kwargs.lr_end\`.`);
        return undefined;
      }
      if (n === w) {
        input.report('polynomial-zero-decay', `\`polynomial\` with warm-up = max_steps = ${n}: after the last update the scheduler divides by num_training_steps − num_warmup_steps = 0 (ZeroDivisionError). Shorten the warm-up.`);
      }
      // ((lr − lr_end)·(1 − (t − W)/(N − W))^power + lr_end) for W ≤ t ≤ N, lr_end afterwards.
      return afterWarmup(linearWarmup, w, { kind: 'polynomial', base: lr, end: lrEnd, length: n - w, power });
    }
    case 'inverse_sqrt': {
      // timescale = num_warmup_steps or 10_000 (a configured timescale is never forwarded); for t ≥ W the factor
      // is 1 / sqrt((t + timescale − W) / timescale), counted from update 0, not from the warm-up end.
      const timescale = w || 10_000;
      return afterWarmup(linearWarmup, w, { kind: 'inverseSqrt', base: lr, timescale, offset: timescale - w }, 'global');
    }
    case 'warmup_stable_decay':
      return wsdCurve(input);
    case 'reduce_lr_on_plateau':
      return undefined;
  }
}

/**
 * ½(1 + cos(2π·num_cycles·p)) with p = (t − W)/max(1, N − W), mapped onto [rate·lr, lr]: the cosine shape's
 * half-period is max(1, N − W) / (2·num_cycles). The lambda's `max(0, …)` only bites for a negative rate.
 */
function cosineFactor(lr: number, rate: number, decayLength: number, cycles: number): Curve {
  const cosine: Curve = { kind: 'cosine', base: lr, min: lr * rate, period: decayLength / (2 * cycles), after: 'periodic' };
  return rate < 0 ? { kind: 'clamp', min: 0, max: Infinity, curve: cosine } : cosine;
}

/**
 * `cosine_with_restarts`: λ = ½(1 + cos(π·((num_cycles·p) mod 1))) with p = (t − W)/max(1, N − W): num_cycles
 * hard restarts of period max(1, N − W)/num_cycles, counted from the warm-up end; λ = 0 once p ≥ 1 (t ≥ W + that
 * length). (Checked against the lambda's own float arithmetic, including at restart boundaries: relative 2e-14.)
 */
function hardRestarts(lr: number, decayLength: number, cycles: number): Curve {
  return {
    kind: 'sequence',
    phases: [
      { start: 0, counter: 'local', curve: { kind: 'cosineRestarts', base: lr, min: 0, firstPeriod: decayLength / cycles, periodMult: 1, restartDecay: 1 } },
      { start: decayLength, counter: 'local', curve: { kind: 'constant', value: 0 }, label: 'decay end' },
    ],
  };
}

/** min_lr_rate from `min_lr_rate` or `min_lr / learning_rate`; exactly one must be set (else ValueError). */
function minLrRate(input: HfCurveInput): number | undefined {
  const minLr = input.kwargs.number('min_lr');
  const rate = input.kwargs.number('min_lr_rate');
  if (minLr !== undefined && rate !== undefined) {
    input.report('min-lr-both', `\`${input.type}\` takes one of \`min_lr\` and \`min_lr_rate\`, not both (ValueError "Only one of min_lr or min_lr_rate should be set"). Remove one from \`lr_scheduler_kwargs\`.`);
    return undefined;
  }
  if (minLr === undefined && rate === undefined) {
    input.report('min-lr-missing', `\`${input.type}\` needs \`lr_scheduler_kwargs: {min_lr: …}\` or \`{min_lr_rate: …}\` (ValueError "One of min_lr or min_lr_rate should be set through the \`lr_scheduler_kwargs\`").`);
    return undefined;
  }
  // min_lr is divided by optimizer.defaults["lr"], which is learning_rate.
  return rate ?? minLr! / input.lr;
}

/**
 * `warmup_stable_decay` (`get_wsd_schedule`): warm-up from min_lr_ratio·lr to lr (linear, cosine or 1-sqrt), hold lr
 * for num_stable_steps (default N − W − D), decay over num_decay_steps to min_lr_ratio·lr, then hold it.
 */
function wsdCurve(input: HfCurveInput): Curve | undefined {
  const { lr, totalUpdates: n, warmup: w, kwargs } = input;
  const decaySteps = kwargs.number('num_decay_steps', { min: 0 });
  if (decaySteps === undefined) {
    if (!kwargs.has('num_decay_steps')) {
      input.report('wsd-missing-decay-steps', '`warmup_stable_decay` needs `lr_scheduler_kwargs: {num_decay_steps: …}` (get_wsd_schedule raises TypeError without it).');
    }
    return undefined;
  }
  const warmupType = wsdShape(kwargs, 'warmup_type', 'linear');
  const decayType = wsdShape(kwargs, 'decay_type', 'cosine');
  if (warmupType === undefined || decayType === undefined) return undefined;
  const minRatio = kwargs.number('min_lr_ratio') ?? 0;
  const cycles = kwargs.number('num_cycles') ?? 0.5;
  const explicitStable = kwargs.number('num_stable_steps', { min: 0 });
  const stable = explicitStable ?? n - w - decaySteps;
  if (explicitStable !== undefined) {
    // get_scheduler always passes num_training_steps, so get_wsd_schedule warns and keeps num_stable_steps.
    const end = w + explicitStable + decaySteps;
    input.report('wsd-stable-steps', `\`num_stable_steps\` wins over the training length (HF warns "Both num_training_steps and num_stable_steps are specified"): warm-up + stable + decay = ${end} updates of ${n}${end < n ? `; the last ${n - end} run at min_lr_ratio × learning_rate` : end > n ? '; training stops before the decay ends' : ''}.`, end === n ? 'information' : 'warning');
  } else if (stable < 0) {
    input.report('wsd-decay-too-long', `warm-up (${w}) + num_decay_steps (${decaySteps}) exceed the ${n} training updates: the stable phase has ${stable} steps, so the decay starts mid-way (at ${-stable} steps into its curve) right after the warm-up.`, 'warning');
  }
  const minLr = minRatio * lr;
  const decayStart = w + stable;
  const phases: SequencePhase[] = [];
  if (w > 0) phases.push({ start: 0, counter: 'global', curve: wsdWarmup(warmupType, lr, minLr, w) });
  phases.push(phaseAt(w, { kind: 'constant', value: lr }, 'warmup end'));
  // The decay's progress is (t − W − S)/max(1, D); with S < 0 it begins part-way in, right after the warm-up.
  const decayPhaseStart = Math.max(w, decayStart);
  let decayCurve = wsdDecay(decayType, lr, minLr, decaySteps, cycles);
  if (decayPhaseStart > decayStart) decayCurve = { kind: 'shift', shift: decayPhaseStart - decayStart, curve: decayCurve };
  phases.push(phaseAt(decayPhaseStart, decayCurve, 'decay start'));
  phases.push(phaseAt(Math.max(decayPhaseStart, decayStart + decaySteps), { kind: 'constant', value: minLr }, 'decay end'));
  // Drop phases that another phase starting at the same update replaces (zero-length stable or decay).
  const kept = phases.filter((phase, i) => i + 1 === phases.length || phases[i + 1].start > phase.start);
  return { kind: 'sequence', phases: kept };
}

function wsdShape(kwargs: Fields, key: 'warmup_type' | 'decay_type', fallback: WsdShape): WsdShape | undefined {
  if (!kwargs.has(key)) return fallback;
  const value = kwargs.oneOf(key, WSD_SHAPES);
  return value;
}

/** Warm-up factor f(p), p = t/W, mapped to f·(1 − m) + m: every shape is one of the engine's curves. */
function wsdWarmup(shape: WsdShape, lr: number, minLr: number, w: number): Curve {
  switch (shape) {
    case 'linear':
      return { kind: 'linear', from: minLr, to: lr, length: w };
    case 'cosine':
      // ½(1 − cos πp) rising: the cosine shape run from minLr "down" to lr.
      return { kind: 'cosine', base: minLr, min: lr, period: w, after: 'hold' };
    case '1-sqrt':
      // 1 − sqrt(1 − p) rising: lr + (minLr − lr)·(1 − p)^½.
      return { kind: 'polynomial', base: minLr, end: lr, length: w, power: 0.5 };
  }
}

function wsdDecay(shape: WsdShape, lr: number, minLr: number, decaySteps: number, cycles: number): Curve {
  switch (shape) {
    case 'linear':
      return { kind: 'linear', from: lr, to: minLr, length: decaySteps };
    case 'cosine':
      return { kind: 'cosine', base: lr, min: minLr, period: Math.max(1, decaySteps) / (2 * cycles), after: 'periodic' };
    case '1-sqrt':
      return { kind: 'wsd', base: lr, warmup: 0, stable: 0, decay: decaySteps, min: minLr, warmupStart: lr, decayShape: '1-sqrt' };
  }
}

/**
 * A phase starting at update `start` whose curve counts from `start`. A fractional start (a transformers 4 file
 * with `warmup_steps: 0.5`) switches at the next whole update and keeps the exact offset, as the lambdas do.
 */
export function phaseAt(start: number, curve: Curve, label?: string): SequencePhase {
  if (Number.isInteger(start)) return { start, counter: 'local', curve, label };
  return { start: Math.ceil(start), counter: 'global', curve: { kind: 'shift', shift: -start, curve }, label };
}

/**
 * Warm-up for t < W, then `decay`: counted from W (`local`, the usual (t − W) of the lambdas) or from update 0
 * (`global`, for lambdas written in t itself).
 */
function afterWarmup(warmup: Curve, w: number, decay: Curve, counter: 'local' | 'global' = 'local'): Curve {
  if (w <= 0) return decay;
  const decayPhase: SequencePhase = counter === 'local'
    ? phaseAt(w, decay, 'warmup end')
    : { start: Math.ceil(w), counter: 'global', curve: decay, label: 'warmup end' };
  return { kind: 'sequence', phases: [{ start: 0, counter: 'global', curve: warmup }, decayPhase] };
}
