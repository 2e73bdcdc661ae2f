import { listed, quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Assumption } from '../core/schedule';
import type { ConfigEntry, ObjectNode, SourceRange } from '../formats/tree';
import {
  D2_PROJECT_SCHEDULERS, D2_SCHEDULERS, D2_WARMUP_METHODS, autoScale, mainMultiplier, polyCurve, solverCurve, type SolverConfig,
} from './detectron2/solverSchedule';
import { pythonRepr, pythonTypeName, yacsAccepts, yacsValue, type PyType, type PyValue } from './detectron2/yacsValues';
import { unreadBaseNote } from './detectron2/bases';
import { closestMatch, didYouMean } from './suggest';
import type { Diagnostic, Dialect, DialectInput, Fix, ReadResult, SettingRef } from './types';

/**
 * detectron2 yacs YAML configs (`cfg.merge_from_file`, then `DefaultTrainer`): the schedule lives in `SOLVER`,
 * unset keys take `detectron2/config/defaults.py` values, and N = MAX_ITER iterations (one optimizer update each).
 */

type Out = { diagnostics: Diagnostic[]; settings: SettingRef[] };

/**
 * `_C.SOLVER` in detectron2/config/defaults.py (main @02b5c4e2): type and default of every key. A Map, as it is
 * looked up with the config's keys (a `SOLVER.constructor` key is unknown, not Object.prototype's; issue 11).
 */
const SOLVER_DEFAULTS: ReadonlyMap<string, { type: PyType; value?: number | string | boolean | number[] }> = new Map(Object.entries({
  LR_SCHEDULER_NAME: { type: 'str', value: 'WarmupMultiStepLR' },
  MAX_ITER: { type: 'int', value: 40000 },
  BASE_LR: { type: 'float', value: 0.001 },
  BASE_LR_END: { type: 'float', value: 0.0 },
  MOMENTUM: { type: 'float' },
  NESTEROV: { type: 'bool' },
  WEIGHT_DECAY: { type: 'float' },
  WEIGHT_DECAY_NORM: { type: 'float' },
  GAMMA: { type: 'float', value: 0.1 },
  STEPS: { type: 'tuple', value: [30000] },
  NUM_DECAYS: { type: 'int', value: 3 },
  WARMUP_FACTOR: { type: 'float', value: 1.0 / 1000 },
  WARMUP_ITERS: { type: 'int', value: 1000 },
  WARMUP_METHOD: { type: 'str', value: 'linear' },
  RESCALE_INTERVAL: { type: 'bool', value: false },
  CHECKPOINT_PERIOD: { type: 'int' },
  IMS_PER_BATCH: { type: 'int', value: 16 },
  REFERENCE_WORLD_SIZE: { type: 'int', value: 0 },
  BIAS_LR_FACTOR: { type: 'float', value: 1.0 },
  WEIGHT_DECAY_BIAS: { type: 'none' },
  CLIP_GRADIENTS: { type: 'dict' },
  AMP: { type: 'dict' },
}));
/**
 * SOLVER keys that projects in the detectron2 repository add to get_cfg() (a Map, looked up by config keys):
 * DeepLab's add_deeplab_config (projects/DeepLab/deeplab/config.py) for its WarmupPolyLR, Panoptic-DeepLab's
 * add_panoptic_deeplab_config (OPTIMIZER). A config naming them is that project's, not a typo.
 */
const PROJECT_SOLVER_KEYS: ReadonlyMap<string, { type: PyType; value: number | string }> = new Map(Object.entries({
  POLY_LR_POWER: { type: 'float', value: 0.9 },
  POLY_LR_CONSTANT_ENDING: { type: 'float', value: 0.0 },
  OPTIMIZER: { type: 'str', value: 'ADAM' },
}));
const solverKeyType = (key: string): PyType | undefined => SOLVER_DEFAULTS.get(key)?.type ?? PROJECT_SOLVER_KEYS.get(key)?.type;
/** Keys added on main after the last release (v0.6): a v0.6 wheel rejects them as non-existent. */
const POST_V06_KEYS = ['BASE_LR_END', 'NUM_DECAYS', 'RESCALE_INTERVAL'];
const HOW_TO_SET_WORLD_SIZE = 'set `lrLens.worldSize`, a `# lr-lens: world_size=N` comment, or --world-size';

export const detectron2Dialect: Dialect = {
  id: 'detectron2',
  displayName: 'detectron2',
  detect(input) {
    if (input.root.kind !== 'object') return 0;
    const entries = new Map(input.root.entries.map(e => [e.key, e.value]));
    let score = 0;
    const solver = entries.get('SOLVER');
    if (solver?.kind === 'object' && solver.entries.some(e => SOLVER_DEFAULTS.has(e.key))) score += 0.6;
    const model = entries.get('MODEL');
    if (model?.kind === 'object') score += model.entries.some(e => e.key === 'META_ARCHITECTURE' || e.key === 'WEIGHTS') ? 0.3 : 0.1;
    // fvcore's `_BASE_` holds one file name: with one more yacs section (`INPUT:` alone, PointSup's
    // *_point_aug configs) that is a detectron2 config whose SOLVER comes from its base (PaddleDetection's
    // `_BASE_` is a list)
    if (entries.has('_BASE_')) score += entries.get('_BASE_')!.kind === 'string' ? 0.4 : 0.3;
    for (const key of ['DATASETS', 'DATALOADER', 'INPUT', 'TEST', 'OUTPUT_DIR', 'VERSION']) if (entries.has(key)) score += 0.1;
    // A yacs config is all upper case; lower-case keys mean another framework's file that happens to say MODEL.
    const lower = input.root.entries.filter(e => /[a-z]/.test(e.key) && e.key !== '_BASE_').length;
    if (lower > input.root.entries.length / 2) score *= 0.3;
    return Math.min(0.95, score);
  },
  read(input) {
    return readDetectron2(input);
  },
};

/** Reads SOLVER keys the way yacs merges them: literal_eval of strings, then the default-type check. */
class SolverKeys {
  failed = false;
  constructor(readonly node: ObjectNode | undefined, private readonly out: Out, private readonly text: string) {}

  entry(key: string): ConfigEntry | undefined {
    return this.node?.entries.filter(e => e.key === key).pop();
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  range(key: string): SourceRange | undefined {
    return this.entry(key)?.value.range;
  }

  /** The merged value of SOLVER.key, undefined when unset; a type yacs rejects is reported and marks failure. */
  value(key: string): PyValue | undefined {
    const e = this.entry(key);
    if (!e) return undefined;
    this.out.settings.push({ path: `SOLVER.${key}`, range: e.value.range, keyRange: { start: e.keyRange.start, end: e.value.range.end } });
    const value = yacsValue(e.value);
    const expected = solverKeyType(key);
    if (expected !== undefined && !yacsAccepts(value.type, expected)) {
      const shown = pythonRepr(value);
      const fixed = this.typeFix(value, expected);
      this.report(e.value.range, 'type-mismatch',
        `yacs rejects \`SOLVER.${key}: ${quoted(e.value.text ?? (e.value.origin ? shown : this.text.slice(e.value.range.start, e.value.range.end)))}\`: it reads ${pythonTypeName(value.type)} ${quoted(shown)} where the default is a ${pythonTypeName(expected)} (ValueError "Type mismatch … for config key: SOLVER.${key}").${this.typeHint(value, expected)}`,
        'error', fixed && [{ title: `Write ${fixed.text}`, edits: [{ range: e.value.range, newText: fixed.text }], preferred: true }], !!fixed);
      // With a fix, read on with the value it writes (see Diagnostic.recoverable).
      if (fixed) return fixed.value;
      this.failed = true;
      return undefined;
    }
    return value;
  }

  number(key: string): number | undefined {
    const v = this.value(key);
    if (v?.type === 'none') {
      this.report(this.range(key)!, 'not-set', `\`SOLVER.${key}\` is None: the scheduler needs a number here.`);
      this.failed = true;
      return undefined;
    }
    return v?.type === 'int' || v?.type === 'float' ? v.value : undefined;
  }

  numberList(key: string): number[] | undefined {
    const v = this.value(key);
    if (v === undefined || (v.type !== 'tuple' && v.type !== 'list')) return undefined;
    const numbers: number[] = [];
    for (const item of v.items) {
      if (item.type !== 'int' && item.type !== 'float') {
        this.report(this.range(key)!, 'steps-not-numbers',
          `\`SOLVER.${key}\` holds ${pythonRepr(item)}, not a number: build_lr_scheduler compares it with MAX_ITER and fails (TypeError). PyYAML keeps \`1e4\` a string inside a list; write 40000 or 4.0e+4.`);
        this.failed = true;
        return undefined;
      }
      numbers.push(item.value);
    }
    return numbers;
  }

  string(key: string): string | undefined {
    const v = this.value(key);
    return v?.type === 'str' ? v.value : undefined;
  }

  boolean(key: string): boolean | undefined {
    const v = this.value(key);
    return v?.type === 'bool' ? v.value : undefined;
  }

  report(range: SourceRange, code: string, message: string, severity: Diagnostic['severity'] = 'error', fixes?: Fix[], recoverable = false): void {
    this.out.diagnostics.push({ range, code: `d2-${code}`, message, severity, fixes, ...(recoverable && { recoverable: true as const }) });
  }

  private typeHint(value: PyValue, expected: PyType): string {
    if (expected === 'float' && value.type === 'int') return ' Write it with a decimal point.';
    if (expected === 'int' && value.type === 'float') return ' Write a whole number without a decimal point or exponent.';
    if (expected === 'tuple') return ' Write a tuple such as `(60000, 80000)` (or `(60000,)` for one step).';
    return '';
  }

  /** The spelling yacs would accept for the same number, and the value it then reads. */
  private typeFix(value: PyValue, expected: PyType): { text: string; value: PyValue } | undefined {
    if (value.type !== 'int' && value.type !== 'float') return undefined;
    // A plain decimal spelling exists only for safe integers (String(1e21) is "1e+21").
    if (!Number.isSafeInteger(value.value)) return undefined;
    if (expected === 'float' && value.type === 'int') return { text: `${value.value}.0`, value: { type: 'float', value: value.value } };
    if (expected === 'int' && value.type === 'float') return { text: String(value.value), value: { type: 'int', value: value.value } };
    if (expected === 'tuple') return { text: `(${value.value},)`, value: { type: 'tuple', items: [value] } };
    return undefined;
  }

}

function readDetectron2(input: DialectInput): ReadResult {
  const out: Out = { diagnostics: [], settings: [] };
  const fail = (): ReadResult => ({ schedules: [], diagnostics: out.diagnostics });
  if (input.root.kind !== 'object') return fail();
  const root = input.root;
  const solverNode = root.entries.filter(e => e.key === 'SOLVER').pop()?.value;
  if (solverNode && solverNode.kind !== 'object' && solverNode.kind !== 'null') {
    out.diagnostics.push({ range: solverNode.range, severity: 'error', code: 'd2-solver-not-a-mapping', message: '`SOLVER` must be a mapping of solver keys (yacs raises on merge).' });
    return fail();
  }
  const keys = new SolverKeys(solverNode?.kind === 'object' ? solverNode : undefined, out, input.text);
  const anchor = (key: string) => keys.entry(key)?.keyRange ?? root.entries.find(e => e.key === 'SOLVER')?.keyRange ?? root.entries[0]?.keyRange ?? root.range;
  const nameValue = keys.string('LR_SCHEDULER_NAME') ?? (keys.has('LR_SCHEDULER_NAME') ? undefined : 'WarmupMultiStepLR');
  const projectName = nameValue !== undefined && !(D2_SCHEDULERS as readonly string[]).includes(nameValue) && !D2_PROJECT_SCHEDULERS.has(nameValue);
  // A name within two letters of one of detectron2's (`WarmupCosineLr`, `WarmupMultistepLR`) is a typo that
  // build_lr_scheduler rejects. Any other name is a project's own scheduler, registered by its own
  // build_lr_scheduler (DeepLab's WarmupPolyLR, Adaptive Teacher's WarmupTwoStageMultiStepLR): not an error, and
  // not drawn, since no key says its shape (a flat line at BASE_LR would be a curve nobody trains with).
  const near = nameValue === undefined ? undefined : closestMatch(nameValue, D2_SCHEDULERS);
  const typo = projectName && near !== undefined && Math.abs(near.length - nameValue!.length) <= 2;
  // Such a project adds its own SOLVER keys (FACTOR_LIST, IMG_PER_BATCH_LABEL …; Mask2Former's BACKBONE_MULTIPLIER
  // beside DeepLab's WarmupPolyLR) to get_cfg(): only near-typos of detectron2's keys are worth a warning then.
  unknownSolverKeys(keys, (projectName && !typo) || (nameValue !== undefined && D2_PROJECT_SCHEDULERS.has(nameValue)));

  if (nameValue !== undefined && projectName) {
    if (typo) {
      keys.report(keys.range('LR_SCHEDULER_NAME')!, 'unknown-scheduler',
        `build_lr_scheduler raises ValueError "Unknown LR scheduler: ${quoted(nameValue)}". detectron2 knows ${D2_SCHEDULERS.map(s => `\`${s}\``).join(', ')}.${didYouMean(nameValue, D2_SCHEDULERS)}`);
    } else {
      keys.report(keys.range('LR_SCHEDULER_NAME')!, 'project-scheduler',
        `\`${quoted(nameValue)}\` is not one of detectron2's schedulers (${D2_SCHEDULERS.map(s => `\`${s}\``).join(', ')}): your project must register it in its own build_lr_scheduler (detectron2's raises ValueError "Unknown LR scheduler"). LR Lens does not know its shape and draws no curve.`,
        'information');
    }
    return fail();
  }
  const name = nameValue as SolverConfig['name'] | undefined;
  const methodValue = keys.string('WARMUP_METHOD') ?? (keys.has('WARMUP_METHOD') ? undefined : 'linear');
  if (methodValue !== undefined && !(D2_WARMUP_METHODS as readonly string[]).includes(methodValue)) {
    keys.report(keys.range('WARMUP_METHOD')!, 'unknown-warmup-method',
      `WarmupParamScheduler raises ValueError "Unknown warmup method: ${methodValue}": use \`linear\` or \`constant\`.${didYouMean(methodValue, D2_WARMUP_METHODS)}`);
    return fail();
  }
  const file = {
    baseLr: keys.number('BASE_LR') ?? 0.001,
    baseLrEnd: keys.number('BASE_LR_END') ?? 0.0,
    maxIter: keys.number('MAX_ITER') ?? input.context.facts.max_iters ?? 40000,
    steps: keys.numberList('STEPS') ?? [30000],
    gamma: keys.number('GAMMA') ?? 0.1,
    numDecays: keys.number('NUM_DECAYS') ?? 3,
    warmupFactor: keys.number('WARMUP_FACTOR') ?? 0.001,
    warmupIters: keys.number('WARMUP_ITERS') ?? 1000,
    rescaleInterval: keys.boolean('RESCALE_INTERVAL') ?? false,
    imsPerBatch: keys.number('IMS_PER_BATCH') ?? 16,
    referenceWorldSize: keys.number('REFERENCE_WORLD_SIZE') ?? 0,
    biasLrFactor: keys.number('BIAS_LR_FACTOR') ?? 1.0,
    // add_deeplab_config's defaults; read for WarmupPolyLR only
    polyPower: nameValue === 'WarmupPolyLR' ? keys.number('POLY_LR_POWER') ?? 0.9 : 0.9,
    polyConstantEnding: nameValue === 'WarmupPolyLR' ? keys.number('POLY_LR_CONSTANT_ENDING') ?? 0.0 : 0.0,
  };
  if (keys.failed || name === undefined || methodValue === undefined) return fail();
  const assumptions: Assumption[] = [];
  if (!keys.has('MAX_ITER') && input.context.facts.max_iters !== undefined) {
    assumptions.push({ fact: 'max_iters', value: file.maxIter, source: input.context.sources.max_iters ?? 'context', howToSet: 'set `SOLVER.MAX_ITER` in the file, an `# lr-lens: max_iters=N` comment, or --max-iters' });
  }

  // DefaultTrainer.auto_scale_workers(cfg, comm.get_world_size()).
  let scaled = { ...file, scale: 1 };
  if (file.referenceWorldSize !== 0) {
    let worldSize = input.context.facts.world_size;
    if (worldSize === undefined) {
      worldSize = file.referenceWorldSize;
      assumptions.push({ fact: 'world_size', value: worldSize, source: 'default', howToSet: HOW_TO_SET_WORLD_SIZE });
    }
    if (worldSize !== file.referenceWorldSize) {
      if (file.imsPerBatch % file.referenceWorldSize !== 0) {
        keys.report(keys.range('REFERENCE_WORLD_SIZE')!, 'reference-world-size',
          `auto_scale_workers asserts IMS_PER_BATCH % REFERENCE_WORLD_SIZE == 0 ("Invalid REFERENCE_WORLD_SIZE in config!"), but ${file.imsPerBatch} % ${file.referenceWorldSize} = ${file.imsPerBatch % file.referenceWorldSize}.`);
        return fail();
      }
      scaled = { ...file, ...autoScale(file, file.referenceWorldSize, worldSize) };
      keys.report(keys.range('REFERENCE_WORLD_SIZE')!, 'auto-scale',
        `DefaultTrainer scales this config from ${file.referenceWorldSize} to ${worldSize} GPUs (× ${scaled.scale}): IMS_PER_BATCH ${scaled.imsPerBatch}, BASE_LR ${scaled.baseLr}, MAX_ITER ${scaled.maxIter}, WARMUP_ITERS ${scaled.warmupIters}, STEPS (${listed(scaled.steps.map(String))}${scaled.steps.length === 1 ? ',' : ''}) (Python rounds halves to even).`,
        'information');
    }
  }

  // build_batch_data_loader (data/build.py) asserts the total batch splits evenly over the GPUs.
  const gpus = input.context.facts.world_size;
  if (gpus !== undefined && gpus > 0 && (scaled.imsPerBatch <= 0 || scaled.imsPerBatch % gpus !== 0)) {
    keys.report(keys.entry('IMS_PER_BATCH')?.value.range ?? anchor('IMS_PER_BATCH'), 'batch-not-divisible',
      `IMS_PER_BATCH ${scaled.imsPerBatch} is the total over all GPUs and must split evenly over ${gpus}: build_batch_data_loader asserts "Total batch size (${scaled.imsPerBatch}) must be divisible by the number of gpus (${gpus})". The curve is what the schedule would do.`);
  }

  const cfg: SolverConfig = {
    name, warmupMethod: methodValue as SolverConfig['warmupMethod'], rescaleInterval: file.rescaleInterval,
    baseLr: scaled.baseLr, baseLrEnd: file.baseLrEnd, maxIter: scaled.maxIter, gamma: file.gamma, numDecays: file.numDecays,
    warmupFactor: file.warmupFactor, warmupIters: scaled.warmupIters,
    // build_lr_scheduler keeps `x <= MAX_ITER` (a step equal to MAX_ITER survives and fails in fvcore).
    steps: scaled.steps.filter(s => s <= scaled.maxIter),
  };
  if (!checkSolver(keys, cfg, scaled.steps, anchor)) return fail();
  solverSurprises(keys, cfg, root, anchor, input);

  const { curve, warmupEnd } = name === 'WarmupPolyLR'
    ? polyCurve({ baseLr: cfg.baseLr, maxIter: cfg.maxIter, warmupFactor: cfg.warmupFactor, warmupIters: cfg.warmupIters, warmupMethod: cfg.warmupMethod,
      power: file.polyPower, constantEnding: file.polyConstantEnding })
    : solverCurve(cfg);
  const schedule = buildSchedule({
    name,
    curve,
    totalUpdates: cfg.maxIter,
    // detectron2 counts iterations only; an epoch length the user gives is kept for display.
    stepsPerEpoch: input.context.facts.steps_per_epoch,
    warmupUpdates: Math.min(warmupEnd, cfg.maxIter),
    assumptions,
  });
  return { schedules: [{ dialect: 'detectron2', schedule, range: solverNode?.range ?? root.range, settings: out.settings }], diagnostics: out.diagnostics };
}

/** The errors build_lr_scheduler and fvcore raise before the first iteration. */
function checkSolver(keys: SolverKeys, cfg: SolverConfig, allSteps: number[], anchor: (key: string) => SourceRange): boolean {
  if (!(cfg.maxIter > 0)) {
    keys.report(anchor('MAX_ITER'), 'max-iter', `MAX_ITER is ${cfg.maxIter}: detectron2 divides WARMUP_ITERS by it and trains no iterations. Set a positive \`SOLVER.MAX_ITER\`.`);
    return false;
  }
  if (cfg.name === 'WarmupCosineLR') {
    const ratio = cfg.baseLrEnd / cfg.baseLr;
    if (!(ratio >= 0 && ratio <= 1)) {
      keys.report(anchor(cfg.baseLr === 0 ? 'BASE_LR' : 'BASE_LR_END'), 'base-lr-end-range', cfg.baseLr === 0
        ? 'WarmupCosineLR divides BASE_LR_END by BASE_LR = 0 (ZeroDivisionError).'
        : `WarmupCosineLR asserts 0 ≤ BASE_LR_END / BASE_LR ≤ 1, but ${cfg.baseLrEnd} / ${cfg.baseLr} = ${ratio} (AssertionError).`);
      return false;
    }
  }
  if (cfg.name === 'WarmupMultiStepLR') {
    if (cfg.steps.length < allSteps.length) {
      keys.report(anchor('STEPS'), 'steps-dropped',
        `STEPS ${listed(allSteps.filter(s => s > cfg.maxIter).map(String))} lie beyond MAX_ITER = ${cfg.maxIter}: build_lr_scheduler drops them with only a log warning, so ${cfg.steps.length === 0 ? 'the LR never decays' : 'those decays never happen'}.`,
        'warning');
    }
    let previous = 0;
    for (const step of cfg.steps) {
      if (step >= cfg.maxIter) {
        keys.report(anchor('STEPS'), 'milestone-at-max-iter',
          `A step equal to MAX_ITER (${step}) passes build_lr_scheduler's filter and fvcore raises ValueError "Milestone must be smaller than total number of updates: num_updates=${cfg.maxIter}, milestone=${step}" (detectron2#4375). Use a step below ${cfg.maxIter} or remove it.`);
        return false;
      }
      if (previous >= step) {
        keys.report(anchor('STEPS'), 'steps-order',
          `STEPS must be positive and strictly increasing: fvcore raises ValueError "Milestone must be smaller than start epoch: start_epoch=${previous}, milestone=${step}".`);
        return false;
      }
      previous = step;
    }
  }
  if (cfg.name === 'WarmupStepWithFixedGammaLR') {
    if (!(cfg.gamma > 0) || !(cfg.numDecays > 0)) {
      keys.report(anchor(!(cfg.gamma > 0) ? 'GAMMA' : 'NUM_DECAYS'), 'fixed-gamma-args',
        'StepWithFixedGammaParamScheduler raises ValueError: GAMMA must be positive and NUM_DECAYS a positive integer.');
      return false;
    }
    keys.report(anchor('LR_SCHEDULER_NAME'), 'fixed-gamma-index-error',
      `WarmupStepWithFixedGammaLR: all ${cfg.maxIter} iterations train with this curve, but the scheduler step after the last one evaluates where = 1.0 and raises IndexError (list index out of range), so training ends with that exception (detectron2's own test expects it). Hooks that run after training (final evaluation, last checkpoint) do not run.`,
      'warning');
  }
  return true;
}

/** Silent surprises: the warm-up not reaching BASE_LR, an over-long warm-up, a _BASE_ chain not read, main-only keys. */
function solverSurprises(keys: SolverKeys, cfg: SolverConfig, root: ObjectNode, anchor: (key: string) => SourceRange, input: DialectInput): void {
  const warmupLength = Math.min(cfg.warmupIters / cfg.maxIter, 1.0);
  if (cfg.warmupIters > 0 && !cfg.rescaleInterval) {
    const target = mainMultiplier(cfg, warmupLength);
    if (cfg.name === 'WarmupCosineLR' && target < 1) {
      keys.report(anchor('WARMUP_ITERS'), 'cosine-warmup-below-peak',
        `The warm-up ramps to the cosine's value at iteration ${cfg.warmupIters} (${+(target * cfg.baseLr).toPrecision(6)} = BASE_LR × ${+target.toPrecision(6)}), not to BASE_LR: the cosine spans the whole run, so the LR never reaches BASE_LR. Set \`RESCALE_INTERVAL: True\` to start the cosine at BASE_LR after the warm-up.`,
        'warning');
    } else if (cfg.name === 'WarmupStepWithFixedGammaLR' && target < 1) {
      keys.report(anchor('WARMUP_ITERS'), 'warmup-swallows-stage',
        `The ${cfg.numDecays + 1} stages are laid out over the whole run, and the warm-up covers the first ${cfg.warmupIters} iterations: it ramps to ${+(target * cfg.baseLr).toPrecision(6)} and the LR never runs at BASE_LR. Set \`RESCALE_INTERVAL: True\` to lay the stages out after the warm-up.`,
        'warning');
    }
  }
  if (cfg.name === 'WarmupCosineLR') {
    const last = mainMultiplier(cfg, cfg.rescaleInterval ? (cfg.maxIter - 1 - cfg.warmupIters) / (cfg.maxIter - cfg.warmupIters) : (cfg.maxIter - 1) / cfg.maxIter);
    keys.report(anchor('BASE_LR_END'), 'last-iter-above-end',
      `The last iteration runs at ${+(last * cfg.baseLr).toPrecision(6)}, slightly above BASE_LR_END (${cfg.baseLrEnd}): the cosine reaches BASE_LR_END only at where = 1, after training.`,
      'information');
  }
  if (cfg.warmupIters >= cfg.maxIter && cfg.warmupIters > 0) {
    // Anchored inside SOLVER (at MAX_ITER when only the default WARMUP_ITERS of 1000 is in play, as in detectron2's
    // *_instant_test configs), where the service's generic warmup-too-long check finds it and says nothing more.
    keys.report(keys.entry('WARMUP_ITERS')?.keyRange ?? keys.entry('MAX_ITER')?.keyRange ?? anchor('WARMUP_ITERS'), 'warmup-too-long',
      `WARMUP_ITERS (${cfg.warmupIters}) ≥ MAX_ITER (${cfg.maxIter}): the whole run is warm-up and the LR never reaches its target.`, 'warning');
  }
  const biasFactor = keys.entry('BIAS_LR_FACTOR');
  if (biasFactor && yacsValue(biasFactor.value).type === 'float' && (yacsValue(biasFactor.value) as { value: number }).value !== 1) {
    keys.report(biasFactor.value.range, 'bias-lr-factor', 'Bias parameters train at BASE_LR × BIAS_LR_FACTOR; the curve shows the other parameters (the factor scales the bias curve the same way at every iteration).', 'information');
  }
  const newKeys = POST_V06_KEYS.filter(k => keys.has(k));
  if (newKeys.length > 0 || cfg.name === 'WarmupStepWithFixedGammaLR') {
    const what = [...newKeys.map(k => `SOLVER.${k}`), ...(cfg.name === 'WarmupStepWithFixedGammaLR' ? ['WarmupStepWithFixedGammaLR'] : [])];
    keys.report(anchor(newKeys[0] ?? 'LR_SCHEDULER_NAME'), 'post-v06',
      `${what.join(', ')} exist only in detectron2 built from main (after the v0.6 release, the last tag): a v0.6 install rejects ${what.length === 1 ? 'it' : 'them'} ("Non-existent config key" / "Unknown LR scheduler").`,
      'information');
  }
  const base = root.entries.find(e => e.key === '_BASE_');
  const unread = base && unreadBaseNote(input);
  if (base && unread) {
    const scheduleKeys = ['LR_SCHEDULER_NAME', 'BASE_LR', 'MAX_ITER', 'STEPS', 'GAMMA', 'WARMUP_ITERS', 'WARMUP_FACTOR', 'WARMUP_METHOD', 'REFERENCE_WORLD_SIZE', 'IMS_PER_BATCH',
      ...(cfg.name === 'WarmupCosineLR' ? ['BASE_LR_END'] : []), ...(cfg.name === 'WarmupStepWithFixedGammaLR' ? ['NUM_DECAYS'] : []), 'RESCALE_INTERVAL'];
    const missing = scheduleKeys.filter(k => !keys.has(k));
    if (missing.length > 0) {
      keys.report(base.keyRange, 'base-not-read',
        `${unread}: the SOLVER keys this file does not set (${missing.join(', ')}) are shown with detectron2's defaults, which is right only if its base files do not set them either.`,
        'warning');
    }
  }
}

/** yacs raises KeyError "Non-existent config key" for a SOLVER key get_cfg() lacks (unless a project adds it). */
function unknownSolverKeys(keys: SolverKeys, projectConfig: boolean): void {
  const known = [...SOLVER_DEFAULTS.keys()];
  for (const e of keys.node?.entries ?? []) {
    if (SOLVER_DEFAULTS.has(e.key) || PROJECT_SOLVER_KEYS.has(e.key)) continue;
    if (projectConfig && !closestMatch(e.key, known)) continue;
    keys.report(e.keyRange, 'unknown-key',
      `detectron2's get_cfg() has no \`SOLVER.${quoted(e.key)}\`: merge_from_file raises KeyError "Non-existent config key: SOLVER.${quoted(e.key)}" unless your project adds it to the config.${didYouMean(e.key, known)}`,
      'warning');
  }
}
