import { listed, quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Curve } from '../core/curve';
import { curveAt } from '../core/evaluate';
import type { Assumption } from '../core/schedule';
import { formatNumber } from '../core/scaling';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../core/units';
import type { ObjectNode, SourceRange } from '../formats/tree';
import { blockingErrors } from './fields';
import { didYouMean } from './suggest';
import { TIMM_DEFAULTS as D, TimmArgs } from './timm/args';
import {
  cycleLength, cycleMulDomainEnd, decayCurve, schedulerCurve, TIMM_CURVE_SCHEDULERS,
  type TimmCurveScheduler, type TimmScheduler,
} from './timm/scheduler';
import type { Diagnostic, Dialect, DialectInput, ReadResult, SettingRef } from './types';

/**
 * timm (huggingface/pytorch-image-models) train.py configs: the YAML given to `train.py --config`, or the
 * `args.yaml` a run saves. train.py derives the LR from lr_base when `lr` is unset, builds the scheduler with
 * `create_scheduler_v2(**scheduler_kwargs(args), updates_per_epoch=...)` and runs for the `num_epochs` the
 * factory returns, calling `step_update(num_updates)` after each update and `step(epoch + 1)` after each epoch
 * (dialects.md §2; golden README "timm").
 */

/** Keys only timm's train.py has. */
const OWN_KEYS = [
  'sched', 'sched_on_updates', 'lr_base', 'lr_base_size', 'lr_base_scale', 'warmup_lr', 'warmup_prefix', 'lr_cycle_mul',
  'lr_cycle_decay', 'lr_cycle_limit', 'lr_k_decay', 'lr_noise', 'lr_noise_pct', 'lr_noise_std', 'decay_milestones', 'patience_epochs',
];
/** Keys timm shares with other trainers. */
const SHARED_KEYS = ['model', 'opt', 'epochs', 'batch_size', 'warmup_epochs', 'min_lr', 'decay_rate', 'decay_epochs', 'cooldown_epochs', 'lr', 'weight_decay', 'momentum', 'grad_accum_steps'];
/** Keys that say the file belongs to another framework. */
const FOREIGN_KEYS = ['lr0', 'lrf', 'learning_rate', 'lr_scheduler_type', 'param_scheduler', 'optim_wrapper', 'SOLVER', 'scheduler', 'lr_scheduler', 'optimizer', 'trainer'];
export const ALL_SCHEDS = [...TIMM_CURVE_SCHEDULERS, 'plateau'] as const;

const HOW_TO = {
  steps_per_epoch: 'set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch',
  dataset_size: 'set `lrLens.datasetSize`, a `# lr-lens: dataset_size=N` comment, or --dataset-size',
  world_size: 'set `lrLens.worldSize`, a `# lr-lens: world_size=N` comment, or --world-size',
};

export const timmDialect: Dialect = {
  id: 'timm',
  displayName: 'timm (pytorch-image-models)',
  detect(input) {
    if (input.root.kind !== 'object') return 0;
    const keys = new Set(input.root.entries.map(e => e.key));
    if (FOREIGN_KEYS.some(k => keys.has(k))) return 0.1;
    const own = OWN_KEYS.filter(k => keys.has(k)).length;
    const shared = SHARED_KEYS.filter(k => keys.has(k)).length;
    const sched = input.root.entries.find(e => e.key === 'sched')?.value;
    if (own >= 2) return 0.9;
    if (own === 1 && shared >= 2) return sched && sched.kind !== 'string' ? 0.3 : 0.7;
    return own > 0 ? 0.3 : 0;
  },
  read: readTimm,
};

function readTimm(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const settings: SettingRef[] = [];
  if (input.root.kind !== 'object') return { schedules: [], diagnostics };
  const root = input.root;
  const args = new TimmArgs(root, { diagnostics, settings });
  const facts = input.context.facts;
  const assumptions: Assumption[] = [];
  const errorsBefore = blockingErrors(diagnostics);
  const where = (...keys: string[]): SourceRange => {
    for (const key of keys) {
      const range = args.range(key);
      if (range) return range;
    }
    return rootStart(root);
  };
  const report = (range: SourceRange, severity: Diagnostic['severity'], code: string, message: string) =>
    diagnostics.push({ range, severity, code, message });
  const fail = (): ReadResult => ({ schedules: [], diagnostics });

  const sched = args.string('sched') ?? D.sched;
  const epochs = facts.epochs ?? args.number('epochs', { integer: true }) ?? D.epochs;
  const warmupEpochs = args.number('warmup_epochs') ?? D.warmup_epochs;
  const warmupLr = args.number('warmup_lr') ?? D.warmup_lr;
  const minLr = args.number('min_lr') ?? D.min_lr;
  const warmupPrefix = args.flag('warmup_prefix', D.warmup_prefix);
  const cooldownEpochs = args.number('cooldown_epochs') ?? D.cooldown_epochs;
  const decayEpochs = args.number('decay_epochs') ?? D.decay_epochs;
  const milestones = args.numberList('decay_milestones') ?? [...D.decay_milestones];
  const decayRate = args.number('decay_rate') ?? D.decay_rate;
  const cycleMul = args.number('lr_cycle_mul') ?? D.lr_cycle_mul;
  const cycleDecay = args.number('lr_cycle_decay') ?? D.lr_cycle_decay;
  const cycleLimit = args.number('lr_cycle_limit') ?? D.lr_cycle_limit;
  const kDecay = args.number('lr_k_decay') ?? D.lr_k_decay;
  const onUpdates = args.flag('sched_on_updates', D.sched_on_updates);
  const batchSize = facts.batch_size ?? args.number('batch_size', { integer: true, above: 0 }) ?? D.batch_size;
  const gradAccum = args.number('grad_accum_steps', { integer: true, above: 0 }) ?? D.grad_accum_steps;
  const opt = args.string('opt') ?? D.opt;
  if (blockingErrors(diagnostics) > errorsBefore) return fail();

  // The LR: `if not args.lr:` train.py derives it from lr_base and the global batch (so `lr: 0` does too).
  let lr = args.number('lr');
  if (!lr) {
    if (lr === 0) report(where('lr'), 'warning', 'timm-lr-zero', '`lr: 0` does not mean a zero LR: train.py treats it as unset and derives the LR from lr_base.');
    const lrBase = args.number('lr_base') ?? D.lr_base;
    const lrBaseSize = args.number('lr_base_size') ?? D.lr_base_size;
    let scale = args.string('lr_base_scale') ?? D.lr_base_scale;
    if (scale !== '' && scale !== 'linear' && scale !== 'sqrt') {
      report(where('lr_base_scale'), 'warning', 'timm-unknown-lr-base-scale',
        `\`lr_base_scale: ${quoted(scale)}\` is neither \`linear\` nor \`sqrt\`: train.py then scales linearly.${didYouMean(scale, ['linear', 'sqrt'])}`);
    }
    if (!scale) scale = ['ada', 'lamb'].some(o => opt.toLowerCase().includes(o)) ? 'sqrt' : 'linear';
    const worldSize = facts.world_size ?? 1;
    if (facts.world_size === undefined) assumptions.push({ fact: 'world_size', value: 1, source: 'default', howToSet: HOW_TO.world_size });
    const globalBatch = batchSize * worldSize * gradAccum;
    let ratio = globalBatch / lrBaseSize;
    if (scale === 'sqrt') ratio = ratio ** 0.5;
    lr = lrBase * ratio;
    report(where('lr_base', 'lr'), 'information', 'timm-lr-from-lr-base',
      `lr = lr_base × ${scale === 'sqrt' ? '√' : ''}(batch_size ${batchSize} × world_size ${worldSize} × grad_accum_steps ${gradAccum} / lr_base_size ${lrBaseSize}) = ${formatNumber(lrBase)} × ${formatNumber(ratio)} = ${formatNumber(lr)}` +
      (args.has('lr_base_scale') ? '.' : ` (${quoted(scale)} scaling: opt \`${quoted(opt)}\` ${scale === 'sqrt' ? 'contains "ada" or "lamb"' : 'is not Adam- or LAMB-like'}).`));
  }
  // torch.optim's constructors reject it before any scheduler runs, however long the warm-up that hides it
  if (!(lr >= 0)) {
    report(where('lr', 'lr_base'), 'error', 'timm-negative-lr', `The LR is ${formatNumber(lr)}: torch.optim raises ValueError("Invalid learning rate: ${formatNumber(lr)}") when the optimizer is built.`);
    return fail();
  }

  // Updates per epoch: train.py's updates_per_epoch = ceil(len(loader_train) / grad_accum_steps), the loader
  // dropping the last partial batch (timm/data/loader.py: drop_last=is_training) after DistributedSampler padding.
  const sources = input.context.sources;
  let updatesPerEpoch = facts.steps_per_epoch;
  if (updatesPerEpoch !== undefined) {
    assumptions.push({ fact: 'steps_per_epoch', value: updatesPerEpoch, source: sources.steps_per_epoch ?? 'context', howToSet: HOW_TO.steps_per_epoch });
  } else if (facts.dataset_size !== undefined) {
    const worldSize = facts.world_size ?? 1;
    if (facts.world_size === undefined && !assumptions.some(a => a.fact === 'world_size')) {
      assumptions.push({ fact: 'world_size', value: 1, source: 'default', howToSet: HOW_TO.world_size });
    }
    assumptions.push({ fact: 'dataset_size', value: facts.dataset_size, source: sources.dataset_size ?? 'context', howToSet: HOW_TO.dataset_size });
    const loaderBatches = Math.floor(Math.ceil(facts.dataset_size / worldSize) / batchSize);
    updatesPerEpoch = Math.ceil(loaderBatches / gradAccum);
  }
  // No one says it (issue 12 §1: never an error): a per-epoch schedule is exact with one counter step per epoch;
  // with sched_on_updates every length is warmup_epochs/epochs × updates_per_epoch, so the curve's shape over the
  // run is known and drawn at a nominal number of slices per epoch.
  const speUnknown = updatesPerEpoch === undefined;
  if (updatesPerEpoch === undefined) {
    updatesPerEpoch = onUpdates ? nominalSlicesPerEpoch(epochs + (warmupPrefix ? warmupEpochs : 0) + cooldownEpochs) : 1;
    assumptions.push(unknownStepsPerEpoch(HOW_TO.steps_per_epoch));
  }
  if (updatesPerEpoch <= 0) {
    report(rootStart(root), 'error', 'timm-no-updates-per-epoch',
      `An epoch of ${updatesPerEpoch} updates trains nothing${onUpdates ? ' (create_scheduler_v2 asserts updates_per_epoch > 0 with sched_on_updates)' : ''}.`);
    return fail();
  }

  if (sched === 'plateau') {
    if (onUpdates) {
      report(where('sched_on_updates'), 'error', 'timm-plateau-on-updates', 'The plateau scheduler only steps per epoch: create_scheduler_v2 asserts "Plateau LR only supports step per epoch." Remove `sched_on_updates`.');
      return fail();
    }
    return plateauUpperBound();
  }
  if (args.has('lr_noise')) {
    report(where('lr_noise'), 'warning', 'timm-lr-noise',
      'lr_noise multiplies the LR by seeded random noise inside its range of t: LR Lens plots the schedule without the noise.');
  }

  const unit = onUpdates ? updatesPerEpoch : 1; // create_scheduler_v2 multiplies every length by updates_per_epoch
  const known = (TIMM_CURVE_SCHEDULERS as readonly string[]).includes(sched);
  if (!known) {
    report(where('sched'), 'warning', 'timm-unknown-sched',
      `\`sched: ${quoted(sched)}\` is not a timm scheduler (${ALL_SCHEDS.join(', ')}): create_scheduler_v2 returns no scheduler and the LR stays at ${formatNumber(lr)}.${didYouMean(sched, ALL_SCHEDS)}`);
  }
  const s: TimmScheduler = {
    sched: known ? (sched as TimmCurveScheduler) : 'step',
    base: lr, tInitial: epochs * unit, warmupT: warmupEpochs * unit, warmupLrInit: warmupLr, warmupPrefix, lrMin: minLr,
    cycleMul, cycleDecay, cycleLimit, kDecay, decayT: decayEpochs * unit, milestones: milestones.map(m => m * unit), decayRate,
  };

  // Hard errors of the scheduler constructors.
  if ((s.sched === 'cosine' || s.sched === 'tanh' || s.sched === 'poly') && known && !(s.tInitial > 0)) {
    report(where('epochs'), 'error', 'timm-epochs-not-positive', `\`epochs: ${epochs}\`: the ${sched} scheduler asserts t_initial > 0.`);
    return fail();
  }
  if (known && !(minLr >= 0)) {
    report(where('min_lr'), 'error', 'timm-negative-min-lr', `\`min_lr: ${minLr}\`: timm asserts lr_min >= 0.`);
    return fail();
  }

  // The loop length: num_epochs returned by the factory (cycles, cooldown and warmup_prefix change it).
  const cycles = known ? cycleLength(s) : undefined;
  const numEpochs = cycles !== undefined
    ? (onUpdates ? Math.floor((cycles + cooldownEpochs * unit) / unit) : cycles + cooldownEpochs * unit)
    : epochs + (warmupPrefix ? warmupEpochs : 0);
  const totalUpdates = numEpochs * updatesPerEpoch;
  if (!Number.isInteger(totalUpdates) || totalUpdates <= 0) {
    report(where('epochs'), 'error', 'timm-no-epochs', `train.py would run ${numEpochs} epochs: nothing to plot.`);
    return fail();
  }
  const counterEnd = onUpdates ? totalUpdates - 1 : numEpochs - 1;
  // A counter value in the user's words: updates, or epochs when the updates are nominal slices of an epoch.
  const counterAt = (t: number): string => onUpdates && speUnknown ? `epoch ${formatNumber(t / unit)}` : `${onUpdates ? 'update' : 'epoch'} ${formatNumber(t)}`;
  const domainEnd = known ? cycleMulDomainEnd(s) : undefined;
  if (domainEnd !== undefined && counterEnd - (warmupPrefix ? s.warmupT : 0) >= domainEnd) {
    report(where('lr_cycle_mul'), 'error', 'timm-cycle-mul-domain',
      `With lr_cycle_mul ${cycleMul} < 1 the cycle index takes math.log of a number that reaches 0 at ${counterAt(domainEnd)}: timm raises "math domain error" before the run ends.`);
    return fail();
  }

  const counterCurve: Curve = known ? schedulerCurve(s) : { kind: 'constant', value: lr };
  const curve: Curve = onUpdates ? counterCurve : { kind: 'perEpoch', stepsPerEpoch: updatesPerEpoch, curve: counterCurve };
  const warmupUnits = known && s.warmupT > 0 ? Math.ceil(s.warmupT) : 0;
  const warmupUpdates = onUpdates ? warmupUnits : warmupUnits * updatesPerEpoch;
  if (known) scheduleDiagnostics();

  const schedule = buildSchedule({
    name: known ? `timm ${sched}${onUpdates ? ' (per update)' : ' (per epoch)'}` : 'timm (no scheduler)',
    curve,
    totalUpdates,
    stepsPerEpoch: updatesPerEpoch,
    updatesPerEpochUnknown: speUnknown,
    changes: onUpdates ? 'update' : 'epoch',
    warmupUpdates,
    assumptions,
  });
  return { schedules: [{ dialect: 'timm', schedule, range: root.range, settings }], diagnostics };

  /**
   * PlateauLRScheduler (timm/scheduler/plateau_lr.py): step(epoch) warms up linearly while epoch <= warmup_t, then
   * hands over to torch's ReduceLROnPlateau, which only ever lowers the LR, by decay_rate after patience_epochs
   * epochs without improvement. When that happens depends on training: the run where the metric keeps improving
   * (warm-up, then lr) is the curve's upper bound, drawn as PyTorch's and PaddleClas's plateau schedulers are.
   * create_scheduler_v2 gives it no cycle length, so train.py runs `epochs` (+ warmup_epochs with warmup_prefix).
   */
  function plateauUpperBound(): ReadResult {
    const patience = args.number('patience_epochs') ?? 10;
    report(where('sched'), 'information', 'timm-plateau',
      `\`sched: plateau\` multiplies the LR by decay_rate (${formatNumber(decayRate)}) whenever the eval metric stops improving for patience_epochs (${formatNumber(patience)}) epochs: when depends on training. LR Lens draws the run where the metric keeps improving${warmupEpochs > 0 ? ' (the warm-up, then lr)' : ''}, the LR's upper bound.`);
    const numEpochs = epochs + (warmupPrefix ? warmupEpochs : 0);
    const totalUpdates = numEpochs * updatesPerEpoch!;
    if (!Number.isInteger(totalUpdates) || totalUpdates <= 0) {
      report(where('epochs'), 'error', 'timm-no-epochs', `train.py would run ${numEpochs} epochs: nothing to plot.`);
      return fail();
    }
    const flat: Curve = { kind: 'constant', value: lr! };
    const byEpoch: Curve = warmupEpochs > 0
      ? { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: { kind: 'linear', from: warmupLr, to: lr!, length: warmupEpochs } },
        { start: warmupEpochs, counter: 'global', curve: flat, label: 'warmup end' },
      ] }
      : flat;
    const schedule = buildSchedule({
      name: 'timm plateau (per epoch, if the metric never stalls)',
      curve: { kind: 'perEpoch', stepsPerEpoch: updatesPerEpoch!, curve: byEpoch },
      totalUpdates,
      stepsPerEpoch: updatesPerEpoch,
      updatesPerEpochUnknown: speUnknown,
      changes: 'epoch',
      warmupUpdates: warmupEpochs > 0 ? Math.ceil(warmupEpochs) * updatesPerEpoch! : 0,
      assumptions,
    });
    return { schedules: [{ dialect: 'timm', schedule, range: root.range, settings }], diagnostics };
  }

  function scheduleDiagnostics(): void {
    const unitName = onUpdates ? 'update' : 'epoch';
    if (s.warmupT > 0 && !warmupPrefix && warmupUpdates >= totalUpdates) {
      report(where('warmup_epochs'), 'warning', 'timm-warmup-too-long',
        `warmup_epochs ${warmupEpochs} ≥ the ${numEpochs} epochs run: training ends inside the warmup and never reaches lr ${formatNumber(lr!)}.`);
    } else if (s.warmupT > 0 && !warmupPrefix && (s.sched === 'cosine' || s.sched === 'poly')) {
      const resumed = curveAt(decayCurve(s), s.warmupT);
      report(where('warmup_prefix', 'warmup_epochs'), 'warning', 'timm-warmup-kink',
        `warmup_prefix is false: the warmup ramps towards lr ${formatNumber(lr!)} but the ${sched} decay already counts the warmup ${unitName}s, so after the warmup the LR resumes at ${formatNumber(resumed)} (its value at ${counterAt(s.warmupT)}), below lr. Set \`warmup_prefix: true\` to start the decay at lr after the warmup (train.py then runs ${formatNumber(warmupEpochs)} more epochs).`);
    }
    if (s.sched === 'multistep') {
      const sorted = [...milestones].every((m, i, all) => i === 0 || all[i - 1] <= m);
      if (!sorted) {
        report(where('decay_milestones'), 'warning', 'timm-milestones-unsorted', 'decay_milestones must be increasing: timm bisects the list as it is.');
      }
      if (s.milestones.length > 0) report(where('decay_milestones', 'sched'), 'warning', 'timm-multistep-early',
        `MultiStepLRScheduler decays one ${unitName} before each milestone (bisect_right(milestones, t + 1)): the × ${formatNumber(decayRate)} steps happen ${onUpdates && speUnknown
          ? `one update before epochs ${listed(milestones.map(m => formatNumber(m)))}`
          : `at ${unitName}s ${listed(s.milestones.map(m => formatNumber(m - 1)))}, not ${listed(s.milestones.map(m => formatNumber(m)))}`}.`);
    }
    if (s.sched === 'poly') {
      report(where('decay_rate', 'sched'), args.has('decay_rate') ? 'information' : 'warning', 'timm-poly-power',
        `\`sched: poly\` uses decay_rate as the polynomial power: (1 − t/T)^${formatNumber(decayRate)}${args.has('decay_rate') ? '' : ' (the default decay_rate 0.1 keeps the LR almost flat, then drops it at the end)'}.`);
    }
  }
}

function rootStart(root: ObjectNode): SourceRange {
  const first = root.entries[0];
  return first ? first.keyRange : { start: root.range.start, end: Math.min(root.range.end, root.range.start + 1) };
}
