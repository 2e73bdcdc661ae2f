import { buildSchedule } from '../core/build';
import type { Curve } from '../core/curve';
import { formatNumber, globalBatchSize, scaleLr, DEFAULT_REFERENCE_BATCH, type ScalingRule } from '../core/scaling';
import type { Assumption } from '../core/schedule';
import { nominalSlicesPerEpoch, stepsPerEpochFrom, unknownStepsPerEpoch } from '../core/units';
import type { ObjectNode } from '../formats/tree';
import { Fields } from './fields';
import type { Dialect, DialectInput, Diagnostic, ReadResult, SettingRef } from './types';

/**
 * LR Lens's own schedule format: the recipe in the words of the linear-scaling + warmup + decay papers.
 * Documented in the README and in schemas/lrschedule.schema.json. Lengths in `warmup` and `decay` are in
 * epochs unless `unit: update`; the LR changes on every update unless `interval: epoch`.
 */
export const DECAY_TYPES = [
  'constant', 'step', 'multistep', 'exponential', 'cosine', 'cosineRestarts', 'linear', 'polynomial',
  'oneCycle', 'inverseSqrt', 'wsd',
] as const;
export type DecayType = (typeof DECAY_TYPES)[number];
export const WARMUP_TYPES = ['linear', 'constant', 'exponential'] as const;
export const SCALING_RULES = ['linear', 'sqrt', 'none'] as const;
export const UNITS = ['epoch', 'update'] as const;

/** Keys only this format has; two of them, or the file name, identify it. */
const OWN_KEYS = ['lr', 'batch', 'warmup', 'decay', 'epochs', 'datasetSize', 'stepsPerEpoch', 'updates'];

export const lrLensDialect: Dialect = {
  id: 'lr-lens',
  displayName: 'LR Lens',
  detect(input) {
    if (/\.lrschedule\.(json|jsonc|ya?ml|ts)$/i.test(input.fileName)) return 1;
    if (input.root.kind !== 'object') return 0;
    const keys = new Set(input.root.entries.map(e => e.key));
    if (keys.has('$schema') && /lrschedule/i.test(String(input.root.entries.find(e => e.key === '$schema')?.value.text))) return 1;
    const decay = input.root.entries.find(e => e.key === 'decay')?.value;
    const hasDecayObject = decay?.kind === 'object' && decay.entries.some(e => e.key === 'type');
    const own = OWN_KEYS.filter(k => keys.has(k)).length;
    return hasDecayObject && own >= 3 ? 0.8 : 0;
  },
  read(input) {
    return readLrLens(input);
  },
};

function readLrLens(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const settings: SettingRef[] = [];
  const out = { diagnostics, settings };
  const root = input.root.kind === 'object' ? input.root : undefined;
  if (!root) {
    diagnostics.push({ range: input.root.range, severity: 'error', code: 'lrlens-not-a-mapping', message: 'An LR Lens schedule is a mapping of settings (lr, batch, epochs, warmup, decay).' });
    return { schedules: [], diagnostics };
  }
  const fields = new Fields(root, out);
  const facts = input.context.facts;
  const assumptions: Assumption[] = [];
  const fail = (): ReadResult => ({ schedules: [], diagnostics });

  // Batch: a number is the global batch; a mapping multiplies per-device batch, devices and accumulation.
  let globalBatch: number | undefined;
  if (fields.valueNode('batch')?.kind === 'object') {
    const batch = fields.child('batch');
    const perDevice = batch.number('perDevice', { above: 0, integer: true }) ?? facts.batch_size;
    const devices = batch.number('devices', { above: 0, integer: true }) ?? facts.world_size ?? 1;
    const accumulation = batch.number('accumulation', { above: 0, integer: true }) ?? 1;
    if (perDevice !== undefined) {
      globalBatch = globalBatchSize({ perDevice, devices, accumulation });
    }
  } else {
    globalBatch = fields.number('batch', { above: 0, integer: true });
  }

  // LR: a number is used as is; a mapping scales a reference LR by the batch size.
  let peakLr: number | undefined;
  if (fields.valueNode('lr')?.kind === 'object') {
    const lr = fields.child('lr');
    const reference = lr.number('reference', { min: 0 });
    // The file wins; then the lrLens.referenceBatchSize / lrLens.scalingRule settings, directives or flags.
    const referenceBatch = lr.number('referenceBatch', { above: 0 }) ?? facts.reference_batch ?? DEFAULT_REFERENCE_BATCH;
    const rule: ScalingRule = lr.oneOf('scaling', SCALING_RULES) ?? facts.scaling_rule ?? 'linear';
    const explicit = lr.number('value', { min: 0 });
    if (reference !== undefined && globalBatch !== undefined) {
      if (!lr.has('referenceBatch')) {
        assumptions.push({ fact: 'reference_batch', value: referenceBatch, source: input.context.sources.reference_batch ?? 'default',
          howToSet: 'set `lr.referenceBatch` in the file, `lrLens.referenceBatchSize`, a `# lr-lens: reference_batch=N` comment, or --reference-batch' });
      }
      if (!lr.has('scaling')) {
        assumptions.push({ fact: 'scaling_rule', value: rule, source: input.context.sources.scaling_rule ?? 'default',
          howToSet: 'set `lr.scaling` in the file, `lrLens.scalingRule`, a `# lr-lens: scaling_rule=sqrt` comment, or --scaling-rule' });
      }
      const scaled = scaleLr(reference, globalBatch, referenceBatch, rule);
      peakLr = scaled.lr;
      // compared as users read them (6 significant digits): the fix writes 0.141421 for 0.1 × √2, which then agrees
      if (explicit !== undefined && formatNumber(explicit) !== formatNumber(scaled.lr)) {
        lr.report(lr.range('value')!, 'lr-disagrees-with-scaling',
          `\`lr.value\` is ${explicit}, but the ${rule} scaling rule gives ${scaled.arithmetic}; LR Lens uses ${explicit}. Use the scaled LR, or remove \`lr.value\` to follow the rule.`, 'information',
          // an absurd batch (1e-320) scales to Infinity and a reference of 0 to 0: neither is an LR to write
          Number.isFinite(scaled.lr) && scaled.lr > 0 ? [{ title: `Apply the ${rule} scaling rule: ${formatNumber(scaled.lr)}`, edits: [{ range: lr.range('value')!, newText: formatNumber(scaled.lr) }], preferred: true }] : undefined);
        peakLr = explicit;
      }
    } else if (explicit !== undefined) {
      peakLr = explicit;
    } else if (reference !== undefined) {
      fields.report(fields.range('lr')!, 'lrlens-missing-batch', 'Scaling `lr.reference` needs a batch size: set `batch` (global) or `batch.perDevice`.');
      return fail();
    }
  } else {
    peakLr = fields.number('lr', { min: 0 });
  }
  if (peakLr === undefined) {
    if (!fields.has('lr')) diagnostics.push({ range: keyOrRoot(root), severity: 'error', code: 'lrlens-missing-lr', message: 'Set `lr`: a number, or `{ reference, referenceBatch, scaling }` to scale it by the batch size.' });
    return fail();
  }

  // Length: total updates directly, or epochs × updates per epoch.
  const epochs = fields.number('epochs', { above: 0 }) ?? facts.epochs;
  let stepsPerEpoch = fields.number('stepsPerEpoch', { above: 0, integer: true });
  const datasetSize = fields.number('datasetSize', { above: 0, integer: true }) ?? facts.dataset_size;
  const dropLast = fields.boolean('dropLast') ?? false;
  if (stepsPerEpoch === undefined && datasetSize !== undefined && globalBatch !== undefined) {
    stepsPerEpoch = stepsPerEpochFrom({ datasetSize, globalBatch, dropLast });
  }
  if (stepsPerEpoch === undefined && facts.steps_per_epoch !== undefined) {
    stepsPerEpoch = facts.steps_per_epoch;
    assumptions.push({ fact: 'steps_per_epoch', value: stepsPerEpoch, source: input.context.sources.steps_per_epoch ?? 'context',
      howToSet: 'set `stepsPerEpoch` or `datasetSize` in the file' });
  }
  let totalUpdates = fields.number('updates', { above: 0, integer: true }) ?? facts.max_steps;
  // Issue 12 §1: unknown updates per epoch are not an error. Where the file needs them (a run in epochs, a length
  // in epochs, a per-epoch interval), a schedule that changes per epoch only is exact with one counter step per
  // epoch, and any other is drawn at nominal slices per epoch: lengths written in updates cannot then be placed in
  // epochs (said in howToSet). A run given in `updates` with lengths in epochs counts one update per epoch.
  const speUnknown = stepsPerEpoch === undefined && needsEpochLength(fields, epochs !== undefined && totalUpdates === undefined);
  if (stepsPerEpoch === undefined && speUnknown) {
    const perEpochOnly = changesPerEpochOnly(fields);
    stepsPerEpoch = totalUpdates !== undefined || perEpochOnly ? 1 : nominalSlicesPerEpoch(epochs!);
    const inUpdates = usesUpdateLengths(fields);
    assumptions.push(unknownStepsPerEpoch(`set \`stepsPerEpoch\` or \`datasetSize\` in the file` +
      (totalUpdates !== undefined ? `. The run is ${totalUpdates} updates: lengths in epochs are drawn as if an epoch had one update`
        : inUpdates ? `. Lengths in updates cannot be placed in epochs without it: drawn as if an epoch had ${stepsPerEpoch} updates` : '')));
  }
  if (totalUpdates === undefined && epochs !== undefined && stepsPerEpoch !== undefined) totalUpdates = Math.round(epochs * stepsPerEpoch);
  if (totalUpdates === undefined) {
    diagnostics.push({ range: keyOrRoot(root, 'epochs'), severity: 'error', code: 'lrlens-missing-length',
      message: epochs === undefined
        ? 'Set the run length: `epochs` (with `stepsPerEpoch` or `datasetSize`) or `updates`.'
        : 'Epochs need updates per epoch: set `stepsPerEpoch`, or `datasetSize` with `batch`.' });
    return fail();
  }
  const toUpdates = (value: number, unit: 'epoch' | 'update'): number | undefined =>
    unit === 'update' ? value : stepsPerEpoch !== undefined ? Math.round(value * stepsPerEpoch) : undefined;

  // Warmup.
  const warmup = fields.child('warmup');
  let warmupUpdates = 0;
  let warmupCurve: Curve | undefined;
  if (warmup.node) {
    const type = warmup.oneOf('type', WARMUP_TYPES) ?? 'linear';
    const interval = warmup.oneOf('interval', UNITS) ?? 'update';
    const inUpdates = warmup.number('updates', { min: 0, integer: true });
    const inEpochs = warmup.number('epochs', { min: 0 });
    const fraction = warmup.number('fraction', { min: 0 });
    if (inUpdates !== undefined) warmupUpdates = inUpdates;
    else if (inEpochs !== undefined) {
      const w = toUpdates(inEpochs, 'epoch') ?? Math.round(inEpochs);
      warmupUpdates = w;
    } else if (fraction !== undefined) warmupUpdates = Math.ceil(fraction * totalUpdates);
    const startFactor = warmup.number('startFactor', { min: 0 });
    const startLr = warmup.number('startLr', { min: 0 }) ?? (startFactor !== undefined ? startFactor * peakLr : type === 'exponential' ? peakLr / 100 : 0);
    if (warmupUpdates > 0) {
      if (interval === 'epoch') {
        const spe = stepsPerEpoch ?? 1;
        warmupCurve = { kind: 'perEpoch', stepsPerEpoch: spe, curve: warmupShape(type, startLr, peakLr, warmupUpdates / spe) };
      } else {
        warmupCurve = warmupShape(type, startLr, peakLr, warmupUpdates);
      }
    }
  }

  // Decay, after the warmup.
  const decay = fields.child('decay');
  const decayType = decay.node ? decay.oneOf('type', DECAY_TYPES) : 'constant';
  if (decayType === undefined) return fail();
  const unit = decay.oneOf('unit', UNITS) ?? (stepsPerEpoch !== undefined && (!speUnknown || epochs !== undefined) ? 'epoch' : 'update');
  const interval = decay.oneOf('interval', UNITS) ?? (decayType === 'step' || decayType === 'multistep' ? 'epoch' : 'update');
  // Milestones and steps count from the start of the run (epoch 30 is epoch 30 of training, as in Goyal
  // et al.); continuous decays run from the end of warmup to the end of training.
  const countsFromStart = decay.oneOf('from', ['start', 'warmupEnd'] as const) ??
    (decayType === 'step' || decayType === 'multistep' || decayType === 'exponential' ? 'start' : 'warmupEnd');
  // (stepsPerEpoch is set, nominal when unknown, whenever a length or interval is in epochs: needsEpochLength)
  const spe = stepsPerEpoch ?? 1;
  // The decay curve's counter unit: epochs when it changes per epoch, updates otherwise.
  const perEpoch = interval === 'epoch';
  const length = (value: number, valueUnit: 'epoch' | 'update' = unit): number => {
    const updates = valueUnit === 'update' ? value : value * spe;
    return perEpoch ? updates / spe : updates;
  };
  const remaining = length(countsFromStart === 'start' ? totalUpdates : totalUpdates - warmupUpdates, 'update');
  const minLr = decay.number('minLr', { min: 0 }) ?? (decay.number('minFactor', { min: 0 }) ?? 0) * peakLr;
  let decayCurve: Curve;
  switch (decayType) {
    case 'constant':
      decayCurve = { kind: 'constant', value: peakLr };
      break;
    case 'step': {
      const stepSize = decay.number('stepSize', { above: 0 });
      if (stepSize === undefined) return missing(decay, 'stepSize', diagnostics);
      decayCurve = { kind: 'step', base: peakLr, stepSize: length(stepSize), gamma: decay.number('gamma', { min: 0 }) ?? 0.1 };
      break;
    }
    case 'multistep': {
      const milestones = decay.numberList('milestones', { min: 0 });
      if (milestones === undefined) return missing(decay, 'milestones', diagnostics);
      decayCurve = { kind: 'multistep', base: peakLr, milestones: milestones.map(m => length(m)), gamma: decay.number('gamma', { min: 0 }) ?? 0.1 };
      break;
    }
    case 'exponential':
      decayCurve = { kind: 'exponential', base: peakLr, gamma: decay.number('gamma', { above: 0 }) ?? 0.95 };
      break;
    case 'cosine': {
      const period = decay.number('period', { above: 0 });
      decayCurve = { kind: 'cosine', base: peakLr, min: minLr, period: period !== undefined ? length(period) : remaining, after: 'hold' };
      break;
    }
    case 'cosineRestarts': {
      const period = decay.number('period', { above: 0 });
      if (period === undefined) return missing(decay, 'period', diagnostics);
      decayCurve = { kind: 'cosineRestarts', base: peakLr, min: minLr, firstPeriod: length(period),
        periodMult: decay.number('periodMult', { min: 1 }) ?? 1, restartDecay: decay.number('restartDecay', { min: 0 }) ?? 1 };
      break;
    }
    case 'linear': {
      const period = decay.number('length', { above: 0 });
      decayCurve = { kind: 'linear', from: peakLr, to: decay.number('endLr', { min: 0 }) ?? minLr, length: period !== undefined ? length(period) : remaining };
      break;
    }
    case 'polynomial': {
      const period = decay.number('length', { above: 0 });
      decayCurve = { kind: 'polynomial', base: peakLr, end: decay.number('endLr', { min: 0 }) ?? minLr,
        length: period !== undefined ? length(period) : remaining, power: decay.number('power', { above: 0 }) ?? 1 };
      break;
    }
    case 'oneCycle': {
      // PyTorch OneCycleLR's anchors over the decay's span: initial = max / divFactor, min = initial / finalDivFactor.
      const total = remaining;
      const pctStart = decay.number('pctStart', { above: 0 }) ?? 0.3;
      const initial = peakLr / (decay.number('divFactor', { above: 0 }) ?? 25);
      const final = initial / (decay.number('finalDivFactor', { above: 0 }) ?? 1e4);
      const threePhase = decay.boolean('threePhase') ?? false;
      const anchors = threePhase
        ? [{ step: 0, value: initial }, { step: pctStart * total - 1, value: peakLr }, { step: 2 * pctStart * total - 2, value: initial }, { step: total - 1, value: final }]
        : [{ step: 0, value: initial }, { step: pctStart * total - 1, value: peakLr }, { step: total - 1, value: final }];
      decayCurve = { kind: 'oneCycle', anchors, anneal: decay.oneOf('anneal', ['cos', 'linear'] as const) ?? 'cos' };
      break;
    }
    case 'inverseSqrt': {
      const timescale = decay.number('timescale', { above: 0 }) ?? Math.max(1, warmupUpdates);
      decayCurve = { kind: 'inverseSqrt', base: peakLr, timescale, offset: timescale };
      break;
    }
    case 'wsd': {
      const decayFraction = decay.number('decayFraction', { min: 0 }) ?? 0.1;
      const decayLength = Math.ceil(decayFraction * remaining);
      decayCurve = { kind: 'wsd', base: peakLr, warmup: 0, warmupStart: peakLr, stable: remaining - decayLength, decay: decayLength,
        min: minLr, decayShape: decay.oneOf('decayShape', ['linear', 'cosine', '1-sqrt'] as const) ?? 'linear' };
      break;
    }
  }
  if (perEpoch) decayCurve = { kind: 'perEpoch', stepsPerEpoch: spe, curve: decayCurve };

  const curve: Curve = warmupCurve
    ? { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: warmupCurve },
        { start: warmupUpdates, counter: countsFromStart === 'start' ? 'global' : 'local', curve: decayCurve, label: 'warmup end' },
      ] }
    : countsFromStart === 'start' || warmupUpdates === 0 ? decayCurve
    : { kind: 'sequence', phases: [{ start: 0, counter: 'global', curve: { kind: 'constant', value: peakLr } },
        { start: warmupUpdates, counter: 'local', curve: decayCurve }] };
  const schedule = buildSchedule({
    name: fields.string('name'),
    curve,
    totalUpdates,
    stepsPerEpoch,
    updatesPerEpochUnknown: speUnknown,
    changes: perEpoch && !warmupCurve ? 'epoch' : 'update',
    warmupUpdates,
    assumptions,
  });
  return { schedules: [{ dialect: 'lr-lens', schedule, range: root.range, settings }], diagnostics };
}

function warmupShape(type: (typeof WARMUP_TYPES)[number], from: number, to: number, length: number): Curve {
  switch (type) {
    case 'linear':
      return { kind: 'linear', from, to, length };
    case 'constant':
      return { kind: 'sequence', phases: [{ start: 0, counter: 'global', curve: { kind: 'constant', value: from } },
        { start: length, counter: 'global', curve: { kind: 'constant', value: to } }] };
    case 'exponential':
      return { kind: 'exponentialRamp', from: Math.max(from, Number.MIN_VALUE), to, length };
  }
}

function missing(fields: Fields, key: string, diagnostics: Diagnostic[]): ReadResult {
  fields.report(fields.range('type')!, 'lrlens-missing-setting', `This decay needs \`${fields.path(key)}\`.`);
  return { schedules: [], diagnostics };
}

function keyOrRoot(root: ObjectNode, key?: string) {
  const entry = key ? root.entries.find(e => e.key === key) : undefined;
  return entry ? entry.keyRange : { start: root.range.start, end: Math.min(root.range.end, root.range.start + 1) };
}

/** The raw value of `parent.key` (the typed reads come later and report problems once). */
function raw(fields: Fields, parent: string, key: string): unknown {
  const node = fields.valueNode(parent);
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i];
    if (entry.key === key) return entry.value.kind === 'string' || entry.value.kind === 'number' ? entry.value.value : true;
  }
  return undefined;
}

/** Whether anything needs the updates per epoch: a run in epochs, or a length or interval in epochs. */
function needsEpochLength(fields: Fields, runInEpochs: boolean): boolean {
  return runInEpochs || raw(fields, 'warmup', 'epochs') !== undefined || raw(fields, 'warmup', 'interval') === 'epoch' ||
    raw(fields, 'decay', 'interval') === 'epoch' || raw(fields, 'decay', 'unit') === 'epoch' ||
    (fields.valueNode('decay')?.kind === 'object' && ['step', 'multistep'].includes(String(raw(fields, 'decay', 'type'))) && raw(fields, 'decay', 'interval') !== 'update');
}

/** The LR changes at epoch boundaries only: a decay stepped per epoch and no warm-up, or one stepped per epoch too. */
function changesPerEpochOnly(fields: Fields): boolean {
  const decayType = String(raw(fields, 'decay', 'type') ?? 'constant');
  const decayInterval = raw(fields, 'decay', 'interval') ?? (decayType === 'step' || decayType === 'multistep' ? 'epoch' : 'update');
  const decayPerEpoch = decayInterval === 'epoch' || (decayType === 'constant' && fields.valueNode('decay') === undefined);
  const warmup = fields.valueNode('warmup');
  const warmupPerEpoch = warmup === undefined || warmup.kind !== 'object' || raw(fields, 'warmup', 'interval') === 'epoch' ||
    (raw(fields, 'warmup', 'updates') === undefined && raw(fields, 'warmup', 'epochs') === undefined && raw(fields, 'warmup', 'fraction') === undefined);
  return decayPerEpoch && warmupPerEpoch && raw(fields, 'warmup', 'updates') === undefined && raw(fields, 'decay', 'unit') !== 'update';
}

/** A length written in updates, which cannot be placed in epochs without the updates per epoch. */
function usesUpdateLengths(fields: Fields): boolean {
  return raw(fields, 'warmup', 'updates') !== undefined || raw(fields, 'decay', 'unit') === 'update';
}
