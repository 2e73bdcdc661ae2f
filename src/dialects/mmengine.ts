import { listed, quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Assumption } from '../core/schedule';
import type { ConfigNode, SourceRange } from '../formats/tree';
import { blockingErrors, Fields } from './fields';
import { MAX_COMPOSED_SCHEDULERS, tooManySchedulers } from './limits';
import type { MmScheduler } from './mmengine/kinds';
import { pyyamlBoolean } from './mmengine/python';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../core/units';
import { asObject, INF, parseEntry, type BuildContext } from './mmengine/schedulers';
import { buildTimeline } from './mmengine/timeline';
import { unreadBaseNote } from './mmengine/bases';
import type { Diagnostic, Dialect, DialectInput, ReadResult, SettingRef } from './types';

/**
 * MMEngine (OpenMMLab 2.x: mmdet 3, mmpretrain, mmseg 1, …) configs given as JSON or YAML (Config.fromfile
 * reads both): `param_scheduler` (one dict or a list) acting on `optim_wrapper.optimizer.lr`, driven by the
 * `train_cfg` loop, with `auto_scale_lr`. Behaviour of mmengine v0.10.7 (runner/runner.py, runner/loops.py,
 * hooks/param_scheduler_hook.py, optim/scheduler/*.py); see dialects.md §6.
 */
const HOW_TO_SET_STEPS = 'set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch';
const HOW_TO_SET_WORLD = 'set `lrLens.worldSize`, a `# lr-lens: world_size=N` comment, or --world-size';

export const mmengineDialect: Dialect = {
  id: 'mmengine',
  displayName: 'MMEngine',
  detect(input) {
    const root = asObject(input.root);
    if (!root) return 0;
    const keys = new Set(root.entries.map(e => e.key));
    if (keys.has('param_scheduler')) return 0.95;
    const optimWrapper = asObject(root.entries.find(e => e.key === 'optim_wrapper')?.value);
    if (optimWrapper) return 0.9;
    const trainCfg = asObject(root.entries.find(e => e.key === 'train_cfg')?.value);
    const loopType = trainCfg?.entries.find(e => e.key === 'type')?.value;
    if (loopType?.kind === 'string' && /TrainLoop$/.test(loopType.value)) return 0.85;
    if (keys.has('auto_scale_lr') && (keys.has('train_dataloader') || keys.has('train_cfg'))) return 0.7;
    return 0;
  },
  read: readMmengine,
};

interface Loop {
  kind: 'epoch' | 'iter';
  maxEpochs: number;
  maxIters?: number;
}

function readMmengine(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const settings: SettingRef[] = [];
  const out = { diagnostics, settings };
  const root = asObject(input.root)!;
  const loader = input.document.language === 'yaml' ? 'pyyaml' : 'yaml12';
  const fields = new Fields(root, out, { loader, codePrefix: 'mm-' });
  const facts = input.context.facts;
  const assumptions: Assumption[] = [];
  const fail = (): ReadResult => ({ schedules: [], diagnostics });
  // a key missing from a merged `_base_` chain is missing everywhere; from an unread one it may be in a base
  const baseNote = fields.has('_base_') ? unreadBaseNote(input) : undefined;
  const inherits = baseNote !== undefined;
  const missing = (range: SourceRange, code: string, message: string) =>
    diagnostics.push({ range, severity: inherits ? 'information' : 'error', code,
      message: inherits ? `${message} ${baseNote}` : message });
  const rootStart = { start: root.range.start, end: Math.min(root.range.end, root.range.start + 1) };

  // The optimizer LR (optim_wrapper.optimizer.lr).
  const optimWrapper = fields.child('optim_wrapper');
  const optimizer = optimWrapper.child('optimizer');
  if (!optimizer.node) {
    missing(fields.entry('optim_wrapper')?.keyRange ?? rootStart, 'mm-missing-optimizer', 'Set `optim_wrapper.optimizer` (with its `lr`): the schedulers act on its learning rate.');
    return fail();
  }
  let lr = optimizer.number('lr', { min: 0 });
  if (lr === undefined) {
    if (!optimizer.has('lr')) missing(fields.entry('optim_wrapper')!.keyRange, 'mm-missing-lr', 'Set `optim_wrapper.optimizer.lr`: the base learning rate the schedulers act on.');
    return fail();
  }
  if ((optimWrapper.number('accumulative_counts') ?? 1) > 1) {
    optimWrapper.report(optimWrapper.range('accumulative_counts')!, 'accumulative-counts',
      'With `accumulative_counts`, the optimizer updates every few iterations while the schedulers still step every iteration; LR Lens plots the LR per iteration.', 'information');
  }

  // The training loop (Runner.build_train_loop) and its length.
  const loop = readLoop(fields, input, diagnostics, rootStart, missing);
  if (!loop) return fail();
  const trainDataloader = fields.child('train_dataloader');
  const batchSize = trainDataloader.number('batch_size', { above: 0, integer: true }) ?? facts.batch_size;
  let devices: number | undefined;
  const worldSize = (): number => {
    if (devices === undefined) {
      devices = facts.world_size ?? 1;
      assumptions.push({ fact: 'world_size', value: devices, source: facts.world_size === undefined ? 'default' : input.context.sources.world_size ?? 'context', howToSet: HOW_TO_SET_WORLD });
    }
    return devices;
  };
  let epochLength: number | undefined;
  let epochLengthSource: Assumption['source'] = 'file';
  if (facts.steps_per_epoch !== undefined) {
    epochLength = facts.steps_per_epoch;
    epochLengthSource = input.context.sources.steps_per_epoch ?? 'context';
  } else if (facts.dataset_size !== undefined && batchSize !== undefined) {
    // DefaultSampler gives each rank ceil(dataset / world_size) samples; the DataLoader keeps the last batch
    // unless drop_last.
    const perRank = Math.ceil(facts.dataset_size / worldSize());
    epochLength = (pyyamlBoolean(trainDataloader, 'drop_last') ?? false) ? Math.floor(perRank / batchSize) : Math.ceil(perRank / batchSize);
    assumptions.push({ fact: 'dataset_size', value: facts.dataset_size, source: input.context.sources.dataset_size ?? 'context',
      howToSet: 'set `lrLens.datasetSize`, a `# lr-lens: dataset_size=N` comment, or --dataset-size' });
  }

  // Runner.scale_lr: only with `enable: True`, before the schedulers record their initial LR.
  const autoScale = fields.child('auto_scale_lr');
  if (autoScale.node) {
    const enabled = autoScale.has('enable') ? pyyamlBoolean(autoScale, 'enable') ?? false : false;
    if (!autoScale.has('enable')) {
      diagnostics.push({ range: fields.entry('auto_scale_lr')!.keyRange, severity: 'warning', code: 'mm-auto-scale-lr-disabled',
        message: `\`auto_scale_lr\` does nothing without \`enable: true\` (Runner.scale_lr returns at once): the LR stays ${lr}. mmdet/mmpretrain's \`--auto-scale-lr\` flag sets it.` });
    } else if (enabled) {
      const baseBatch = autoScale.number('base_batch_size', { above: 0 });
      if (baseBatch === undefined) {
        if (!autoScale.has('base_batch_size')) {
          diagnostics.push({ range: fields.entry('auto_scale_lr')!.keyRange, severity: 'error', code: 'mm-auto-scale-lr-base-batch',
            message: 'MMEngine asserts "Lack of `base_batch_size` in `auto_scale_lr`": set `auto_scale_lr.base_batch_size`.' });
        }
        return fail();
      }
      if (batchSize === undefined) {
        missing(fields.entry('auto_scale_lr')!.keyRange, 'mm-missing-batch-size', '`auto_scale_lr` scales by world_size × `train_dataloader.batch_size`: set `train_dataloader.batch_size`.');
        return fail();
      }
      const realBatch = worldSize() * batchSize;
      lr = lr * (realBatch / baseBatch);
    }
  }

  // param_scheduler → built schedulers, in list order.
  const schedulerEntry = fields.entry('param_scheduler');
  const node = schedulerEntry?.value;
  if (schedulerEntry) settings.push({ path: 'param_scheduler', range: schedulerEntry.value.range, keyRange: { start: schedulerEntry.keyRange.start, end: schedulerEntry.value.range.end } });
  if (node?.kind === 'object' && !node.entries.some(e => e.key === 'type') && node.entries.some(e => e.value.kind === 'array' || e.value.kind === 'object')) {
    diagnostics.push({ range: schedulerEntry!.keyRange, severity: 'information', code: 'mm-per-optimizer-schedulers',
      message: '`param_scheduler` maps optimizer names to their own schedulers (OptimWrapperDict); LR Lens draws single-optimizer configs only.' });
    return fail();
  }
  const entries: ConfigNode[] = !node || node.kind === 'null' ? [] : node.kind === 'array' ? node.items : [node];
  if (!node) {
    diagnostics.push({ range: rootStart, severity: 'information', code: 'mm-no-param-scheduler',
      message: inherits ? `No \`param_scheduler\` here; the LR is constant. ${baseNote}` : 'No `param_scheduler`: the LR stays constant.' });
  }
  if (entries.length > MAX_COMPOSED_SCHEDULERS) {
    diagnostics.push(tooManySchedulers(schedulerEntry!.keyRange, entries.length, '`param_scheduler`'));
    return fail();
  }
  // Issue 12 §1: unknown iterations per epoch are not an error. Schedulers that all step per epoch in an epoch loop
  // are exact with one counter step per epoch; iteration-based ones (and convert_to_iter_based) are drawn at
  // nominal slices per epoch, where an `end` written in iterations cannot be placed in epochs (said in howToSet).
  const epochLengthUnknown = epochLength === undefined;
  const absoluteIndexes = new Set(entries.flatMap((e, i) => stepsPerIteration(e, loader) && !convertsToIters(e, loader) ? [i] : []));
  let unknownHowTo = HOW_TO_SET_STEPS;
  if (epochLength === undefined) {
    const iterBased = entries.filter(e => stepsPerIteration(e, loader));
    if (loop.kind === 'epoch' && iterBased.length === 0) epochLength = 1;
    else if (loop.kind === 'epoch' || iterBased.some(e => convertsToIters(e, loader))) {
      epochLength = nominalSlicesPerEpoch(loop.maxEpochs);
      const absolute = iterBased.some(e => !convertsToIters(e, loader));
      if (absolute || loop.kind === 'iter') {
        unknownHowTo = `${HOW_TO_SET_STEPS}. ${loop.kind === 'iter' ? '`convert_to_iter_based` multiplies begin/end by len(train_dataloader)' : 'A scheduler with `by_epoch: false` counts iterations, which cannot be placed in epochs without it'}: drawn as if an epoch had ${epochLength} iterations`;
      }
    }
  }
  const ctx: BuildContext = { loop: loop.kind, maxEpochs: loop.maxEpochs, maxIters: loop.maxIters ?? INF, epochLength, out, loader };
  const schedulers: MmScheduler[] = [];
  let initialLr = lr;
  let ok = true;
  let plateau: SourceRange | undefined;
  entries.forEach((entry, index) => {
    // Only this entry's diagnostics are counted: counting them all again for each entry was quadratic (issue 11).
    const firstOfEntry = diagnostics.length;
    const parsed = parseEntry(entry, index, ctx);
    // A value MMEngine would reject (a string gamma, a list where a number goes) fails the whole build.
    if (parsed.status === 'fail' || blockingErrors(diagnostics, firstOfEntry) > 0) ok = false;
    if (parsed.status === 'plateau') plateau = parsed.range;
    if (parsed.status !== 'scheduler') return;
    // OneCycle overwrites the group's initial_lr (eta_max / div_factor) before recording it.
    if (parsed.scheduler.params.kind === 'oneCycle') initialLr = parsed.etaMax! / parsed.divFactor!;
    const sch = { ...parsed.scheduler, base: initialLr };
    schedulers.push(sch);
    checkScheduler(sch, parsed, loop, diagnostics);
  });
  if (plateau) {
    diagnostics.push({ range: plateau, severity: 'warning', code: 'mm-reduce-on-plateau',
      message: 'ReduceOnPlateauLR lowers the LR when the validation metric stops improving, which no config can tell; LR Lens draws no curve for it.' });
    return fail();
  }
  if (!ok) return fail();

  // The run length: N iterations, and the epoch length where epoch-based schedulers step inside an epoch loop.
  let totalIters: number;
  if (loop.kind === 'epoch') {
    totalIters = loop.maxEpochs * epochLength!;
  } else {
    totalIters = loop.maxIters!;
  }
  const timeline = buildTimeline({ loop: loop.kind, totalIters, itersPerEpoch: epochLength ?? 1, baseLr: lr, schedulers });
  if (timeline.failure) {
    diagnostics.push({ range: node?.range ?? rootStart, severity: 'warning', code: 'mm-too-complex',
      message: `These schedulers interleave too finely to draw (${timeline.failure}).` });
    return fail();
  }
  // An iteration window (by_epoch: false) set against a run of nominal iterations says nothing about the real run.
  const placed = epochLengthUnknown && loop.kind === 'epoch'
    ? schedulers.filter(sch => sch.byEpoch || !absoluteIndexes.has(sch.index)) : schedulers;
  checkRun(placed, totalIters, epochLength ?? 1, loop, diagnostics);
  if (epochLengthUnknown && (loop.kind === 'epoch' || ctx.epochLengthUsed)) assumptions.push(unknownStepsPerEpoch(unknownHowTo));
  else if (!epochLengthUnknown && (loop.kind === 'epoch' || ctx.epochLengthUsed)) {
    assumptions.push({ fact: 'steps_per_epoch', value: epochLength!, source: epochLengthSource, howToSet: HOW_TO_SET_STEPS });
  }
  const warmup = schedulers.find(s => s.params.kind === 'linear' && s.begin === 0 && s.params.startFactor < s.params.endFactor);
  const warmupUpdates = !warmup || warmup.params.kind !== 'linear' ? 0
    : Math.min(totalIters, warmup.params.totalIters * (warmup.byEpoch ? epochLength ?? 1 : 1));
  const perEpochOnly = loop.kind === 'epoch' && schedulers.length > 0 && schedulers.every(s => s.byEpoch);
  const schedule = buildSchedule({
    name: listed(schedulers.map(s => quoted(s.type)), ' + ') || 'constant',
    curve: timeline.curve,
    totalUpdates: totalIters,
    stepsPerEpoch: loop.kind === 'epoch' || !epochLengthUnknown ? epochLength : undefined,
    updatesPerEpochUnknown: epochLengthUnknown && loop.kind === 'epoch',
    changes: perEpochOnly ? 'epoch' : 'update',
    warmupUpdates,
    assumptions,
  });
  return { schedules: [{ dialect: 'mmengine', schedule, range: node?.range ?? root.range, settings }], diagnostics };
}

function readLoop(fields: Fields, input: DialectInput, diagnostics: Diagnostic[], rootStart: SourceRange,
  missing: (range: SourceRange, code: string, message: string) => void): Loop | undefined {
  const facts = input.context.facts;
  const trainCfg = fields.child('train_cfg');
  let kind: 'epoch' | 'iter' | undefined;
  if (trainCfg.node) {
    const type = trainCfg.string('type')?.split('.').pop();
    if (type !== undefined && trainCfg.has('by_epoch')) {
      diagnostics.push({ range: trainCfg.range('by_epoch')!, severity: 'error', code: 'mm-loop-type-and-by-epoch',
        message: 'Runner.build_train_loop raises "Only one of `type` or `by_epoch` can exist in `loop_cfg`": remove one.' });
      return undefined;
    }
    if (type === 'EpochBasedTrainLoop') kind = 'epoch';
    else if (type === 'IterBasedTrainLoop') kind = 'iter';
    else if (type !== undefined) {
      kind = trainCfg.has('max_iters') ? 'iter' : 'epoch';
      diagnostics.push({ range: trainCfg.range('type')!, severity: 'information', code: 'mm-custom-loop',
        message: `\`${quoted(type)}\` is not an MMEngine loop; LR Lens assumes it steps schedulers like ${kind === 'iter' ? 'IterBasedTrainLoop' : 'EpochBasedTrainLoop'}.` });
    } else if (trainCfg.has('by_epoch')) kind = pyyamlBoolean(trainCfg, 'by_epoch') ? 'epoch' : 'iter';
    else {
      diagnostics.push({ range: fields.entry('train_cfg')!.keyRange, severity: 'error', code: 'mm-loop-kind',
        message: 'Runner.build_train_loop needs `train_cfg.type` (EpochBasedTrainLoop or IterBasedTrainLoop) or `train_cfg.by_epoch`.' });
      return undefined;
    }
  } else if (facts.max_iters !== undefined) kind = 'iter';
  else if (facts.epochs !== undefined) kind = 'epoch';
  else {
    missing(rootStart, 'mm-missing-train-cfg', 'Set `train_cfg` (`type: EpochBasedTrainLoop` with `max_epochs`, or `type: IterBasedTrainLoop` with `max_iters`): the schedulers\' default `end` and the run length come from it.');
    return undefined;
  }
  if (kind === 'epoch') {
    const maxEpochs = trainCfg.number('max_epochs', { above: 0, integer: true }) ?? facts.epochs;
    if (maxEpochs === undefined) {
      if (!trainCfg.has('max_epochs')) missing(fields.entry('train_cfg')?.keyRange ?? rootStart, 'mm-missing-max-epochs', 'Set `train_cfg.max_epochs` (or the `epochs` fact).');
      return undefined;
    }
    return { kind, maxEpochs };
  }
  const maxIters = trainCfg.number('max_iters', { above: 0, integer: true }) ?? facts.max_iters;
  if (maxIters === undefined) {
    if (!trainCfg.has('max_iters')) missing(fields.entry('train_cfg')?.keyRange ?? rootStart, 'mm-missing-max-iters', 'Set `train_cfg.max_iters` (or the `max_iters` fact).');
    return undefined;
  }
  // IterBasedTrainLoop sets `_max_epochs = 1`: an epoch-based scheduler's default end is 1.
  return { kind, maxEpochs: 1, maxIters };
}

type Parsed = Extract<ReturnType<typeof parseEntry>, { status: 'scheduler' }>;

/** The silent surprises of one scheduler (dialects.md §6.5, §13). */
function checkScheduler(sch: MmScheduler, parsed: Parsed, loop: Loop, diagnostics: Diagnostic[]): void {
  const warn = (code: string, message: string, severity: Diagnostic['severity'] = 'warning') =>
    diagnostics.push({ range: sch.range, severity, code, message });
  const p = sch.params;
  if (sch.byEpoch && loop.kind === 'iter') {
    warn('mm-epoch-scheduler-in-iter-loop', `\`${sch.type}\` is epoch-based (by_epoch defaults to True) but the loop is IterBasedTrainLoop, which steps epoch-based schedulers only after the last iteration: only its first step applies${p.kind === 'linear' || p.kind === 'constant' ? ' (the LR stays multiplied by its start factor)' : ''}. Set \`by_epoch: false\`.`);
  } else if (sch.byEpoch && !parsed.explicitByEpoch && parsed.explicitEnd && sch.end > loop.maxEpochs) {
    warn('mm-by-epoch-default', `\`end: ${sch.end}\` counts epochs because \`by_epoch\` defaults to True, but training has ${loop.maxEpochs} epochs. For an iteration warmup set \`by_epoch: false\`.`);
  }
  if ((p.kind === 'multistep' || p.kind === 'step') && parsed.rawBegin > 0) {
    const unit = sch.byEpoch ? 'epoch' : 'iteration';
    const where = p.kind === 'multistep' ? listed(p.milestones.map(m => String(m + sch.begin))) : `${sch.begin + p.stepSize}, ${sch.begin + 2 * p.stepSize}, …`;
    warn('mm-milestones-relative', `${sch.type} counts from \`begin: ${sch.begin}\`: it decays at ${unit} ${where}, not at the listed values.`, 'information');
  }
  if (p.kind === 'linear' && p.startFactor === 0 && p.totalIters >= 1) {
    warn('mm-zero-division', 'LinearLR with `start_factor: 0` divides by zero at its second step (ZeroDivisionError in `_get_value`). Use a small positive start factor such as 0.001.', 'error');
  }
  if (p.kind === 'constant' && p.factor === 0 && p.totalIters >= 1) {
    warn('mm-zero-division', 'ConstantLR with `factor: 0` divides by zero when it restores the LR at `end − 1` (ZeroDivisionError).', 'error');
  }
  if ((p.kind === 'linear' || p.kind === 'poly' || p.kind === 'constant') && p.totalIters >= 1) {
    const target = p.kind === 'linear' ? `end_factor ${p.endFactor}` : p.kind === 'poly' ? `eta_min ${p.etaMin}` : 'the full LR';
    warn('mm-target-at-end-minus-one', `${sch.type} reaches ${target} at step end − 1 = ${sch.end - 1}, one step before \`end\` (PyTorch's equivalent gets there one step later).`, 'information');
  }
  if (p.kind === 'cosine') {
    const window = sch.end - sch.begin;
    if (p.tMax < window - 1) warn('mm-cosine-period', `CosineAnnealingLR's T_max (${p.tMax}) is shorter than its window (${window} steps): the LR reaches eta_min at step ${sch.begin + p.tMax} and then rises again.`);
    else if (p.tMax > window && sch.end < INF) warn('mm-cosine-period', `CosineAnnealingLR's T_max (${p.tMax}) is longer than its window (${window} steps): the LR stops at step ${sch.end - 1} before reaching eta_min.`, 'information');
  }
}

/** Checks that need the run length: windows never reached, OneCycleLR stepped past total_steps. */
function checkRun(schedulers: MmScheduler[], totalIters: number, epochLength: number, loop: Loop, diagnostics: Diagnostic[]): void {
  for (const sch of schedulers) {
    const ticks = !sch.byEpoch ? totalIters : loop.kind === 'iter' ? 1 : Math.ceil(totalIters / epochLength);
    const lastStep = Math.min(sch.end, ticks) - 1 - sch.begin;
    if (lastStep < 0) {
      diagnostics.push({ range: sch.range, severity: 'warning', code: 'mm-never-active',
        message: `\`${sch.type}\` begins at ${sch.byEpoch ? 'epoch' : 'iteration'} ${sch.begin}, after training ends (${ticks} ${sch.byEpoch ? 'epochs' : 'iterations'}): it never changes the LR.` });
    }
    if (sch.params.kind === 'oneCycle' && lastStep > sch.params.totalSteps) {
      diagnostics.push({ range: sch.range, severity: 'error', code: 'mm-onecycle-overrun',
        message: `OneCycleLR raises "Tried to step ${sch.params.totalSteps + 2} times. The specified number of total steps is ${sch.params.totalSteps}" at ${sch.byEpoch ? 'epoch' : 'iteration'} ${sch.begin + sch.params.totalSteps + 1}: its window (end) is longer than total_steps.` });
    }
  }
}

/** A `param_scheduler` entry stepped per iteration (`by_epoch: false`, or converted with convert_to_iter_based). */
function stepsPerIteration(node: ConfigNode, loader: 'yaml12' | 'pyyaml'): boolean {
  if (node.kind !== 'object') return false;
  const f = new Fields(node, { diagnostics: [], settings: [] }, { loader, codePrefix: 'mm-' });
  return (f.has('by_epoch') && pyyamlBoolean(f, 'by_epoch') === false) || convertsToIters(node, loader);
}

function convertsToIters(node: ConfigNode, loader: 'yaml12' | 'pyyaml'): boolean {
  if (node.kind !== 'object') return false;
  const f = new Fields(node, { diagnostics: [], settings: [] }, { loader, codePrefix: 'mm-' });
  return f.has('convert_to_iter_based') && pyyamlBoolean(f, 'convert_to_iter_based') === true;
}
