import { quoted } from '../../formats/quote';
import type { ConfigNode, ObjectNode } from '../../formats/tree';
import { Fields } from '../fields';
import { didYouMean } from '../suggest';
import type { Diagnostic, SettingRef } from '../types';
import type { MmParams, MmScheduler } from './kinds';
import { isFloatLiteral, pyyamlBoolean } from './python';

/** `INF = int(1e9)` in param_scheduler.py: the default `end` outside a Runner, never converted. */
export const INF = 1e9;

/**
 * LR schedulers of mmengine/optim/scheduler/lr_scheduler.py → their base ParamScheduler kind. These tables are
 * Maps: `type` comes from the config, and `type: constructor` must be unknown, not Object.prototype's (issue 11).
 */
const LR_TYPES: ReadonlyMap<string, MmParams['kind'] | 'plateau'> = new Map(Object.entries({
  LinearLR: 'linear', ConstantLR: 'constant', StepLR: 'step', MultiStepLR: 'multistep', ExponentialLR: 'exponential',
  CosineAnnealingLR: 'cosine', PolyLR: 'poly', OneCycleLR: 'oneCycle', CosineRestartLR: 'cosineRestart',
  ReduceOnPlateauLR: 'plateau',
} as const));
/** The generic classes, which act on the LR only with `param_name: lr`. */
const PARAM_TYPES: ReadonlyMap<string, MmParams['kind'] | 'plateau'> = new Map(Object.entries({
  LinearParamScheduler: 'linear', ConstantParamScheduler: 'constant', StepParamScheduler: 'step',
  MultiStepParamScheduler: 'multistep', ExponentialParamScheduler: 'exponential',
  CosineAnnealingParamScheduler: 'cosine', PolyParamScheduler: 'poly', OneCycleParamScheduler: 'oneCycle',
  CosineRestartParamScheduler: 'cosineRestart', ReduceOnPlateauParamScheduler: 'plateau',
} as const));
const MOMENTUM_TYPES = ['LinearMomentum', 'ConstantMomentum', 'StepMomentum', 'MultiStepMomentum', 'ExponentialMomentum',
  'CosineAnnealingMomentum', 'PolyMomentum', 'CosineRestartMomentum', 'ReduceOnPlateauMomentum'];
/** Registered by OpenMMLab codebases on top of MMEngine; their formulas are not modelled here. */
const DOWNSTREAM_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  QuadraticWarmupLR: 'mmdet', QuadraticWarmupParamScheduler: 'mmdet', PolyLRRatio: 'mmseg',
}));
export const KNOWN_TYPES = [...LR_TYPES.keys(), ...PARAM_TYPES.keys(), ...MOMENTUM_TYPES];

/** What the Runner knows when it builds the schedulers (Runner._build_param_scheduler). */
export interface BuildContext {
  loop: 'epoch' | 'iter';
  /** train loop max_epochs (1 for an IterBasedTrainLoop) and max_iters: the default `end`s */
  maxEpochs: number;
  maxIters: number;
  /** len(train_dataloader), for convert_to_iter_based (nominal slices when unknown, see mmengine.ts); undefined when unused */
  epochLength: number | undefined;
  /** set when a scheduler was converted with it */
  epochLengthUsed?: boolean;
  out: { diagnostics: Diagnostic[]; settings: SettingRef[] };
  loader: 'yaml12' | 'pyyaml';
}

export type ParsedEntry =
  | { status: 'scheduler'; scheduler: Omit<MmScheduler, 'base'>; explicitByEpoch: boolean; explicitEnd: boolean; /** begin as built (after conversion), before whole-step rounding */ rawBegin: number; etaMax?: number; divFactor?: number }
  | { status: 'skip' }
  | { status: 'plateau'; range: ConfigNode['range'] }
  | { status: 'fail' };

/** One `param_scheduler` entry → the scheduler MMEngine builds from it (defaults, conversion, validation). */
export function parseEntry(node: ConfigNode, index: number, ctx: BuildContext): ParsedEntry {
  const where = `param_scheduler[${index}]`;
  const report = (range: ConfigNode['range'], code: string, message: string, severity: 'error' | 'warning' | 'information' = 'error') =>
    ctx.out.diagnostics.push({ range, code, message, severity });
  if (node.kind !== 'object') {
    report(node.range, 'mm-scheduler-not-a-mapping', `\`${where}\` should be a mapping with a \`type\` (e.g. \`type: LinearLR\`).`);
    return { status: 'fail' };
  }
  const f = new Fields(node, ctx.out, { prefix: where, loader: ctx.loader, codePrefix: 'mm-' });
  const written = f.string('type');
  if (written === undefined) {
    if (!f.has('type')) report(node.range, 'mm-missing-type', `\`${where}\` has no \`type\`: MMEngine cannot build it.`);
    return { status: 'fail' };
  }
  // Registry names may carry a scope (`mmengine.LinearLR`, `mmdet.QuadraticWarmupLR`).
  const type = written.split('.').pop()!;
  const typeRange = f.range('type')!;
  if (MOMENTUM_TYPES.includes(type)) {
    report(typeRange, 'mm-momentum-scheduler', `\`${type}\` schedules the momentum, not the learning rate; LR Lens leaves it out.`, 'information');
    return { status: 'skip' };
  }
  const downstream = DOWNSTREAM_TYPES.get(type);
  if (downstream) {
    report(typeRange, 'mm-unsupported-scheduler', `\`${type}\` is registered by ${downstream}, not MMEngine; LR Lens does not model it, so no curve is drawn.`, 'warning');
    return { status: 'fail' };
  }
  let kind = LR_TYPES.get(type);
  if (kind === undefined && PARAM_TYPES.has(type)) {
    const paramName = f.string('param_name');
    if (paramName !== 'lr') {
      report(typeRange, 'mm-not-lr', `\`${type}\` schedules \`${paramName === undefined ? '(no param_name)' : quoted(paramName)}\`, not the learning rate; LR Lens leaves it out.`, 'information');
      return { status: 'skip' };
    }
    kind = PARAM_TYPES.get(type);
  }
  if (kind === undefined) {
    report(typeRange, 'mm-unknown-scheduler', `\`${quoted(written)}\` is not an MMEngine parameter scheduler.${didYouMean(type, KNOWN_TYPES)}`);
    return { status: 'fail' };
  }
  if (kind === 'plateau') return { status: 'plateau', range: typeRange };

  // Common arguments (_ParamScheduler.__init__) and the Runner's defaults.
  const explicitByEpoch = f.has('by_epoch');
  const byEpoch = explicitByEpoch ? pyyamlBoolean(f, 'by_epoch') ?? true : true;
  const convert = f.has('convert_to_iter_based') ? pyyamlBoolean(f, 'convert_to_iter_based') ?? false : false;
  let begin = f.number('begin') ?? 0;
  const explicitEnd = f.has('end');
  // Runner._build_param_scheduler: `_scheduler.setdefault('end', max_epochs if by_epoch else max_iters)`.
  let end = f.number('end') ?? (byEpoch ? ctx.maxEpochs : ctx.maxIters);
  if (convert && !byEpoch) {
    report(f.range('convert_to_iter_based')!, 'mm-convert-needs-by-epoch',
      '`convert_to_iter_based` only converts epoch-based schedulers: MMEngine asserts "only epoch-based parameter scheduler can be converted to iter-based". Remove `by_epoch: false` or the conversion.');
    return { status: 'fail' };
  }
  let L = 1;
  if (convert) {
    // the reader gives a nominal length when the iterations per epoch are unknown (issue 12 §1)
    L = ctx.epochLength ?? 1;
    ctx.epochLengthUsed = true;
    // build_iter_from_epoch: begin = int(begin * L), end = int(end * L) unless end is INF.
    begin = Math.trunc(begin * L);
    if (end !== INF) end = Math.trunc(end * L);
  }
  if (end <= begin) {
    report(f.range('end') ?? typeRange, 'mm-end-before-begin', `MMEngine raises "end should be larger than begin, but got begin=${begin}, end=${end}".`);
    return { status: 'fail' };
  }
  const params = parseParams(kind, f, typeRange, { begin, end, L, report, type, where });
  if (!params) return { status: 'fail' };
  // Steps are counted in whole numbers: a fractional window [0.5, 3.5) holds steps 1, 2, 3. A negative begin
  // puts global step 0 inside the window, where last_step still starts at 0.
  const scheduler = { type, index, byEpoch: byEpoch && !convert, begin: Math.max(0, Math.ceil(begin)), end: Math.ceil(end), params: params.params, range: node.range };
  return { status: 'scheduler', scheduler, explicitByEpoch, explicitEnd, rawBegin: begin, etaMax: params.etaMax, divFactor: params.divFactor };
}

interface ParamContext {
  begin: number;
  end: number;
  /** epoch length when converted, else 1 */
  L: number;
  report: (range: ConfigNode['range'], code: string, message: string, severity?: 'error' | 'warning' | 'information') => void;
  type: string;
  where: string;
}

function parseParams(kind: MmParams['kind'], f: Fields, typeRange: ConfigNode['range'], c: ParamContext):
  { params: MmParams; etaMax?: number; divFactor?: number } | undefined {
  const { begin, end, L } = c;
  const factorIn01 = (key: string, fallback: number): number | undefined => {
    const v = f.number(key) ?? (f.has(key) ? undefined : fallback);
    if (v !== undefined && (v > 1 || v < 0)) {
      c.report(f.range(key)!, 'mm-factor-out-of-range', `\`${f.path(key)}: ${v}\`: MMEngine raises "${key === 'factor' ? 'Constant multiplicative factor' : key === 'start_factor' ? 'Starting multiplicative factor' : 'Ending multiplicative factor'} should between 0 and 1".`);
      return undefined;
    }
    return v;
  };
  const required = (key: string): boolean => {
    if (f.has(key)) return true;
    c.report(typeRange, 'mm-missing-argument', `\`${c.type}\` needs \`${key}\` (${c.where}).`);
    return false;
  };
  switch (kind) {
    case 'linear': {
      const startFactor = factorIn01('start_factor', 1 / 3);
      const endFactor = factorIn01('end_factor', 1.0);
      if (startFactor === undefined || endFactor === undefined) return undefined;
      return { params: { kind, startFactor, endFactor, totalIters: end - begin - 1 } };
    }
    case 'constant': {
      const factor = factorIn01('factor', 1 / 3);
      if (factor === undefined) return undefined;
      return { params: { kind, factor, totalIters: end - begin - 1 } };
    }
    case 'step': {
      if (!required('step_size')) return undefined;
      const stepSize = f.number('step_size', { above: 0 });
      if (stepSize === undefined) return undefined;
      if (!Number.isInteger(stepSize * L)) {
        c.report(f.range('step_size')!, 'mm-fractional-step-size', `\`${f.path('step_size')}: ${stepSize}\` is not a whole number of steps: StepLR decays only where the step count is an exact multiple of it. Use a whole number.`);
        return undefined;
      }
      return { params: { kind, stepSize: stepSize * L, gamma: f.number('gamma') ?? 0.1 } };
    }
    case 'multistep': {
      if (!required('milestones')) return undefined;
      const milestones = f.numberList('milestones');
      if (!milestones) return undefined;
      return { params: { kind, milestones: milestones.map(m => m * L), gamma: f.number('gamma') ?? 0.1 } };
    }
    case 'exponential': {
      if (!required('gamma')) return undefined;
      const gamma = f.number('gamma');
      return gamma === undefined ? undefined : { params: { kind, gamma } };
    }
    case 'cosine': {
      const etaMin = f.number('eta_min');
      const etaMinRatio = f.number('eta_min_ratio');
      if (etaMin !== undefined && etaMinRatio !== undefined) {
        c.report(f.range('eta_min_ratio')!, 'mm-eta-min-conflict', 'CosineAnnealingLR takes `eta_min` or `eta_min_ratio`, not both: MMEngine asserts "Either `eta_min` or `eta_min_ratio should be specified".');
        return undefined;
      }
      const tMaxSet = f.number('T_max', { min: 0 });
      // `self.T_max = T_max or (end - begin)`: a missing (or zero) T_max spans the window.
      const tMax = tMaxSet ? tMaxSet * L : end - begin;
      return { params: { kind, tMax, etaMin: etaMinRatio === undefined ? etaMin ?? 0 : undefined, etaMinRatio } };
    }
    case 'poly':
      return { params: { kind, etaMin: f.number('eta_min') ?? 0, power: f.number('power') ?? 1.0, totalIters: end - begin - 1 } };
    case 'oneCycle':
      return parseOneCycle(f, typeRange, c);
    case 'cosineRestart': {
      if (!required('periods')) return undefined;
      const periods = f.numberList('periods', { above: 0 });
      const weights = f.has('restart_weights') ? f.numberList('restart_weights') : [1];
      if (!periods || !weights) return undefined;
      const etaMin = f.number('eta_min');
      const etaMinRatio = f.number('eta_min_ratio');
      if ((etaMin === undefined) === (etaMinRatio === undefined)) {
        c.report(typeRange, 'mm-restart-eta-min', 'CosineRestartLR needs exactly one of `eta_min` and `eta_min_ratio` (MMEngine asserts `(eta_min is None) ^ (eta_min_ratio is None)`).');
        return undefined;
      }
      if (periods.length !== weights.length) {
        c.report(f.range('restart_weights') ?? f.range('periods')!, 'mm-restart-weights-length',
          `CosineRestartLR has ${periods.length} periods but ${weights.length} restart_weights: MMEngine asserts "periods and restart_weights should have the same length".`);
        return undefined;
      }
      return { params: { kind, periods: periods.map(p => p * L), weights, etaMin, etaMinRatio } };
    }
  }
  return undefined;
}

function parseOneCycle(f: Fields, typeRange: ConfigNode['range'], c: ParamContext): { params: MmParams; etaMax: number; divFactor: number } | undefined {
  const etaMaxNode = f.valueNode('eta_max');
  // eta_max may be one value per param group; param_groups[0] uses the first.
  const etaMax = etaMaxNode?.kind === 'array' ? f.numberList('eta_max')?.[0] : f.number('eta_max') ?? (f.has('eta_max') ? undefined : 0);
  if (etaMax === undefined) return undefined;
  let totalSteps = c.end - c.begin;
  if (f.has('total_steps')) {
    const node = f.valueNode('total_steps')!;
    const value = f.number('total_steps');
    if (value === undefined) return undefined;
    if (value <= 0 || isFloatLiteral(node)) {
      c.report(node.range, 'mm-onecycle-total-steps', `OneCycleLR raises "Expected positive integer total_steps, but got ${node.text ?? value}".`);
      return undefined;
    }
    totalSteps = value * c.L;
  }
  const pctNode = f.valueNode('pct_start');
  const pctStart = f.number('pct_start') ?? (pctNode ? undefined : 0.3);
  if (pctStart === undefined) return undefined;
  // `isinstance(pct_start, float)`: `pct_start: 0` or `1` (ints) are rejected.
  if (pctStart < 0 || pctStart > 1 || (pctNode && !isFloatLiteral(pctNode))) {
    c.report(pctNode?.range ?? typeRange, 'mm-onecycle-pct-start', `OneCycleLR raises "Expected float between 0 and 1 pct_start, but got ${pctNode?.text ?? pctStart}"; write it with a decimal point, e.g. 0.3.`);
    return undefined;
  }
  const anneal = f.string('anneal_strategy') ?? 'cos';
  if (anneal !== 'cos' && anneal !== 'linear') {
    c.report(f.range('anneal_strategy')!, 'mm-onecycle-anneal', `OneCycleLR raises: anneal_strategy must by one of "cos" or "linear", instead got ${quoted(anneal)}.${didYouMean(anneal, ['cos', 'linear'])}`);
    return undefined;
  }
  const divFactor = f.number('div_factor') ?? 25;
  const finalDivFactor = f.number('final_div_factor') ?? 1e4;
  const threePhase = f.has('three_phase') ? pyyamlBoolean(f, 'three_phase') ?? false : false;
  const initial = etaMax / divFactor;
  const min = initial / finalDivFactor;
  const T = totalSteps;
  const anchors = threePhase
    ? [{ step: 0, value: initial }, { step: pctStart * T - 1, value: etaMax }, { step: 2 * pctStart * T - 2, value: initial }, { step: T - 1, value: min }]
    : [{ step: 0, value: initial }, { step: pctStart * T - 1, value: etaMax }, { step: T - 1, value: min }];
  return { params: { kind: 'oneCycle', totalSteps, anchors, anneal }, etaMax, divFactor };
}

export function asObject(node: ConfigNode | undefined): ObjectNode | undefined {
  return node?.kind === 'object' ? node : undefined;
}
