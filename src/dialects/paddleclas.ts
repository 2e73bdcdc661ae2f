import { quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Assumption } from '../core/schedule';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../core/units';
import type { ConfigNode, ObjectNode, SourceRange } from '../formats/tree';
import { blockingErrors } from './fields';
import { PdArgs } from './paddleclas/args';
import { buildLr } from './paddleclas/schedules';
import type { AnalysisContext, Diagnostic, Dialect, DialectInput, ReadResult, ReadSchedule, SettingRef } from './types';

/**
 * PaddleClas YAML configs (ppcls/configs/…): the `Optimizer.lr` block, built by ppcls/optimizer/__init__.py
 * `build_lr_scheduler(lr_config, Global.epochs, step_each_epoch)` with step_each_epoch =
 * iter_per_epoch // Global.update_freq (ppcls/engine/engine.py), stepped by ppcls/engine/train/train.py.
 * PaddleClas @d178931f (v2.4+); see dialects.md §8.
 */
const HOW_TO_SET_STEPS = 'set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch';

export const paddleclasDialect: Dialect = {
  id: 'paddleclas',
  displayName: 'PaddleClas',
  detect(input) {
    const root = asObject(input.root);
    if (!root) return 0;
    const optimizer = valueOf(root, 'Optimizer');
    if (optimizer && lrBlocks(optimizer).length > 0) return 0.9;
    const keys = new Set(root.entries.map(e => e.key));
    if (keys.has('Global') && (keys.has('Arch') || keys.has('DataLoader'))) return 0.7;
    return 0;
  },
  read: readPaddleclas,
};

function asObject(node: ConfigNode | undefined): ObjectNode | undefined {
  return node?.kind === 'object' ? node : undefined;
}

function valueOf(node: ObjectNode | undefined, key: string): ConfigNode | undefined {
  if (!node) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

interface LrBlock {
  node: ObjectNode;
  path: string;
  /** the optimizer's `scope` in the list form */
  scope?: string;
}

/**
 * `Optimizer` is one optimizer `{name, lr, …}`, or a list `[{OptimName: {scope, lr, …}}, …]` with one
 * optimizer (and LR) per sub-module (ppcls/optimizer/__init__.py build_optimizer).
 */
function lrBlocks(optimizer: ConfigNode): LrBlock[] {
  if (optimizer.kind === 'object') {
    const lr = asObject(valueOf(optimizer, 'lr'));
    return lr ? [{ node: lr, path: 'Optimizer.lr' }] : [];
  }
  if (optimizer.kind !== 'array') return [];
  return optimizer.items.flatMap((item, i) => {
    const entry = asObject(item)?.entries[0];
    const body = asObject(entry?.value);
    const lr = asObject(valueOf(body, 'lr'));
    const scope = valueOf(body, 'scope');
    return lr && entry ? [{ node: lr, path: `Optimizer[${i}].${quoted(entry.key)}.lr`, scope: scope?.kind === 'string' ? scope.value : undefined }] : [];
  });
}

function readPaddleclas(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const settings: SettingRef[] = [];
  const out = { diagnostics, settings };
  const root = asObject(input.root)!;
  const facts = input.context.facts;
  const rootStart = { start: root.range.start, end: Math.min(root.range.end, root.range.start + 1) };
  const fail = (): ReadResult => ({ schedules: [], diagnostics });
  const globalNode = asObject(valueOf(root, 'Global'));
  const global = new PdArgs(globalNode ?? { kind: 'object', entries: [], range: rootStart }, 'Global', out);
  const keyRange = (key: string): SourceRange => root.entries.find(e => e.key === key)?.keyRange ?? rootStart;

  const optimizer = valueOf(root, 'Optimizer');
  const blocks = optimizer ? lrBlocks(optimizer) : [];
  // No `Optimizer` at all: an export, inference or gallery config (Gallery2FC_PPLCNet_x2_5.yaml), not a training one.
  if (!optimizer) return fail();
  if (blocks.length === 0) {
    diagnostics.push({ range: optimizer?.range ?? rootStart, severity: 'information', code: 'pd-no-lr',
      message: 'No `Optimizer.lr` block: PaddleClas builds the learning rate from it (`name`, `learning_rate`, warmup, …).' });
    return fail();
  }

  const epochs = global.number('epochs');
  const epochCount = epochs?.value ?? facts.epochs;
  if (epochCount === undefined || epochCount <= 0 || !Number.isInteger(epochCount)) {
    if (!global.has('epochs')) {
      diagnostics.push({ range: globalNode ? keyRange('Global') : rootStart, severity: 'error', code: 'pd-missing-epochs',
        message: 'Set `Global.epochs`: PaddleClas passes it to the LR class, which sizes the schedule by it.' });
    } else if (epochs) {
      global.report(global.range('epochs'), 'pd-expected-integer', `\`Global.epochs\` should be a positive whole number, not ${epochs.value}.`);
    }
    return fail();
  }

  // step_each_epoch = iter_per_epoch // update_freq (ppcls/engine/engine.py).
  const assumptions: Assumption[] = [];
  let updateFreq = global.number('update_freq')?.value ?? 1;
  let stepEachEpoch: number | undefined;
  const iterOverride = global.number('iter_per_epoch')?.value;
  let iterPerEpoch: number | undefined = iterOverride ? iterOverride : undefined;
  if (iterPerEpoch === undefined && facts.steps_per_epoch !== undefined) {
    stepEachEpoch = facts.steps_per_epoch;
    assumptions.push({ fact: 'steps_per_epoch', value: stepEachEpoch, source: input.context.sources.steps_per_epoch ?? 'context', howToSet: HOW_TO_SET_STEPS });
  } else if (iterPerEpoch === undefined && facts.dataset_size !== undefined) {
    iterPerEpoch = iterationsFromDataset(root, facts.dataset_size, facts.world_size, facts.batch_size, assumptions, diagnostics, rootStart, input.context);
  }
  if (stepEachEpoch === undefined && iterPerEpoch !== undefined) {
    if (iterPerEpoch < updateFreq) {
      global.report(global.range('update_freq'), 'pd-update-freq', `Global.update_freq (${updateFreq}) exceeds the ${iterPerEpoch} iterations per epoch: PaddleClas resets it to 1.`, 'warning');
      updateFreq = 1;
    }
    stepEachEpoch = Math.floor(Math.floor(iterPerEpoch / updateFreq) * updateFreq / updateFreq);
  }
  if (stepEachEpoch !== undefined && stepEachEpoch <= 0) {
    diagnostics.push({ range: blocks[0].node.range, severity: 'error', code: 'pd-no-steps-per-epoch',
      message: `step_each_epoch = len(train_dataloader) // Global.update_freq is ${stepEachEpoch}: an epoch of no update trains nothing.` });
    return fail();
  }
  // Issue 12 §1: unknown updates per epoch are not an error. A block stepped per epoch (by_epoch) is exact with
  // one counter step per epoch; one stepped per update sizes every length by epochs × step_each_epoch, so its shape
  // over the epochs is known and drawn at nominal slices per epoch.
  const speUnknown = stepEachEpoch === undefined;
  if (speUnknown) {
    // Two by_epoch classes still size themselves by step_each_epoch: Linear recomputes its warm-up as
    // round(warmup_epoch × step_each_epoch) scheduler steps, OneCycleLR spans epochs × step_each_epoch steps.
    const sized = blocks.flatMap(block => {
      const peek = new PdArgs(block.node, block.path, { diagnostics: [], settings: [] });
      const name = peek.entryNode('name');
      return peek.flag('by_epoch') && name?.kind === 'string' && (name.value === 'Linear' || name.value === 'OneCycleLR') ? [name.value] : [];
    });
    assumptions.push(unknownStepsPerEpoch(sized.length === 0 ? HOW_TO_SET_STEPS
      : `${HOW_TO_SET_STEPS}. With \`by_epoch: true\`, \`${sized[0]}\` still counts ${sized[0] === 'Linear' ? 'its warm-up as round(warmup_epoch × step_each_epoch) epochs' : 'its cycle as epochs × step_each_epoch steps'}: drawn as if an epoch had one update`));
  }
  const nominal = nominalSlicesPerEpoch(epochCount);

  const schedules: ReadSchedule[] = [];
  for (const block of blocks) {
    const args = new PdArgs(block.node, block.path, out);
    // by_epoch read without recording a setting (buildLr reads it again)
    const byEpoch = new PdArgs(block.node, block.path, { diagnostics: [], settings: [] }).flag('by_epoch') ?? false;
    const spe = stepEachEpoch ?? (byEpoch ? 1 : nominal);
    const name = args.string('name');
    let result;
    if (name === undefined) {
      // build_lr_scheduler: without `name` the LR is the plain float `learning_rate`.
      const value = args.number('learning_rate')?.value;
      if (value === undefined) {
        if (!args.has('learning_rate')) args.report(block.node.range, 'pd-missing-argument', `\`${block.path}\` needs \`name\` (e.g. Cosine) or at least \`learning_rate\`.`);
        continue;
      }
      result = { curve: { kind: 'constant' as const, value }, warmupUpdates: 0, changes: 'update' as const };
    } else {
      const errorsBefore = blockingErrors(diagnostics);
      result = buildLr(name, args, { epochs: epochCount, stepEachEpoch: spe });
      // A value PaddleClas would reject fails the block even where a default could stand in.
      if (!result || blockingErrors(diagnostics) > errorsBefore) continue;
      if (!args.has('by_epoch') && args.has('warmup_epoch')) {
        args.report(args.keyRange('name'), 'pd-by-epoch-default', `\`${name}\` changes the LR after every update (\`by_epoch\` defaults to False); warmup_epoch and the decay are converted to ${speUnknown ? 'updates (step_each_epoch of them per epoch)' : `${spe} updates per epoch`}.`, 'hint');
      }
    }
    const schedule = buildSchedule({
      name: [name ?? 'constant', block.scope && block.scope !== 'all' ? `(${block.scope})` : ''].filter(Boolean).join(' '),
      curve: result.curve,
      totalUpdates: epochCount * spe,
      stepsPerEpoch: spe,
      updatesPerEpochUnknown: speUnknown,
      changes: result.changes,
      warmupUpdates: result.warmupUpdates,
      assumptions,
    });
    schedules.push({ dialect: 'paddleclas', schedule, range: block.node.range, settings });
  }
  return { schedules, diagnostics };
}

/**
 * len(train_dataloader) from the dataset size: DistributedBatchSampler gives each of world_size ranks
 * ceil(dataset / world_size) samples in batches of `DataLoader.Train.sampler.batch_size`, the last partial
 * batch kept unless `drop_last` (PaddleClas also subtracts 1 on Windows; LR Lens assumes Linux).
 */
function iterationsFromDataset(root: ObjectNode, datasetSize: number, worldSize: number | undefined, batchFact: number | undefined,
  assumptions: Assumption[], diagnostics: Diagnostic[], rootStart: SourceRange, context: AnalysisContext): number | undefined {
  const sampler = asObject(valueOf(asObject(valueOf(asObject(valueOf(root, 'DataLoader')), 'Train')), 'sampler'));
  const batchNode = valueOf(sampler, 'batch_size');
  const batch = batchNode?.kind === 'number' ? batchNode.value : batchFact;
  if (batch === undefined || batch <= 0) {
    // a size LR Lens inferred is no reason for an error: the updates per epoch then stay unknown
    if (context.sources.dataset_size === 'inferred') return undefined;
    diagnostics.push({ range: rootStart, severity: 'error', code: 'pd-missing-batch-size',
      message: 'Iterations per epoch from `dataset_size` need `DataLoader.Train.sampler.batch_size`.' });
    return undefined;
  }
  const world = worldSize ?? 1;
  assumptions.push({ fact: 'dataset_size', value: datasetSize, source: context.sources.dataset_size ?? 'context',
    howToSet: 'set `lrLens.datasetSize`, a `# lr-lens: dataset_size=N` comment, or --dataset-size' });
  assumptions.push({ fact: 'world_size', value: world, source: worldSize === undefined ? 'default' : context.sources.world_size ?? 'context',
    howToSet: 'set `lrLens.worldSize`, a `# lr-lens: world_size=N` comment, or --world-size' });
  const dropLast = valueOf(sampler, 'drop_last');
  const perRank = Math.ceil(datasetSize / world);
  const iterations = dropLast?.kind === 'boolean' && dropLast.value ? Math.floor(perRank / batch) : Math.ceil(perRank / batch);
  assumptions.push({ fact: 'steps_per_epoch', value: iterations, source: 'file', howToSet: HOW_TO_SET_STEPS });
  diagnostics.push({ range: rootStart, severity: 'information', code: 'pd-windows-iterations',
    message: `${iterations} iterations per epoch from dataset_size ${datasetSize}; on Windows PaddleClas uses one less (len(train_dataloader) − 1).` });
  return iterations;
}
