import { listed, quoted } from '../../formats/quote';
import type { Curve } from '../../core/curve';
import { didYouMean } from '../suggest';
import type { PdArgs } from './args';
import { pyRound, type PyNumber } from './python';

/**
 * ppcls/optimizer/learning_rate.py (PaddlePaddle/PaddleClas v2.4+, @d178931f) on top of
 * paddle/optimizer/lr.py. Every class builds a Paddle LRScheduler, wrapped in LinearWarmup when
 * warmup_steps > 0; the engine steps it after every optimizer update (by_epoch False, the default) or once
 * per epoch (by_epoch True). Paddle's scheduler steps once at construction, so update (or epoch) t uses f(t).
 */
interface Signature {
  required: string[];
  optional: string[];
  /** whether the constructor takes **kwargs (else an unknown key is a TypeError) */
  kwargs: boolean;
}
const WARMUP = ['warmup_epoch', 'warmup_start_lr', 'last_epoch', 'by_epoch'];
/** Keyed by `Optimizer.lr.name` from the config: a Map, so `name: constructor` is no class (issue 11). */
export const LR_CLASSES: ReadonlyMap<string, Signature> = new Map(Object.entries({
  ConstLR: { required: ['learning_rate'], optional: WARMUP, kwargs: true },
  Constant: { required: ['learning_rate'], optional: ['last_epoch'], kwargs: true },
  Linear: { required: ['learning_rate'], optional: ['end_lr', 'power', 'cycle', ...WARMUP], kwargs: true },
  Cosine: { required: ['learning_rate'], optional: ['eta_min', ...WARMUP], kwargs: true },
  Cyclic: { required: ['base_learning_rate', 'max_learning_rate', 'warmup_epoch', 'warmup_start_lr', 'step_size_up'],
    optional: ['step_size_down', 'mode', 'exp_gamma', 'scale_fn', 'scale_mode', 'by_epoch', 'last_epoch', 'verbose'], kwargs: false },
  Step: { required: ['learning_rate', 'step_size', 'gamma'], optional: WARMUP, kwargs: true },
  Piecewise: { required: ['decay_epochs', 'values'], optional: [...WARMUP, 'learning_rate'], kwargs: true },
  MultiStepDecay: { required: ['learning_rate', 'milestones'], optional: ['gamma', ...WARMUP], kwargs: true },
  ReduceOnPlateau: { required: ['learning_rate'], optional: [], kwargs: true },
  CosineFixmatch: { required: ['learning_rate', 'num_warmup_steps'], optional: ['num_cycles', 'last_epoch', 'by_epoch'], kwargs: false },
  OneCycleLR: { required: ['max_learning_rate'], optional: ['warmup_epoch', 'warmup_start_lr', 'divide_factor', 'end_learning_rate',
    'phase_pct', 'anneal_strategy', 'three_phase', 'by_epoch', 'last_epoch', 'verbose'], kwargs: false },
}));

export interface PdRun {
  epochs: number;
  stepEachEpoch: number;
}

export interface PdCurve {
  /** over optimizer updates */
  curve: Curve;
  warmupUpdates: number;
  changes: 'update' | 'epoch';
}

const constant = (value: number): Curve => ({ kind: 'constant', value });

/** The LR curve of one `Optimizer.lr` block, or undefined when PaddleClas would fail (diagnostics reported). */
export function buildLr(name: string, args: PdArgs, run: PdRun): PdCurve | undefined {
  const signature = LR_CLASSES.get(name);
  if (!signature) {
    args.report(args.range('name'), 'pd-unknown-lr', `PaddleClas has no LR class \`${quoted(name)}\` in ppcls/optimizer/learning_rate.py (getattr fails).${didYouMean(name, [...LR_CLASSES.keys()])}`);
    return undefined;
  }
  if (name === 'ReduceOnPlateau') {
    // Drawn as the run where the metric never stalls: its warm-up, then learning_rate. That is the highest the LR
    // can be; every drop (× factor after `patience` stalled epochs, down to min_lr) depends on the metric.
    const factor = args.number('factor')?.value ?? 0.1;
    const patience = args.number('patience')?.value ?? 10;
    args.report(args.range('name'), 'pd-reduce-on-plateau', `ReduceOnPlateau multiplies the LR by ${factor} each time the evaluation metric stalls for ${patience} epochs, which no config can tell: the curve is the run where it never stalls (the highest the LR can be).`, 'information');
  }
  for (const key of signature.required) {
    if (!args.has(key)) {
      args.report(args.keyRange('name'), 'pd-missing-argument', `\`${name}\` needs \`${key}\`: PaddleClas raises TypeError (missing required argument '${key}').`);
      return undefined;
    }
  }
  if (!signature.kwargs) {
    // build_lr_scheduler (ppcls/optimizer/__init__.py) always does lr_config.update({'epochs': …,
    // 'step_each_epoch': …}) before the call, and every class takes both first: written in the file they are
    // overwritten by Global's values, never an unexpected argument (MetaBIN_ResNet50_cross_domain.yaml's Cyclic).
    const known = new Set(['name', 'epochs', 'step_each_epoch', ...signature.required, ...signature.optional]);
    for (const key of args.keys) {
      if (known.has(key)) continue;
      args.report(args.keyRange(key), 'pd-unexpected-argument', `\`${name}\` takes no \`${quoted(key)}\`: PaddleClas raises TypeError (unexpected keyword argument '${quoted(key)}').${didYouMean(key, [...known])}`);
      return undefined;
    }
  }
  const byEpoch = args.flag('by_epoch') ?? false;
  const { epochs, stepEachEpoch: spe } = run;
  const ticks = byEpoch ? epochs : epochs * spe;
  const inner = innerSchedule(name, args, run, byEpoch);
  if (!inner) return undefined;
  let curve = inner.curve;
  let warmupTicks = 0;
  if (inner.warmup) {
    const { steps, start, peak } = inner.warmup;
    if (steps > 0) {
      if (!(peak > start)) {
        args.report(args.range('warmup_start_lr'), 'pd-warmup-start-above-lr', `Paddle's LinearWarmup asserts "end_lr ${peak} must be greater than start_lr ${start}": lower \`warmup_start_lr\`.`);
        return undefined;
      }
      // LinearWarmup: start + (end − start)·t/W for t < W, then the inner schedule at t − W (a prefix).
      curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: { kind: 'linear', from: start, to: peak, length: steps } },
        { start: steps, counter: 'local', curve, label: 'warmup end' },
      ] };
      warmupTicks = Math.min(steps, ticks);
    }
  }
  if (byEpoch) {
    return { curve: { kind: 'perEpoch', stepsPerEpoch: spe, curve }, warmupUpdates: warmupTicks * spe, changes: 'epoch' };
  }
  return { curve, warmupUpdates: warmupTicks, changes: 'update' };
}

interface Inner {
  curve: Curve;
  warmup?: { steps: number; start: number; peak: number };
}

/** LRBase.__init__: warmup_epoch clamped below epochs, warmup_steps in updates (or epochs when by_epoch). */
function lrBase(args: PdArgs, run: PdRun, byEpoch: boolean, peak: number): { warmupEpoch: PyNumber; steps: number; start: number; peak: number } | undefined {
  const written = args.number('warmup_epoch');
  if (args.has('warmup_epoch') && !written) return undefined;
  let warmupEpoch = written ?? { value: 0, isInt: true };
  const start = args.number('warmup_start_lr')?.value ?? 0.0;
  if (warmupEpoch.value >= run.epochs) {
    args.report(args.range('warmup_epoch'), 'pd-warmup-clamped', `\`warmup_epoch: ${warmupEpoch.value}\` is not below Global.epochs (${run.epochs}): PaddleClas sets it to ${run.epochs}, so the whole run is warmup.`, 'warning');
    warmupEpoch = { value: run.epochs, isInt: true };
  }
  let steps: number;
  if (byEpoch) {
    if (!warmupEpoch.isInt && warmupEpoch.value > 0) {
      args.report(args.range('warmup_epoch'), 'pd-not-int', `With \`by_epoch: true\` the warmup lasts \`warmup_epoch\` scheduler steps, and Paddle's LinearWarmup asserts "'warmup_steps' must be a positive integer": ${warmupEpoch.value} is a float.`);
      return undefined;
    }
    steps = warmupEpoch.value;
  } else {
    // `round()` is Python's: half to even (round(2.5) == 2).
    steps = pyRound(warmupEpoch.value * run.stepEachEpoch);
  }
  return { warmupEpoch, steps, start, peak };
}

/** (epochs − warmup_epoch) × step_each_epoch (or epochs − warmup_epoch by epoch), with its Python type. */
function remainingAfterWarmup(run: PdRun, warmupEpoch: PyNumber, byEpoch: boolean): PyNumber {
  const epochs = run.epochs - warmupEpoch.value;
  return byEpoch ? { value: epochs, isInt: warmupEpoch.isInt } : { value: epochs * run.stepEachEpoch, isInt: warmupEpoch.isInt };
}

function innerSchedule(name: string, args: PdArgs, run: PdRun, byEpoch: boolean): Inner | undefined {
  const spe = run.stepEachEpoch;
  const lr = (key = 'learning_rate') => args.number(key)?.value;
  switch (name) {
    case 'Constant': {
      const value = lr();
      if (value === undefined) return undefined;
      if (args.has('warmup_epoch')) args.report(args.keyRange('warmup_epoch'), 'pd-constant-ignores-warmup', '`Constant` is a bare Paddle scheduler: it swallows `warmup_epoch` without a warmup. Use `ConstLR` for a warmup.', 'warning');
      return { curve: constant(value) };
    }
    case 'ConstLR': {
      const value = lr();
      const base = value === undefined ? undefined : lrBase(args, run, byEpoch, value);
      return base && value !== undefined ? { curve: constant(value), warmup: base } : undefined;
    }
    case 'Linear': {
      const value = lr();
      if (value === undefined) return undefined;
      const base = lrBase(args, run, byEpoch, value);
      if (!base) return undefined;
      // Quirk (Linear.__init__): warmup_steps is recomputed as round(warmup_epoch × step_each_epoch) even
      // with by_epoch, where the LR steps once per epoch: the warmup then lasts that many *epochs*.
      const steps = pyRound(base.warmupEpoch.value * spe);
      if (byEpoch && steps !== base.steps && steps > 0) {
        args.report(args.range('warmup_epoch'), 'pd-linear-warmup-by-epoch', `\`Linear\` always counts its warmup in iterations (round(${base.warmupEpoch.value} × ${spe}) = ${steps}) but with \`by_epoch: true\` the LR steps once per epoch: the warmup lasts ${steps} epochs.`, 'warning');
      }
      const decay = remainingAfterWarmup(run, base.warmupEpoch, byEpoch);
      const endLr = args.number('end_lr')?.value ?? 0.0;
      const power = args.number('power')?.value ?? 1.0;
      // `cycle` never matters here: the decay runs for exactly the updates left after the warmup.
      let curve: Curve = constant(value);
      if (decay.value > 0) {
        if (!decay.isInt) {
          args.report(args.range('warmup_epoch'), 'pd-not-int', `Linear's decay_steps = (epochs − warmup_epoch)${byEpoch ? '' : ' × step_each_epoch'} = ${decay.value} is a float: Paddle's PolynomialDecay asserts "'decay_steps' must be a positive integer". Use a whole warmup_epoch.`);
          return undefined;
        }
        if (!(power > 0)) {
          args.report(args.range('power'), 'pd-power', 'PolynomialDecay asserts "\'power\' must be greater than 0.0 so that the learning rate will decay".');
          return undefined;
        }
        curve = { kind: 'polynomial', base: value, end: endLr, length: decay.value, power };
      }
      return { curve, warmup: { ...base, steps } };
    }
    case 'Cosine': {
      const value = lr();
      if (value === undefined) return undefined;
      const base = lrBase(args, run, byEpoch, value);
      if (!base) return undefined;
      const tMax = remainingAfterWarmup(run, base.warmupEpoch, byEpoch);
      const etaMin = args.number('eta_min')?.value ?? 0.0;
      let curve: Curve = constant(value);
      if (tMax.value > 0) {
        if (!tMax.isInt) {
          args.report(args.range('warmup_epoch'), 'pd-not-int', `Cosine's T_max = (epochs − warmup_epoch)${byEpoch ? '' : ' × step_each_epoch'} = ${tMax.value} is a float: Paddle's CosineAnnealingDecay raises TypeError ("The type of 'T_max' … must be 'int'"). Use a whole warmup_epoch.`);
          return undefined;
        }
        // The warmup steps the inner scheduler with an explicit epoch, which uses the closed form; alone, Paddle
        // recurses from the last LR, which gives the same values up to rounding.
        curve = { kind: 'cosine', base: value, min: etaMin, period: tMax.value, after: 'periodic' };
      }
      return { curve, warmup: base };
    }
    case 'Step': {
      const value = lr();
      const stepSize = args.number('step_size');
      const gamma = args.number('gamma');
      if (value === undefined || !stepSize || !gamma) return undefined;
      const base = lrBase(args, run, byEpoch, value);
      if (!base) return undefined;
      if (byEpoch && !stepSize.isInt) {
        args.report(args.range('step_size'), 'pd-not-int', `With \`by_epoch: true\` Paddle's StepDecay raises TypeError: "The type of 'step_size' must be 'int'", got ${stepSize.value}.`);
        return undefined;
      }
      // Step.__init__: step_size = int(step_size × step_each_epoch) (truncated) unless by_epoch.
      const size = byEpoch ? stepSize.value : Math.trunc(stepSize.value * spe);
      if (!checkGamma(args, gamma.value)) return undefined;
      if (size <= 0) {
        args.report(args.range('step_size'), 'pd-zero-step-size', `step_size becomes ${size}: StepDecay divides by it (ZeroDivisionError).`);
        return undefined;
      }
      return { curve: { kind: 'step', base: value, stepSize: size, gamma: gamma.value }, warmup: base };
    }
    case 'MultiStepDecay': {
      const value = lr();
      const milestones = args.numberList('milestones');
      if (value === undefined || !milestones) return undefined;
      const base = lrBase(args, run, byEpoch, value);
      if (!base) return undefined;
      const gamma = args.number('gamma')?.value ?? 0.1;
      if (!checkGamma(args, gamma)) return undefined;
      if (milestones.some((m, i) => i > 0 && !(milestones[i - 1] < m))) {
        args.report(args.range('milestones'), 'pd-milestones-order', 'Paddle\'s MultiStepDecay raises "The elements of milestones must be incremented".');
        return undefined;
      }
      return { curve: { kind: 'multistep', base: value, milestones: milestones.map(m => (byEpoch ? m : m * spe)), gamma }, warmup: base };
    }
    case 'ReduceOnPlateau': {
      // LRBase's warm-up (ReduceOnPlateau.__call__ wraps Paddle's ReduceOnPlateau in linear_warmup), then flat
      const value = lr();
      const base = value === undefined ? undefined : lrBase(args, run, byEpoch, value);
      return base && value !== undefined ? { curve: constant(value), warmup: base } : undefined;
    }
    case 'Piecewise':
      return piecewise(args, run, byEpoch);
    case 'Cyclic':
      return cyclic(args, run, byEpoch);
    case 'OneCycleLR':
      return oneCycle(args, run, byEpoch);
    case 'CosineFixmatch':
      return cosineFixmatch(args, run);
  }
  return undefined;
}

function checkGamma(args: PdArgs, gamma: number): boolean {
  if (gamma < 1.0) return true;
  args.report(args.range('gamma'), 'pd-gamma', `Paddle raises "gamma should be < 1.0." (got ${gamma}).`);
  return false;
}

function piecewise(args: PdArgs, run: PdRun, byEpoch: boolean): Inner | undefined {
  let decayEpochs = args.numberList('decay_epochs');
  let values = args.numberList('values');
  if (!decayEpochs || !values) return undefined;
  const learningRate = args.number('learning_rate');
  if (learningRate && learningRate.value) {
    // Piecewise.__init__: a truthy learning_rate replaces decay_epochs/values by "× 0.1 every 30 epochs".
    const starts: number[] = [];
    for (let e = 0; e < run.epochs; e += 30) starts.push(e);
    const replaced = starts.map((_, i) => learningRate.value * Math.pow(0.1, i));
    const written = { decayEpochs, values };
    if (starts.length === 1) { decayEpochs = [run.epochs]; values = [replaced[0], replaced[0]]; }
    else { decayEpochs = starts.slice(1); values = replaced; }
    // Many configs (DLA, HarDNet, SVTR) write out the very lists the rule makes: then nothing is ignored.
    if (!sameSteps(written, { decayEpochs, values }, run.epochs)) args.report(args.keyRange('learning_rate'), 'pd-piecewise-learning-rate', `With \`learning_rate\` set, Piecewise ignores \`decay_epochs\` and \`values\` and decays ×0.1 every 30 epochs: decay_epochs = [${listed(decayEpochs.map(String))}], values = [${listed(values.map(v => String(Number(v.toPrecision(6)))))}]. Remove \`learning_rate\` to use your lists.`, 'warning');
  }
  if (decayEpochs.length === 0) {
    args.report(args.range('decay_epochs'), 'pd-piecewise-values', 'Paddle\'s PiecewiseDecay raises "The boundaries cannot be empty."');
    return undefined;
  }
  if (values.length <= decayEpochs.length) {
    args.report(args.range('values'), 'pd-piecewise-values', `Paddle's PiecewiseDecay needs one more value than boundaries: got ${values.length} values for ${decayEpochs.length} decay_epochs (ValueError).`);
    return undefined;
  }
  const base = lrBase(args, run, byEpoch, values[0]);
  if (!base) return undefined;
  const boundaries = decayEpochs.map(e => (byEpoch ? e : e * run.stepEachEpoch));
  // PiecewiseDecay.get_lr: values[i] for the first boundary with τ < boundaries[i], else values[-1] (the
  // last value, even when the list is longer than boundaries + 1). Boundaries need not be sorted.
  const sorted = [...new Set(boundaries)].sort((a, b) => a - b);
  const valueBefore = (b: number): number => values![boundaries.findIndex(x => x >= b)];
  const phases = sorted.map((b, k) => ({ start: k === 0 ? 0 : Math.max(0, sorted[k - 1]), counter: 'global' as const, curve: constant(valueBefore(b)) }));
  phases.push({ start: Math.max(0, sorted[sorted.length - 1]), counter: 'global', curve: constant(values[values.length - 1]) });
  return { curve: { kind: 'sequence', phases }, warmup: base };
}

/**
 * Whether two Piecewise lists give the same LR at every epoch of the run (PiecewiseDecay: values[i] for the first
 * boundary above the counter, else the last value): a right-continuous step function is the same everywhere when
 * it is the same at every breakpoint of either. Values are compared to 1e-9 relative, as the rule's
 * `learning_rate * 0.1**i` is 0.010000000000000002 where a file writes 0.01.
 */
function sameSteps(a: { decayEpochs: number[]; values: number[] }, b: { decayEpochs: number[]; values: number[] }, epochs: number): boolean {
  const at = (lists: { decayEpochs: number[]; values: number[] }, epoch: number): number | undefined => {
    const i = lists.decayEpochs.findIndex(boundary => epoch < boundary);
    return i < 0 ? lists.values[lists.values.length - 1] : lists.values[i];
  };
  const points = [0, ...a.decayEpochs, ...b.decayEpochs].filter(e => e >= 0 && e < epochs);
  return points.every(e => {
    const x = at(a, e);
    const y = at(b, e);
    return x !== undefined && y !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  });
}

function cyclic(args: PdArgs, run: PdRun, byEpoch: boolean): Inner | undefined {
  const baseLr = args.number('base_learning_rate');
  const maxLr = args.number('max_learning_rate');
  const up = args.number('step_size_up');
  if (!baseLr || !maxLr || !up) return undefined;
  const down = args.has('step_size_down') ? args.number('step_size_down') : up;
  if (!down) return undefined;
  for (const [key, value] of [['step_size_up', up], ['step_size_down', down]] as const) {
    if (!value.isInt || value.value <= 0) {
      args.report(args.range(key), 'pd-not-int', `Paddle's CyclicLR needs \`${key}\` to be a positive int (TypeError/ValueError), got ${value.value}.`);
      return undefined;
    }
  }
  const gamma = args.number('exp_gamma') ?? { value: 1.0, isInt: false };
  if (gamma.isInt) {
    args.report(args.range('exp_gamma'), 'pd-not-float', `Paddle's CyclicLR raises TypeError: "The type of 'exp_gamma' must be float" — write ${gamma.value}.0.`);
    return undefined;
  }
  const mode = args.string('mode') ?? 'triangular';
  if (mode !== 'triangular' && mode !== 'triangular2' && mode !== 'exp_range') {
    args.report(args.range('mode'), 'pd-cyclic-mode', `Paddle's CyclicLR raises: 'mode' is invalid.${didYouMean(mode, ['triangular', 'triangular2', 'exp_range'])}`);
    return undefined;
  }
  const base = lrBase(args, run, byEpoch, baseLr.value);
  if (!base) return undefined;
  return { curve: { kind: 'cyclic', base: baseLr.value, max: maxLr.value, stepUp: up.value, stepDown: down.value, mode, gamma: gamma.value }, warmup: base };
}

function oneCycle(args: PdArgs, run: PdRun, byEpoch: boolean): Inner | undefined {
  const maxLr = args.number('max_learning_rate');
  if (!maxLr) return undefined;
  const pct = args.number('phase_pct') ?? { value: 0.3, isInt: false };
  if (pct.isInt || pct.value < 0 || pct.value > 1) {
    args.report(args.range('phase_pct'), 'pd-onecycle-phase-pct', `Paddle's OneCycleLR needs \`phase_pct\` to be a float in [0, 1] (${pct.isInt ? 'TypeError: an int' : 'ValueError'}), got ${pct.value}.`);
    return undefined;
  }
  const threePhase = args.flag('three_phase') ?? false;
  if (threePhase && pct.value >= 0.5) {
    args.report(args.range('phase_pct'), 'pd-onecycle-phase-pct', 'Paddle raises "When three_phase is True, \'phase_pct\' must be less than 0.5".');
    return undefined;
  }
  const anneal = args.string('anneal_strategy') ?? 'cos';
  if (anneal !== 'cos' && anneal !== 'linear') {
    args.report(args.range('anneal_strategy'), 'pd-onecycle-anneal', `Paddle raises: 'anneal_strategy' must by one of 'cos' or 'linear'.${didYouMean(anneal, ['cos', 'linear'])}`);
    return undefined;
  }
  // OneCycleLR.__init__: total_steps = epochs × step_each_epoch, also with by_epoch.
  const total = run.epochs * run.stepEachEpoch;
  if (byEpoch) {
    args.report(args.range('by_epoch'), 'pd-onecycle-by-epoch', `OneCycleLR's cycle spans epochs × step_each_epoch = ${total} steps, but with \`by_epoch: true\` it steps once per epoch: only its first ${run.epochs} steps are used.`, 'warning');
  }
  if (!threePhase && pct.value * total - 1 === 0) {
    args.report(args.range('phase_pct'), 'pd-zero-division', 'phase_pct × total steps is 1: the first phase has zero length and OneCycleLR divides by zero at the first step.');
    return undefined;
  }
  const initial = maxLr.value / (args.number('divide_factor')?.value ?? 25.0);
  const min = args.number('end_learning_rate')?.value ?? 1e-10;
  const p = pct.value;
  const anchors = threePhase
    ? [{ step: 0, value: initial }, { step: p * total - 1, value: maxLr.value }, { step: 2 * p * total - 2, value: initial }, { step: total - 1, value: min }]
    : [{ step: 0, value: initial }, { step: p * total - 1, value: maxLr.value }, { step: total - 1, value: min }];
  const base = lrBase(args, run, byEpoch, maxLr.value);
  if (!base) return undefined;
  return { curve: { kind: 'oneCycle', anchors, anneal }, warmup: base };
}

/** CosineFixmatch: a LambdaDecay with its own linear warmup over num_warmup_steps (no LRBase warmup). */
function cosineFixmatch(args: PdArgs, run: PdRun): Inner | undefined {
  const lr = args.number('learning_rate');
  const warmup = args.number('num_warmup_steps');
  if (!lr || !warmup) return undefined;
  const cycles = args.number('num_cycles')?.value ?? 7 / 16;
  const W = warmup.value;
  const decay = Math.max(1, run.epochs * run.stepEachEpoch - W);
  // λ(t) = t / max(1, W) for t < W, then max(0, cos(π · num_cycles · (t − W) / decay)); a cosine shape
  // with min −lr and period decay / num_cycles is lr·cos(π·num_cycles·s/decay).
  const decayCurve: Curve = { kind: 'clamp', min: 0, max: Infinity,
    curve: { kind: 'cosine', base: lr.value, min: -lr.value, period: decay / cycles, after: 'periodic' } };
  if (W <= 0) return { curve: decayCurve };
  return { curve: { kind: 'sequence', phases: [
    { start: 0, counter: 'global', curve: { kind: 'linear', from: 0, to: lr.value, length: W } },
    { start: W, counter: 'local', curve: decayCurve, label: 'warmup end' },
  ] } };
}
