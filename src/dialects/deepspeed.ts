import { quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Curve } from '../core/curve';
import type { Assumption } from '../core/schedule';
import type { ObjectNode, SourceRange } from '../formats/tree';
import { DEEPSPEED_SCHEDULER_NAMES, deepSpeedCurve, deepSpeedRelease, type DeepSpeedContext } from './deepspeed/schedules';
import { isAuto, TRAINER_DEFAULTS, trainerFill } from './deepspeed/trainerFills';
import { deepSpeedAssumption } from './deepspeed/versions';
import { Fields } from './fields';
import { lastEntry } from './pytorch/locate';
import { HOW_TO_SET, objectChild } from './pytorch/runLength';
import { checkRunLimits, TORCH_SCHEDULER_NAMES, TORCH_SCHEDULER_PARAMS, torchSchedulerCurve } from './pytorch/schedulers';
import { didYouMean } from './suggest';
import type { AnalysisContext, Diagnostic, Dialect, DialectInput, ReadResult } from './types';

/**
 * DeepSpeed's ds_config.json `scheduler: {type, params}` (dialects.md §4). `type` names one of DeepSpeed's
 * schedulers (deepspeed/runtime/lr_schedules.py) or, failing that, any torch.optim.lr_scheduler class built as
 * `Class(optimizer, **params)` (runtime/engine.py `_scheduler_from_config`); either way the engine calls
 * `step()` after every optimizer update. How many updates the training loop runs is not in the file.
 */
export const deepspeedDialect: Dialect = {
  id: 'deepspeed',
  displayName: 'DeepSpeed',
  detect(input) {
    const root = input.root;
    if (root.kind !== 'object') return 0;
    let score = 0;
    const scheduler = lastEntry(root, 'scheduler');
    if (scheduler?.kind === 'object' && lastEntry(scheduler, 'type')?.kind === 'string') {
      score += 0.5;
      if (lastEntry(scheduler, 'params')?.kind === 'object') score += 0.1;
    }
    const optimizer = lastEntry(root, 'optimizer');
    if (optimizer?.kind === 'object' && lastEntry(optimizer, 'type')?.kind === 'string' && lastEntry(optimizer, 'params')?.kind === 'object') score += 0.2;
    for (const key of DEEPSPEED_KEYS) if (lastEntry(root, key) !== undefined) score += 0.2;
    // HF TrainingArguments also has fp16/bf16, as booleans; DeepSpeed's are sections.
    for (const key of ['fp16', 'bf16']) if (lastEntry(root, key)?.kind === 'object') score += 0.2;
    if (/(^|[/\\])[^/\\]*(ds_config|deepspeed|zero[0-3]?)[^/\\]*\.json$/i.test(input.fileName)) score += 0.3;
    return Math.min(1, score);
  },
  read(input) {
    return readDeepSpeed(input);
  },
};

/** Top-level sections only a DeepSpeed config has (runtime/constants.py). */
const DEEPSPEED_KEYS = [
  'train_batch_size', 'train_micro_batch_size_per_gpu', 'zero_optimization', 'gradient_clipping', 'steps_per_print',
  'wall_clock_breakdown', 'zero_allow_untested_optimizer', 'activation_checkpointing', 'flops_profiler', 'amp', 'aio',
  'comms_logger', 'data_efficiency', 'elasticity', 'compression_training', 'prescale_gradients', 'sparse_attention',
];

const HOW_TO_SET_LENGTH = 'a `// lr-lens: max_steps=N` comment (JSONC), or --max-steps N';

function readDeepSpeed(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const out = { diagnostics, settings: [] as ReadResult['schedules'][number]['settings'] };
  if (input.root.kind !== 'object') return { schedules: [], diagnostics };
  const root = input.root;
  const report: DeepSpeedContext['report'] = (range, code, message, severity, fixes) => {
    diagnostics.push(fixes ? { range, code, message, severity, fixes } : { range, code, message, severity });
  };
  const none = (): ReadResult => ({ schedules: [], diagnostics });
  const fields = new Fields(root, out, { codePrefix: 'ds-' });

  // The optimizer's LR: the base of torch schedulers and WarmupCosineLR, WarmupLR's default peak.
  const optimizer = objectChild(fields, 'optimizer');
  const optimizerParams = optimizer && objectChild(optimizer, 'params');
  const lrNode = optimizerParams?.valueNode('lr');
  const optimizerLrAuto = isAuto(lrNode);
  const optimizerLr = optimizerLrAuto ? undefined : optimizerParams?.number('lr', { min: 0 });
  const optimizerLrHint = optimizer
    ? '`optimizer.params.lr`'
    : '`optimizer.params.lr` (without an `optimizer` section DeepSpeed uses the optimizer passed to deepspeed.initialize, whose LR is not in this file)';

  // No `scheduler` section: the schedule is not this file's. DeepSpeed keeps the optimizer's LR unless the script
  // passes a scheduler to deepspeed.initialize, and with the HF Trainer (`deepspeed: ds_z3_config.json`, LLaMA-Factory's
  // examples/deepspeed) the Trainer's lr_scheduler_type rules: nothing to draw or say here (issue 12: no diagnostic
  // on a file that is no schedule config).
  if (!fields.has('scheduler')) return none();
  const scheduler = fields.child('scheduler');
  const type = scheduler.string('type');
  const typeRange = scheduler.range('type') ?? fields.entry('scheduler')!.keyRange;
  if (type === undefined) {
    if (!scheduler.has('type')) report(typeRange, 'ds-missing-type', 'The `scheduler` section needs a `type` (WarmupLR, WarmupDecayLR, WarmupCosineLR, OneCycle, LRRangeTest, or a torch.optim.lr_scheduler class).', 'error');
    return none();
  }
  const isDeepSpeed = DEEPSPEED_SCHEDULER_NAMES.includes(type);
  const isTorch = !isDeepSpeed && TORCH_SCHEDULER_PARAMS.has(type);
  if (!isDeepSpeed && !isTorch) {
    report(typeRange, 'ds-unknown-scheduler',
      `DeepSpeed does not recognize LR scheduler ${quoted(type)} (AssertionError): \`type\` is one of DeepSpeed's schedulers or a torch.optim.lr_scheduler class.${didYouMean(type, [...DEEPSPEED_SCHEDULER_NAMES, ...TORCH_SCHEDULER_NAMES])}`, 'error');
    return none();
  }
  if (scheduler.valueNode('params')?.kind !== 'object') {
    report(scheduler.range('params') ?? typeRange, 'ds-missing-params',
      `The scheduler needs a \`params\` mapping: DeepSpeed calls ${type}(optimizer, **params) (TypeError without one).`, 'error');
    return none();
  }
  const params = scheduler.child('params');

  // "auto" is filled by the Hugging Face Trainer (transformers' DeepSpeed integration) before DeepSpeed reads the
  // file: drawn as the Trainer writes it with TrainingArguments' defaults, each an assumption (deepspeed/trainerFills.ts).
  const needsOptimizerLr = isTorch || type === 'WarmupCosineLR' || (type === 'WarmupLR' && !params.has('warmup_max_lr'));
  const fill = params.node && trainerFill({
    params: params.node, context: input.context, optimizerLr,
    optimizerLrNode: optimizerLrAuto && needsOptimizerLr ? lrNode : undefined,
    statedRun: () => {
      const stated: Assumption[] = [];
      const totalUpdates = runLength(root, out, input.context, undefined, stated);
      return totalUpdates === undefined ? undefined : { totalUpdates, assumptions: stated };
    },
    statedUpdatesPerEpoch: () => {
      const { facts, sources } = input.context;
      if (facts.steps_per_epoch !== undefined) {
        return { value: facts.steps_per_epoch, assumptions: [{ fact: 'steps_per_epoch', value: facts.steps_per_epoch, source: sources.steps_per_epoch ?? 'context', howToSet: HOW_TO_SET.steps_per_epoch ?? '' }] };
      }
      if (facts.dataset_size === undefined) return undefined;
      const stated: Assumption[] = [{ fact: 'dataset_size', value: facts.dataset_size, source: sources.dataset_size ?? 'context', howToSet: HOW_TO_SET.dataset_size ?? '' }];
      const batch = globalBatch(root, out, facts.world_size);
      if (batch !== undefined) return { value: Math.ceil(facts.dataset_size / batch), assumptions: stated };
      // the batch sizes are "auto" too: the Trainer's per_device_train_batch_size (default 8) on world_size processes,
      // ceil(ceil(dataset_size / (b × P)) / gradient_accumulation_steps) updates (Trainer.set_initial_training_values)
      const perDevice = TRAINER_DEFAULTS.per_device_train_batch_size;
      const accumulation = fields.valueNode('gradient_accumulation_steps')?.kind === 'number' ? fields.number('gradient_accumulation_steps', { above: 0 }) ?? 1 : 1;
      const processes = facts.world_size ?? 1;
      stated.push({ fact: 'per_device_train_batch_size', value: perDevice, source: 'default', origin: `TrainingArguments.per_device_train_batch_size (default ${perDevice})`,
        howToSet: 'the Hugging Face Trainer writes TrainingArguments.per_device_train_batch_size over `train_micro_batch_size_per_gpu: "auto"`: write your batch size there as a number' });
      if (facts.world_size === undefined) stated.push({ fact: 'world_size', value: 1, source: 'default', howToSet: HOW_TO_SET.world_size ?? '' });
      return { value: Math.max(1, Math.ceil(Math.ceil(facts.dataset_size / (perDevice * processes)) / accumulation)), assumptions: stated };
    },
    inform: (node, _path, message) => report(node.range, 'ds-auto-value', message, 'information'),
  });
  const filledParams = fill ? new Fields(fill.params, out, { codePrefix: 'ds-', prefix: 'scheduler.params' }) : params;
  const lr = fill?.optimizerLr ?? optimizerLr;

  let curve: Curve;
  let warmupUpdates: number;
  let plannedUpdates: number | undefined;
  let limits: Parameters<typeof checkRunLimits>[0] = [];
  if (isDeepSpeed) {
    // Behaviour of the release in `versions.deepspeed`: a pin or the user's setting, else the newest.
    const release = deepSpeedRelease(input.context.versions.deepspeed);
    const built = deepSpeedCurve(type, filledParams, typeRange, { optimizerLr: lr, optimizerLrHint, release, report, trainerFilled: fill?.filled });
    if (!built) return none();
    ({ curve, warmupUpdates, plannedUpdates } = built);
  } else {
    // A torch class: constructed once (its initial step), stepped after every update, no lag.
    const built = torchSchedulerCurve({ className: type, args: filledParams, range: typeRange }, { baseLr: lr, baseLrHint: optimizerLrHint, report });
    if (!built) return none();
    report(typeRange, 'ds-torch-per-update',
      `DeepSpeed steps ${type} after every optimizer update, not every epoch: its lengths (T_max, step_size, milestones, total_iters) count updates.`, 'information');
    ({ curve, warmupSteps: warmupUpdates, plannedSteps: plannedUpdates, limits } = built);
  }

  const assumptions: Assumption[] = [];
  const release = isDeepSpeed ? deepSpeedAssumption(input.context) : undefined;
  if (release) assumptions.push(release);
  if (fill) assumptions.push(...fill.assumptions);
  // a Trainer-filled total_num_steps is the run (its assumptions are the fill's)
  let totalUpdates = fill?.run ? fill.run.totalUpdates : runLength(root, out, input.context, plannedUpdates, assumptions);
  if (totalUpdates === undefined && type === 'WarmupLR') {
    // WarmupLR holds its peak once warmed up: the run length changes nothing but where the flat line ends
    // (issue 12: a missing fact is never an error). Drawn to twice the warm-up, at least 100 updates.
    totalUpdates = Math.max(2 * Math.ceil(warmupUpdates), 100);
    assumptions.push({ fact: 'max_steps', value: 'unknown', source: 'unknown',
      howToSet: `${HOW_TO_SET_LENGTH}. WarmupLR holds its LR after the warm-up, so the curve is drawn to ${totalUpdates} updates` });
  }
  if (totalUpdates === undefined) {
    report(typeRange, 'ds-missing-length',
      `How many optimizer updates the training loop runs is not in a DeepSpeed config: set it with ${HOW_TO_SET_LENGTH}, or give epochs with steps_per_epoch.`, 'error');
    return none();
  }
  checkRunLimits(limits, totalUpdates, 'update', report);
  if (type === 'WarmupDecayLR' && plannedUpdates !== undefined && totalUpdates > plannedUpdates + 1) {
    report(params.range('total_num_steps')!, 'ds-decay-ended',
      `WarmupDecayLR reaches warmup_min_lr at update ${plannedUpdates + 1} (total_num_steps = ${plannedUpdates}) and stays there: the last ${totalUpdates - plannedUpdates - 1} of ${totalUpdates} updates run at that LR.`, 'warning');
  }
  const schedule = buildSchedule({ name: type, curve, totalUpdates, warmupUpdates, assumptions,
    ...(fill?.run?.stepsPerEpoch !== undefined ? { stepsPerEpoch: fill.run.stepsPerEpoch } : {}),
    ...(fill?.run?.updatesPerEpochUnknown ? { updatesPerEpochUnknown: true } : {}) });
  return { schedules: [{ dialect: 'deepspeed', schedule, range: fields.entry('scheduler')!.value.range, settings: out.settings }], diagnostics };
}

/**
 * N: the user's `max_steps` (or `max_iters`); else epochs × updates per epoch (given, or dataset_size /
 * train_batch_size); else the schedule's own total (`total_num_steps`, OneCycleLR's total_steps), as an assumption.
 */
function runLength(root: ObjectNode, out: ConstructorParameters<typeof Fields>[1], context: AnalysisContext, planned: number | undefined,
  assumptions: Assumption[]): number | undefined {
  const facts = context.facts;
  const fromContext = (fact: 'max_steps' | 'max_iters' | 'epochs' | 'steps_per_epoch', value: number) =>
    assumptions.push({ fact, value, source: context.sources[fact] ?? 'context', howToSet: fact === 'max_steps' || fact === 'max_iters' ? HOW_TO_SET_LENGTH
      : fact === 'epochs' ? 'a `// lr-lens: epochs=N` comment (JSONC), or --epochs N' : HOW_TO_SET[fact] ?? '' });
  if (facts.max_steps !== undefined) { fromContext('max_steps', facts.max_steps); return facts.max_steps; }
  if (facts.max_iters !== undefined) { fromContext('max_iters', facts.max_iters); return facts.max_iters; }
  if (facts.epochs !== undefined) {
    let stepsPerEpoch = facts.steps_per_epoch;
    if (stepsPerEpoch !== undefined) fromContext('steps_per_epoch', stepsPerEpoch);
    else if (facts.dataset_size !== undefined) {
      const batch = globalBatch(root, out, facts.world_size);
      if (batch !== undefined) {
        stepsPerEpoch = Math.ceil(facts.dataset_size / batch);
        assumptions.push({ fact: 'dataset_size', value: facts.dataset_size, source: context.sources.dataset_size ?? 'context', howToSet: HOW_TO_SET.dataset_size ?? '' });
      }
    }
    if (stepsPerEpoch !== undefined) { fromContext('epochs', facts.epochs); return facts.epochs * stepsPerEpoch; }
  }
  if (planned !== undefined) {
    assumptions.push({ fact: 'max_steps', value: planned, source: 'file', howToSet: HOW_TO_SET_LENGTH });
    return planned;
  }
  return undefined;
}

/** Samples per optimizer update: train_batch_size, or micro batch × gradient accumulation × data-parallel ranks. */
function globalBatch(root: ObjectNode, out: ConstructorParameters<typeof Fields>[1], worldSize: number | undefined): number | undefined {
  const fields = new Fields(root, out, { codePrefix: 'ds-' });
  const number = (key: string) => fields.valueNode(key)?.kind === 'number' ? fields.number(key, { above: 0 }) : undefined;
  const total = number('train_batch_size');
  if (total !== undefined) return total;
  const micro = number('train_micro_batch_size_per_gpu');
  if (micro === undefined) return undefined;
  return micro * (number('gradient_accumulation_steps') ?? 1) * (worldSize ?? 1);
}

function startOf(node: ObjectNode): SourceRange {
  return { start: node.range.start, end: Math.min(node.range.end, node.range.start + 1) };
}
