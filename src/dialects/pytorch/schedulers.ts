import { listed, quoted } from '../../formats/quote';
import type { Curve } from '../../core/curve';
import { curveAt } from '../../core/evaluate';
import { formatNumber } from '../../core/scaling';
import type { ConfigNode, SourceRange } from '../../formats/tree';
import type { Fields } from '../fields';
import { didYouMean } from '../suggest';
import type { Diagnostic } from '../types';
import { chainedCurve, sequentialCurve, type CompositeHost } from './composites';
import { isIntegerLiteral } from './python';
import type { RunLimit } from './runLimits';
import { REQUIRED_ARGUMENTS, TORCH_SCHEDULER_NAMES, TORCH_SCHEDULER_PARAMS, WITHOUT_MOMENTUM } from './schedulerClasses';

export { TORCH_SCHEDULER_NAMES, TORCH_SCHEDULER_PARAMS } from './schedulerClasses';
export { checkRunLimits, type RunLimit } from './runLimits';

/**
 * `torch.optim.lr_scheduler` classes as curves: a class name and its keyword arguments (a Hydra node, a
 * LightningCLI `init_args`, a DeepSpeed `scheduler.params`) become the LR after each `scheduler.step()`.
 * Counter s = 0 is the LR right after construction (PyTorch's initial step), s = k after k more `step()` calls;
 * whether a step is an update or an epoch is the caller's business (dialects.md §1.1).
 *
 * Source: pytorch/pytorch torch/optim/lr_scheduler.py (main @008f727e; identical LR values in 1.13.1, the golden
 * reference). Each class uses its closed form, which equals the chainable (recursive) form PyTorch steps with up
 * to float round-off wherever nothing else writes the LR (§1.1); where they differ (non-integer lengths, a zero
 * length) the recursive behaviour is reproduced, because plain `step()` uses it.
 */

export interface TorchSchedulerSpec {
  /** the class name inside torch.optim.lr_scheduler, e.g. `CosineAnnealingLR` */
  className: string;
  /** the constructor's keyword arguments */
  args: Fields;
  /** where the class is named */
  range: SourceRange;
  /** keys of `args` that are not constructor arguments (Hydra's `_target_`, `_partial_`) */
  ignoredKeys?: readonly string[];
  /** reads one item of a `schedulers` list (SequentialLR, ChainedScheduler); absent where a format cannot nest schedulers */
  readChild?: (item: ConfigNode, path: string) => TorchSchedulerSpec | undefined;
}

export interface TorchScheduleContext {
  /** the optimizer's LR (the schedulers' `initial_lr`), when the file sets it */
  baseLr: number | undefined;
  /** how the user sets that LR in this format, e.g. "`optimizer.lr`" */
  baseLrHint: string;
  /** the optimizer class, when known */
  optimizerName?: string;
  report(range: SourceRange, code: string, message: string, severity: Diagnostic['severity']): void;
}

export interface TorchCurve {
  /** the LR after s scheduler steps */
  curve: Curve;
  /** scheduler steps of an initial warmup (LinearLR/ConstantLR rising to the base LR), 0 when there is none */
  warmupSteps: number;
  /** the number of scheduler steps the schedule is built for, when it says (OneCycleLR's total_steps) */
  plannedSteps?: number;
  limits: RunLimit[];
}

/** The curve of one scheduler class, or undefined when it has none (the reason is reported). */
export function torchSchedulerCurve(spec: TorchSchedulerSpec, context: TorchScheduleContext): TorchCurve | undefined {
  return new TorchCurveBuilder(context).build(spec, context.baseLr, false);
}

class TorchCurveBuilder {
  constructor(private readonly context: TorchScheduleContext) {}

  build(spec: TorchSchedulerSpec, base: number | undefined, nested: boolean): TorchCurve | undefined {
    const name = spec.className;
    const params = TORCH_SCHEDULER_PARAMS.get(name);
    if (!params) {
      this.error(spec.range, 'pt-unknown-scheduler',
        `\`${quoted(name)}\` is not a scheduler in torch.optim.lr_scheduler (PyTorch raises an AttributeError).${didYouMean(name, TORCH_SCHEDULER_NAMES)}`);
      return undefined;
    }
    if (!this.checkArguments(spec, params)) return undefined;
    switch (name) {
      case 'LambdaLR':
      case 'MultiplicativeLR':
        this.info(spec.range, 'pt-not-plottable',
          `${name} computes the LR with \`lr_lambda\`, a Python function; LR Lens never runs code, so it cannot plot it. Write the schedule with a built-in class (LinearLR, CosineAnnealingLR, SequentialLR, …) to see it.`);
        return undefined;
      case 'ReduceLROnPlateau': {
        const factor = spec.args.number('factor');
        if (factor !== undefined && factor >= 1) {
          this.error(spec.args.range('factor')!, 'pt-plateau-factor', `ReduceLROnPlateau needs factor < 1 (PyTorch raises "Factor should be < 1.0"), not ${factor}.`);
        }
        // Issue 12: draw what the file determines. Until the metric first stalls the LR is the optimizer's, and it
        // never rises above it: the run where the metric keeps improving is the curve's upper bound (PaddleClas's
        // ReduceOnPlateau is drawn the same way).
        const patience = spec.args.number('patience') ?? 10;
        this.info(spec.range, 'pt-plateau-upper-bound',
          `ReduceLROnPlateau multiplies the LR by \`factor\` (${formatNumber(factor ?? 0.1)}) whenever the monitored metric stops improving for \`patience\` (${formatNumber(patience)}) epochs: when that happens depends on training. LR Lens draws the run where the metric keeps improving, the LR's upper bound.`);
        if (base === undefined) {
          this.error(spec.range, 'pt-missing-lr', `${name} keeps the optimizer's LR, which this file does not set: set ${this.context.baseLrHint}.`);
          return undefined;
        }
        return plain({ kind: 'constant', value: base });
      }
      case 'ParamwiseScheduler':
        this.info(spec.range, 'pt-not-plottable', 'ParamwiseScheduler gives each parameter group its own scheduler; LR Lens plots one scheduler of group 0 at a time.');
        return undefined;
      case 'SequentialLR':
        return sequentialCurve(this.host(), spec, base, nested);
      case 'ChainedScheduler':
        return chainedCurve(this.host(), spec, base, nested);
      case 'OneCycleLR':
        return this.oneCycle(spec);
      case 'CyclicLR':
        return this.cyclic(spec);
    }
    if (base === undefined) {
      this.error(spec.range, 'pt-missing-lr', `${name} scales the optimizer's LR, which this file does not set: set ${this.context.baseLrHint}.`);
      return undefined;
    }
    switch (name) {
      case 'StepLR': return this.step(spec, base);
      case 'MultiStepLR': return this.multiStep(spec, base);
      case 'ConstantLR': return this.constant(spec, base);
      case 'LinearLR': return this.linear(spec, base);
      case 'ExponentialLR': {
        const gamma = spec.args.number('gamma');
        return gamma === undefined ? undefined : plain({ kind: 'exponential', base, gamma });
      }
      case 'PolynomialLR': return this.polynomial(spec, base);
      case 'CosineAnnealingLR': return this.cosine(spec, base);
      case 'CosineAnnealingWarmRestarts': return this.warmRestarts(spec, base);
    }
    return undefined;
  }

  /** Unknown keyword arguments are a TypeError; missing required ones too. */
  private checkArguments(spec: TorchSchedulerSpec, params: readonly string[]): boolean {
    let ok = true;
    const ignored = new Set(['optimizer', 'verbose', ...(spec.ignoredKeys ?? [])]);
    for (const key of spec.args.keys) {
      if (params.includes(key) || ignored.has(key)) continue;
      const entry = spec.args.entry(key)!;
      this.error(entry.keyRange, 'pt-unexpected-argument',
        `${quoted(spec.className)} has no argument \`${quoted(key)}\` (PyTorch raises "TypeError: ... got an unexpected keyword argument '${quoted(key)}'").${didYouMean(key, params)}`);
      ok = false;
    }
    if (spec.args.has('verbose')) {
      this.info(spec.args.entry('verbose')!.keyRange, 'pt-verbose-deprecated',
        '`verbose` is deprecated since PyTorch 2.2 and removed in later releases (an unexpected keyword argument there); it does not change the LR.');
    }
    for (const key of REQUIRED_ARGUMENTS.get(spec.className) ?? []) {
      if (!spec.args.has(key)) {
        this.error(spec.range, 'pt-missing-argument', `${spec.className} needs \`${key}\` (PyTorch raises "TypeError: missing a required argument: '${key}'").`);
        ok = false;
      }
    }
    const lastEpoch = spec.args.number('last_epoch');
    if (lastEpoch !== undefined && lastEpoch !== -1) {
      this.warning(spec.args.range('last_epoch')!, 'pt-resume',
        `\`last_epoch: ${lastEpoch}\` resumes a run (PyTorch then needs \`initial_lr\` in the optimizer, a KeyError otherwise); LR Lens plots the schedule from its start.`);
    }
    return ok;
  }

  private step(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const stepSize = args.number('step_size');
    const gamma = args.number('gamma') ?? 0.1;
    if (stepSize === undefined) return undefined;
    if (stepSize <= 0) {
      this.error(args.range('step_size')!, 'pt-zero-length', `StepLR needs step_size > 0 (0 raises ZeroDivisionError at the first step), not ${stepSize}.`);
      return undefined;
    }
    // The chainable form decays when `last_epoch % step_size == 0`: with a fractional step_size only at the
    // whole steps that are multiples of it (2.5 → steps 5, 10, …).
    let period = stepSize;
    if (!Number.isInteger(stepSize)) {
      period = 0;
      for (let n = 1; n <= 1_000_000 && period === 0; n++) if (n % stepSize === 0) period = n;
      this.warning(args.range('step_size')!, 'pt-not-integer',
        period ? `step_size ${stepSize} is not a whole number: PyTorch decays only at steps divisible by it, every ${period} steps.`
          : `step_size ${stepSize} is not a whole number and divides no step: PyTorch never decays the LR.`);
      if (!period) return plain({ kind: 'constant', value: base });
    }
    return plain({ kind: 'step', base, stepSize: period, gamma });
  }

  private multiStep(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const milestones = args.numberList('milestones');
    const gamma = args.number('gamma') ?? 0.1;
    if (milestones === undefined) return undefined;
    // The chainable form decays when `last_epoch in milestones`: a fractional milestone is never reached.
    const reached = milestones.filter(m => Number.isInteger(m));
    if (reached.length < milestones.length) {
      this.warning(args.range('milestones')!, 'pt-not-integer',
        `Milestones ${listed(milestones.filter(m => !Number.isInteger(m)).map(String))} are not whole numbers: PyTorch steps by whole counts and never decays there.`);
    }
    return plain({ kind: 'multistep', base, milestones: reached, gamma });
  }

  private constant(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const factor = args.number('factor') ?? 1 / 3;
    const totalIters = args.number('total_iters') ?? 5;
    if (factor < 0 || factor > 1) {
      this.error(args.range('factor')!, 'pt-factor-out-of-range', `ConstantLR needs 0 ≤ factor ≤ 1 (PyTorch raises ValueError), not ${factor}.`);
      return undefined;
    }
    if (factor === 0 && totalIters > 0 && Number.isInteger(totalIters)) {
      this.error(args.range('factor')!, 'pt-factor-out-of-range',
        `ConstantLR with factor 0 divides by it when the factor is removed at step total_iters = ${totalIters} (ZeroDivisionError).`);
      return undefined;
    }
    // Chainable form: × factor at step 0, × 1/factor when last_epoch == total_iters; a total_iters that is never
    // reached (0, negative, fractional) keeps the factor for ever.
    if (totalIters <= 0 || !Number.isInteger(totalIters)) {
      this.warning(args.range('total_iters') ?? spec.range, 'pt-zero-length',
        `ConstantLR with total_iters = ${totalIters} never removes its factor: the LR stays at ${factor} × the base LR.`);
      return plain({ kind: 'constant', value: base * factor });
    }
    const curve: Curve = { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: { kind: 'constant', value: base * factor } },
      { start: totalIters, counter: 'global', curve: { kind: 'constant', value: base * factor * (1 / factor) }, label: factor < 1 ? 'warmup end' : 'factor removed' },
    ] };
    return { curve, warmupSteps: factor < 1 ? totalIters : 0, limits: [] };
  }

  private linear(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const startFactor = args.number('start_factor') ?? 1 / 3;
    const endFactor = args.number('end_factor') ?? 1;
    const totalIters = args.number('total_iters') ?? 5;
    let ok = true;
    if (startFactor <= 0 || startFactor > 1) {
      this.error(args.range('start_factor') ?? spec.range, 'pt-factor-out-of-range',
        `LinearLR needs 0 < start_factor ≤ 1 (PyTorch raises ValueError), not ${startFactor}${startFactor === 0 ? ': to warm up from (almost) zero use e.g. 1.0e-8' : ''}.`);
      ok = false;
    }
    if (endFactor < 0 || endFactor > 1) {
      this.error(args.range('end_factor') ?? spec.range, 'pt-factor-out-of-range', `LinearLR needs 0 ≤ end_factor ≤ 1 (PyTorch raises ValueError), not ${endFactor}.`);
      ok = false;
    }
    if (!ok) return undefined;
    if (totalIters <= 0) {
      // Chainable form: × start_factor at step 0, then `last_epoch > total_iters` leaves the LR alone.
      this.warning(args.range('total_iters') ?? spec.range, 'pt-zero-length',
        `LinearLR with total_iters = ${totalIters} never changes its factor: the LR stays at start_factor (${startFactor}) × the base LR.`);
      return plain({ kind: 'constant', value: base * startFactor });
    }
    const ramp: Curve = { kind: 'linear', from: base * startFactor, to: base * endFactor, length: totalIters };
    const warmupSteps = startFactor < endFactor ? Math.ceil(totalIters) : 0;
    return { curve: holdAfterLastWholeStep(ramp, totalIters), warmupSteps, limits: [] };
  }

  private polynomial(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const totalIters = args.number('total_iters') ?? 5;
    const power = args.number('power') ?? 1;
    if (totalIters <= 0) {
      this.warning(args.range('total_iters') ?? spec.range, 'pt-zero-length',
        `PolynomialLR with total_iters = ${totalIters} never decays (the chainable form leaves the LR alone after step total_iters).`);
      return plain({ kind: 'constant', value: base });
    }
    return plain(holdAfterLastWholeStep({ kind: 'polynomial', base, end: 0, length: totalIters, power }, totalIters));
  }

  private cosine(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const tMax = args.number('T_max');
    const etaMin = args.number('eta_min') ?? 0;
    if (tMax === undefined) return undefined;
    if (tMax === 0) {
      this.error(args.range('T_max')!, 'pt-zero-length', 'CosineAnnealingLR with T_max = 0 divides by zero (ZeroDivisionError).');
      return undefined;
    }
    // Unclamped: past T_max the closed form (and the chainable form's special branch) keep following the cosine.
    return { curve: { kind: 'cosine', base, min: etaMin, period: tMax, after: 'periodic' }, warmupSteps: 0,
      limits: [{ kind: 'cosine', start: 0, end: Infinity, tMax, range: args.range('T_max')! }] };
  }

  private warmRestarts(spec: TorchSchedulerSpec, base: number): TorchCurve | undefined {
    const args = spec.args;
    const t0 = args.number('T_0');
    const tMult = args.number('T_mult') ?? 1;
    const etaMin = args.number('eta_min') ?? 0;
    if (t0 === undefined) return undefined;
    let ok = true;
    if (t0 <= 0 || !isIntegerLiteral(args.valueNode('T_0'))) {
      this.error(args.range('T_0')!, 'pt-restarts-int', `CosineAnnealingWarmRestarts needs a positive integer T_0 (PyTorch raises "Expected positive integer T_0, but got ${args.valueNode('T_0')?.text ?? t0}").`);
      ok = false;
    }
    if (args.has('T_mult') && (tMult < 1 || !isIntegerLiteral(args.valueNode('T_mult')))) {
      this.error(args.range('T_mult')!, 'pt-restarts-int', `CosineAnnealingWarmRestarts needs an integer T_mult ≥ 1 (PyTorch raises "Expected integer T_mult >= 1, but got ${args.valueNode('T_mult')?.text ?? tMult}").`);
      ok = false;
    }
    if (!ok) return undefined;
    return plain({ kind: 'cosineRestarts', base, min: etaMin, firstPeriod: t0, periodMult: tMult, restartDecay: 1 });
  }

  private oneCycle(spec: TorchSchedulerSpec): TorchCurve | undefined {
    const args = spec.args;
    const maxLr = this.firstOfList(args, 'max_lr');
    let ok = maxLr !== undefined;
    let totalSteps: number | undefined;
    const positiveInt = (key: string): number | undefined => {
      const value = args.number(key);
      if (value === undefined) return undefined;
      if (value <= 0 || !isIntegerLiteral(args.valueNode(key))) {
        this.error(args.range(key)!, 'pt-onecycle-total-steps',
          `OneCycleLR needs a positive integer \`${key}\` (PyTorch raises "Expected positive integer ${key}, but got ${quoted(args.valueNode(key)?.text ?? String(value))}").`);
        ok = false;
        return undefined;
      }
      return value;
    };
    if (args.has('total_steps')) {
      totalSteps = positiveInt('total_steps');
    } else if (args.has('epochs') && args.has('steps_per_epoch')) {
      const epochs = positiveInt('epochs');
      const stepsPerEpoch = positiveInt('steps_per_epoch');
      if (epochs !== undefined && stepsPerEpoch !== undefined) totalSteps = epochs * stepsPerEpoch;
    } else {
      this.error(spec.range, 'pt-onecycle-total-steps', 'OneCycleLR needs `total_steps`, or both `epochs` and `steps_per_epoch` (PyTorch raises "You must define either total_steps OR (epochs AND steps_per_epoch)").');
      ok = false;
    }
    const pctStart = args.number('pct_start') ?? 0.3;
    if (args.has('pct_start') && (pctStart < 0 || pctStart > 1 || isIntegerLiteral(args.valueNode('pct_start')))) {
      this.error(args.range('pct_start')!, 'pt-onecycle-pct-start',
        `OneCycleLR needs pct_start to be a float between 0 and 1 (PyTorch checks isinstance(pct_start, float)), not ${args.valueNode('pct_start')?.text ?? pctStart}${isIntegerLiteral(args.valueNode('pct_start')) && pctStart >= 0 && pctStart <= 1 ? `: write ${pctStart}.0` : ''}.`);
      ok = false;
    }
    const anneal = args.string('anneal_strategy') ?? 'cos';
    if (anneal !== 'cos' && anneal !== 'linear') {
      this.error(args.range('anneal_strategy')!, 'pt-onecycle-anneal-strategy',
        `OneCycleLR's anneal_strategy must be 'cos' or 'linear', not '${quoted(anneal)}' (ValueError).${anneal.startsWith('cos') ? ' Did you mean `cos`?' : didYouMean(anneal, ['cos', 'linear'])}`);
      ok = false;
    }
    const divFactor = args.number('div_factor') ?? 25;
    const finalDivFactor = args.number('final_div_factor') ?? 1e4;
    const threePhase = args.boolean('three_phase') ?? false;
    this.checkMomentum(spec);
    if (!ok || maxLr === undefined || totalSteps === undefined || (anneal !== 'cos' && anneal !== 'linear')) return undefined;
    // Phase ends as OneCycleLR computes them: float(pct_start * total_steps) - 1, float(2 * pct_start * total_steps) - 2.
    const end1 = pctStart * totalSteps - 1;
    if (end1 === 0) {
      this.error(args.range('pct_start') ?? spec.range, 'pt-onecycle-zero-phase',
        `pct_start × total_steps = 1: OneCycleLR's first phase has zero length and its first step divides by zero (ZeroDivisionError).`);
      return undefined;
    }
    // OneCycleLR ignores the optimizer's LR: initial_lr = max_lr / div_factor, min_lr = initial_lr / final_div_factor.
    const initial = maxLr / divFactor;
    const minLr = initial / finalDivFactor;
    const anchors = threePhase
      ? [{ step: 0, value: initial }, { step: end1, value: maxLr }, { step: 2 * pctStart * totalSteps - 2, value: initial }, { step: totalSteps - 1, value: minLr }]
      : [{ step: 0, value: initial }, { step: end1, value: maxLr }, { step: totalSteps - 1, value: minLr }];
    return {
      curve: { kind: 'oneCycle', anchors, anneal },
      warmupSteps: 0,
      plannedSteps: totalSteps,
      limits: [{ kind: 'oneCycle', start: 0, end: Infinity, totalSteps, range: args.range('total_steps') ?? spec.range }],
    };
  }

  private cyclic(spec: TorchSchedulerSpec): TorchCurve | undefined {
    const args = spec.args;
    const baseLr = this.firstOfList(args, 'base_lr');
    const maxLr = this.firstOfList(args, 'max_lr');
    const stepUp = args.number('step_size_up') ?? 2000;
    const stepDown = args.number('step_size_down') ?? stepUp;
    const mode = args.string('mode') ?? 'triangular';
    const gamma = args.number('gamma') ?? 1;
    this.checkMomentum(spec);
    if (mode !== 'triangular' && mode !== 'triangular2' && mode !== 'exp_range') {
      this.error(args.range('mode')!, 'pt-cyclic-mode',
        `CyclicLR's mode must be triangular, triangular2 or exp_range, not '${quoted(mode)}' (PyTorch raises "mode is invalid and scale_fn is None").${didYouMean(mode, ['triangular', 'triangular2', 'exp_range'])}`);
      return undefined;
    }
    if (baseLr === undefined || maxLr === undefined) return undefined;
    if (stepUp + stepDown <= 0) {
      this.error(args.range('step_size_up') ?? spec.range, 'pt-zero-length', 'CyclicLR needs step_size_up + step_size_down > 0 (ZeroDivisionError).');
      return undefined;
    }
    // CyclicLR overwrites the optimizer's LR with base_lr at construction; the optimizer's own LR plays no part.
    return plain({ kind: 'cyclic', base: baseLr, max: maxLr, stepUp, stepDown, mode, gamma });
  }

  /** A number, or the first of a per-group list (LR Lens plots param group 0). */
  private firstOfList(args: Fields, key: string): number | undefined {
    const node = args.valueNode(key);
    if (node?.kind === 'array') {
      const values = args.numberList(key);
      if (values === undefined || values.length === 0) return undefined;
      this.info(node.range, 'pt-per-group-list', `\`${args.path(key)}\` gives one value per parameter group; LR Lens plots group 0 (${values[0]}).`);
      return values[0];
    }
    return args.number(key);
  }

  private checkMomentum(spec: TorchSchedulerSpec): void {
    const cycleMomentum = spec.args.boolean('cycle_momentum') ?? true;
    const optimizer = this.context.optimizerName;
    if (cycleMomentum && optimizer && WITHOUT_MOMENTUM.has(optimizer)) {
      this.error(spec.range, 'pt-momentum-required',
        `${spec.className} cycles momentum by default, but ${quoted(optimizer)} has neither momentum nor betas (PyTorch raises "optimizer must support momentum or beta1 with \`cycle_momentum\` option enabled"): set \`cycle_momentum: false\`.`);
    }
  }

  private host(): CompositeHost {
    return {
      build: (spec, base, nested) => this.build(spec, base, nested),
      report: (severity, range, code, message) => this.context.report(range, code, message, severity),
      baseLrHint: this.context.baseLrHint,
    };
  }

  private error(range: SourceRange, code: string, message: string): void { this.context.report(range, code, message, 'error'); }
  private warning(range: SourceRange, code: string, message: string): void { this.context.report(range, code, message, 'warning'); }
  private info(range: SourceRange, code: string, message: string): void { this.context.report(range, code, message, 'information'); }
}

function plain(curve: Curve): TorchCurve {
  return { curve, warmupSteps: 0, limits: [] };
}

/**
 * LinearLR and PolynomialLR stop changing once `last_epoch > total_iters`; with a fractional total_iters the
 * last change happens at its floor, below the closed form's end value, and that value is kept.
 */
function holdAfterLastWholeStep(curve: Curve, totalIters: number): Curve {
  if (Number.isInteger(totalIters)) return curve;
  const last = Math.floor(totalIters);
  return { kind: 'sequence', phases: [
    { start: 0, counter: 'global', curve },
    { start: last + 1, counter: 'global', curve: { kind: 'constant', value: curveAt(curve, last) } },
  ] };
}
