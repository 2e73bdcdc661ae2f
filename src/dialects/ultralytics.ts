import { quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { FormulaCurve } from '../core/curve';
import type { Assumption } from '../core/schedule';
import { formatNumber } from '../core/scaling';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../core/units';
import type { ObjectNode, SourceRange } from '../formats/tree';
import { didYouMean } from './suggest';
import type { Diagnostic, Dialect, DialectInput, ReadResult, SettingRef } from './types';
import { ULTRALYTICS_DEFAULTS as D, UltralyticsConfig } from './ultralytics/config';
import { canonicalOptimizer, chooseOptimizer, OPTIMIZERS } from './ultralytics/optimizer';
import { roundHalfEven } from './ultralytics/python';
import { MAX_SIMULATED_BATCHES, simulateTrainingLoop, type UltralyticsTrainer } from './ultralytics/trainingLoop';
import { ultralyticsAssumption, ultralyticsVersion, unpinnedWarmup } from './ultralytics/versions';

/**
 * Ultralytics YOLO (v8 / 11 / 26) train cfg YAML (`yolo train cfg=custom.yaml`, or a run's args.yaml): the
 * file overrides ultralytics/cfg/default.yaml. The LR is a LambdaLR over epochs (linear or `cos_lr`) with a
 * per-batch warmup and nbs gradient accumulation, read from ultralytics/engine/trainer.py (dialects.md §7).
 * Which trainer generation runs ('8.3' or 'main') comes from a version pin or the user's setting, else the newest
 * (ultralytics/versions.ts, which also warns when the other trainer would warm up differently).
 */

/** Keys only Ultralytics cfgs have. */
const OWN_KEYS = ['lr0', 'lrf', 'cos_lr', 'warmup_bias_lr', 'warmup_momentum', 'nbs', 'close_mosaic', 'imgsz', 'mosaic', 'hsv_h', 'fliplr', 'box', 'dfl', 'overlap_mask', 'mask_ratio'];
/** Keys of YOLOv5 hyperparameter files that ultralytics/cfg/default.yaml does not have. */
const YOLOV5_KEYS = ['anchor_t', 'fl_gamma', 'iou_t', 'obj_pw'];
/** Keys Ultralytics shares with other trainers. */
const SHARED_KEYS = ['epochs', 'batch', 'optimizer', 'task', 'mode', 'model', 'data', 'warmup_epochs', 'momentum', 'weight_decay', 'patience', 'device', 'workers'];

const FACT_HOW_TO = {
  dataset_size: 'set `lrLens.datasetSize`, a `# lr-lens: dataset_size=N` comment, or --dataset-size',
  steps_per_epoch: 'set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch (batches per epoch)',
  world_size: 'set `lrLens.worldSize`, a `# lr-lens: world_size=N` comment, or --world-size',
  nc: 'set a `# lr-lens: nc=N` comment or --nc (the `nc` of your data YAML)',
  batch_size: 'set a `# lr-lens: batch_size=N` comment or --batch-size',
};

export const ultralyticsDialect: Dialect = {
  id: 'ultralytics',
  displayName: 'Ultralytics YOLO',
  detect(input) {
    if (input.root.kind !== 'object') return 0;
    const keys = new Set(input.root.entries.map(e => e.key));
    const own = OWN_KEYS.filter(k => keys.has(k)).length;
    const shared = SHARED_KEYS.filter(k => keys.has(k)).length;
    const optimizer = input.root.entries.find(e => e.key === 'optimizer')?.value;
    if (optimizer && optimizer.kind !== 'string' && optimizer.kind !== 'null') return 0.1; // an optimizer mapping: PyTorch/Hydra
    // YOLOv5 hyp.*.yaml files share lr0/lrf but run YOLOv5's train.py (scheduler stepped at the epoch end).
    if (YOLOV5_KEYS.some(k => keys.has(k))) return 0.3;
    if (own >= 2) return 0.9;
    if (own === 1 && shared >= 2) return 0.7;
    return own > 0 ? 0.3 : 0;
  },
  read: readUltralytics,
};

function readUltralytics(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const settings: SettingRef[] = [];
  if (input.root.kind !== 'object') return { schedules: [], diagnostics };
  const root = input.root;
  const cfg = new UltralyticsConfig(root, { diagnostics, settings });
  const facts = input.context.facts;
  // a pin or the user's setting, else the newest (ultralytics/versions.ts)
  const version = ultralyticsVersion(root, input.context);
  const trainer: UltralyticsTrainer = version.trainer;
  const assumptions: Assumption[] = [];
  const where = (...keys: string[]): SourceRange => {
    for (const key of keys) {
      const range = cfg.range(key);
      if (range) return range;
    }
    return rootStart(root);
  };
  const report = (range: SourceRange, severity: Diagnostic['severity'], code: string, message: string) =>
    diagnostics.push({ range, severity, code, message });
  const fail = (): ReadResult => ({ schedules: [], diagnostics });

  // check_cfg(hard=True) types and ranges.
  const lr0 = cfg.fraction('lr0', D.lr0);
  const lrf = cfg.fraction('lrf', D.lrf);
  cfg.fraction('momentum', D.momentum);
  cfg.fraction('weight_decay', D.weight_decay);
  const warmupBiasLr = cfg.fraction('warmup_bias_lr', D.warmup_bias_lr);
  const fraction = cfg.fraction('fraction', D.fraction);
  const fileEpochs = cfg.int('epochs', D.epochs);
  const nbs = cfg.int('nbs', D.nbs);
  const warmupEpochs = cfg.float('warmup_epochs', D.warmup_epochs)!;
  const fileBatch = cfg.float('batch', D.batch)!;
  const cosLr = cfg.bool('cos_lr', D.cos_lr);
  const compile = cfg.truthy('compile');
  const optimizerText = cfg.string('optimizer') ?? D.optimizer;
  const time = cfg.float('time', undefined);

  const optimizer = canonicalOptimizer(trainer, optimizerText);
  if (!optimizer) {
    report(where('optimizer'), 'error', 'ul-unknown-optimizer',
      `Optimizer '${quoted(optimizerText)}' is not one of ${OPTIMIZERS[trainer].join(', ')} (Ultralytics ${trainer} raises NotImplementedError).${didYouMean(optimizerText, OPTIMIZERS[trainer])}` +
      (trainer === '8.3' && optimizerText.toLowerCase() === 'musgd' ? ' MuSGD arrived with YOLO26 (8.4+); set the Ultralytics version to main.' : ''));
  }
  if (nbs <= 0) report(where('nbs'), 'error', 'ul-out-of-range', `\`nbs: ${nbs}\` must be a positive nominal batch size (Ultralytics divides by it).`);
  if (cfg.failed || !optimizer) return fail();

  // `self.epochs = self.args.epochs or 100`.
  let epochs = facts.epochs ?? fileEpochs;
  if (epochs === 0) {
    report(where('epochs'), 'information', 'ul-epochs-zero', '`epochs: 0` trains for 100 epochs: the trainer uses `args.epochs or 100`.');
    epochs = 100;
  }
  if (epochs < 0) {
    report(where('epochs'), 'error', 'ul-out-of-range', `\`epochs: ${epochs}\` must be positive.`);
    return fail();
  }
  if (time !== undefined && time > 0) {
    report(where('time'), 'warning', 'ul-time-overrides-epochs',
      `\`time: ${time}\` makes Ultralytics recompute \`epochs\` after every epoch from the measured epoch time and rebuild the scheduler; LR Lens plots ${epochs} epochs.`);
  }

  // Batch: an int; -1 or a fraction in (0, 1) asks AutoBatch, which picks the batch from GPU memory at run time.
  let batch = facts.batch_size ?? fileBatch;
  // AutoBatch's batch is a fact of the run, not of the file: unknown, so are the batches per epoch (drawn in
  // epochs below), never an error (issue 12 §1).
  let batchUnknown = false;
  if (batch < 1 || !Number.isInteger(batch)) {
    if (facts.batch_size === undefined) {
      report(where('batch'), 'information', 'ul-autobatch',
        `\`batch: ${fileBatch}\` lets AutoBatch choose the batch size from GPU memory when training starts, so the batches per epoch are unknown and the curve is drawn in epochs: ${FACT_HOW_TO.batch_size} to the batch AutoBatch reported.`);
      batchUnknown = true;
      assumptions.push({ fact: 'batch_size', value: 'unknown', source: 'unknown', howToSet: `${FACT_HOW_TO.batch_size} (AutoBatch picks it when training starts)` });
      batch = nbs; // a stand-in: with the batches per epoch unknown, only the accumulation would use it
    } else batch = Math.floor(batch);
  }

  // Batches per epoch: len(train_loader) = ceil(samples per process / per-process batch) (drop_last only with
  // `compile` on main); build_dataloader clamps the batch to the dataset size.
  const worldSize = facts.world_size ?? 1;
  let datasetSize = facts.dataset_size;
  let batchesPerEpoch: number;
  // Issue 12 §1: without the dataset size the batches per epoch are unknown, not an error. The LambdaLR is
  // stepped per epoch and the warm-up lasts warmup_epochs of batches, so the curve is drawn over the epochs at
  // nominal slices per epoch (one update each: the nbs accumulation only decides which batches update).
  let nbUnknown = false;
  if (datasetSize !== undefined && datasetSize > 0 && !batchUnknown) {
    if (facts.world_size === undefined) assumptions.push({ fact: 'world_size', value: 1, source: 'default', howToSet: FACT_HOW_TO.world_size });
    assumptions.push({ fact: 'dataset_size', value: datasetSize, source: input.context.sources.dataset_size ?? 'context', howToSet: FACT_HOW_TO.dataset_size });
    const perProcessBatch = Math.min(Math.floor(batch / Math.max(worldSize, 1)), datasetSize);
    if (perProcessBatch <= 0) {
      report(where('batch'), 'error', 'ul-empty-epoch', `batch ${batch} split over ${worldSize} devices leaves no sample per device: the DataLoader rejects batch_size 0.`);
      return fail();
    }
    const samplesPerProcess = worldSize > 1 ? Math.ceil(datasetSize / worldSize) : datasetSize;
    const dropLast = trainer === 'main' && compile;
    batchesPerEpoch = dropLast ? Math.floor(samplesPerProcess / perProcessBatch) : Math.ceil(samplesPerProcess / perProcessBatch);
  } else if (facts.steps_per_epoch !== undefined && facts.steps_per_epoch > 0 && !batchUnknown) {
    // Updates per epoch are not constant here (accumulation ramps during warmup): steps_per_epoch is read as
    // batches per epoch, len(train_loader).
    batchesPerEpoch = facts.steps_per_epoch;
    datasetSize = batchesPerEpoch * batch;
    assumptions.push({ fact: 'steps_per_epoch', value: batchesPerEpoch, source: input.context.sources.steps_per_epoch ?? 'context', howToSet: FACT_HOW_TO.steps_per_epoch });
    assumptions.push({ fact: 'dataset_size', value: datasetSize, source: 'default', howToSet: FACT_HOW_TO.dataset_size });
  } else {
    nbUnknown = true;
    batchesPerEpoch = nominalSlicesPerEpoch(epochs);
    assumptions.push(unknownStepsPerEpoch(`${FACT_HOW_TO.dataset_size} (the training images), or steps_per_epoch to the batches per epoch` +
      (trainer === '8.3' && warmupEpochs > 0 ? `. Ultralytics 8.3 warms up for max(warmup_epochs × batches per epoch, 100) batches: drawn as warmup_epochs (${formatNumber(warmupEpochs)}) epochs, longer on a small dataset` : '')));
  }
  if (fraction < 1) {
    report(where('fraction'), 'information', 'ul-fraction',
      `\`fraction: ${fraction}\` trains on round(${fraction} × images) images: LR Lens takes dataset_size as the images actually trained on.`);
  }

  // build_optimizer.
  let nc = facts.nc;
  if (optimizer === 'auto' && nc === undefined) {
    nc = 10; // `self.data.get("nc", 10)`
    assumptions.push({ fact: 'nc', value: nc, source: 'default', howToSet: FACT_HOW_TO.nc });
  }
  // optimizer: auto picks by ceil(images / max(batch, nbs)) × epochs ≤ 10000: with no dataset size, the short-run
  // branch (AdamW) for a run whose training set is small enough, said in the message.
  const autoLimit = Math.floor(10000 / epochs) * Math.max(batch, nbs);
  const choice = chooseOptimizer({ trainer, name: optimizer, lr0, warmupBiasLr, datasetSize: datasetSize ?? 1, batch, nbs, epochs, nc: nc ?? 10 });
  if (choice.auto) {
    const why = datasetSize === undefined && choice.auto.iterations > 10000
      ? `iterations = ceil(images / max(${batch}, ${nbs})) × ${epochs} > 10000 for any training set`
      : datasetSize === undefined
      ? `iterations = ceil(images / max(${batch}, ${nbs})) × ${epochs} ≤ 10000 for a training set of at most ${autoLimit} images (the dataset size is unknown; above that it picks ${trainer === '8.3' ? 'SGD' : 'MuSGD'}(lr=0.01))`
      : `iterations = ceil(${datasetSize} / max(${batch}, ${nbs})) × ${epochs} = ${choice.auto.iterations} ${choice.auto.iterations > 10000 ? '> 10000' : '≤ 10000'}`;
    const picked = `${choice.name}(lr=${formatNumber(choice.lr)})${choice.name === 'AdamW' ? ` = round(0.002 × 5 / (4 + nc=${choice.auto.nc}), 6)` : ''}`;
    const ignored = ['lr0', 'momentum'].filter(k => cfg.has(k));
    report(ignored.length ? where(...ignored) : where('optimizer'), ignored.length ? 'warning' : 'information', ignored.length ? 'ul-auto-ignores-lr0' : 'ul-auto-optimizer',
      `\`optimizer: auto\` picks ${picked} because ${why}` +
      (ignored.length ? `, ignoring ${ignored.map(k => `\`${k}\``).join(' and ')}` : '') +
      `, and sets warmup_bias_lr to 0. Set \`optimizer: SGD\` (or another name) to use lr0.`);
  }

  const lf = cosLr
    // one_cycle(1, lrf, epochs) in ultralytics/utils/torch_utils.py
    ? (x: number) => Math.max((1 - Math.cos((x * Math.PI) / epochs)) / 2, 0) * (lrf - 1) + 1
    // _setup_scheduler's linear lambda
    : (x: number) => Math.max(1 - x / epochs, 0) * (1.0 - lrf) + lrf;
  const loop = simulateTrainingLoop({
    // nominal slices: batch = nbs, so no accumulation and every slice is one update
    trainer, epochs, batchesPerEpoch, batch: nbUnknown ? nbs : batch, nbs, warmupEpochs, lf, nominalBatches: nbUnknown,
    initialLr: choice.firstGroupLr, warmupStartLr: choice.firstGroupWarmupStart,
  });
  if ('tooManyBatches' in loop) {
    report(where('warmup_epochs'), 'error', 'ul-too-long',
      `The warmup spans ${loop.tooManyBatches} batches; LR Lens follows at most ${MAX_SIMULATED_BATCHES} warmup batches batch by batch. Check warmup_epochs and dataset_size.`);
    return fail();
  }

  warmupDiagnostics();
  const unpinned = unpinnedWarmup(version, { warmupEpochs, epochs, nb: nbUnknown ? undefined : batchesPerEpoch, biasStart: optimizer === 'auto' ? 0 : warmupBiasLr });
  if (unpinned) report(where('warmup_epochs', 'optimizer'), 'warning', 'ul-version-warmup', unpinned);
  assumptions.push(ultralyticsAssumption(version));
  if (choice.firstGroup !== 'weight' && loop.warmupBatches > 0) {
    report(where('optimizer', 'warmup_bias_lr'), 'information', 'ul-first-group',
      choice.firstGroup === 'bias'
        ? `The plotted LR is param_groups[0], which in Ultralytics 8.3 is the bias group: during warmup it falls from warmup_bias_lr (${formatNumber(choice.firstGroupWarmupStart)}) while the weights rise from 0.`
        : `The plotted LR is param_groups[0], which with MuSGD is the group of boosted head weights at 3 × lr0 = ${formatNumber(choice.firstGroupLr)}.`);
  }
  const finalLr = choice.firstGroupLr * lf(epochs - 1);
  report(where('lrf'), 'information', 'ul-final-lr',
    `The last epoch trains at lr0 × lf(${epochs - 1}) = ${formatNumber(finalLr)}, not lr0 × lrf = ${formatNumber(choice.firstGroupLr * lrf)}: the scheduler is stepped at the start of each epoch, so lf(${epochs}) is never used.`);
  // accumulate = max(round(nbs / batch), 1) before the warmup ramp.
  const nominalAccumulate = Math.max(roundHalfEven(nbs / batch), 1);
  if (!nbUnknown && loop.warmupBatches > 0 && loop.warmupBatches < loop.totalBatches && loop.finalAccumulate !== nominalAccumulate) {
    report(where('nbs', 'warmup_epochs'), 'warning', 'ul-accumulate-after-warmup',
      `The warmup ends one batch before its accumulation ramp does: training then accumulates ${loop.finalAccumulate} batches per update, not round(nbs / batch) = ${nominalAccumulate}.`);
  }

  const curve: FormulaCurve = {
    kind: 'formula',
    name: `ultralytics-${trainer}-${cosLr ? 'cosine' : 'linear'}`,
    at: (t: number) => loop.lrAt(t),
    pieceStarts: (from, to, limit) => loop.pieceStarts.filter(p => p > from && p <= to).slice(0, limit),
  };
  const schedule = buildSchedule({
    name: `${choice.name} ${cosLr ? 'cosine' : 'linear'} (Ultralytics ${trainer})`,
    curve,
    totalUpdates: loop.totalUpdates,
    ...(nbUnknown ? { stepsPerEpoch: batchesPerEpoch, updatesPerEpochUnknown: true } : {}),
    changes: 'update',
    warmupUpdates: loop.warmupUpdates,
    assumptions,
  });
  return { schedules: [{ dialect: 'ultralytics', schedule, range: root.range, settings }], diagnostics };

  function warmupDiagnostics(): void {
    if ('tooManyBatches' in loop) return;
    const nb = batchesPerEpoch;
    const asked = warmupEpochs > 0 ? Math.round(warmupEpochs * nb) : 0;
    if (trainer === '8.3' && !nbUnknown && warmupEpochs > 0 && loop.warmupIterations > asked) {
      report(where('warmup_epochs'), 'information', 'ul-min-warmup-100',
        `Ultralytics 8.3 warms up for at least 100 iterations: ${loop.warmupIterations} batches (${formatNumber(loop.warmupIterations / nb)} epochs of ${nb} batches), not warmup_epochs × ${nb} = ${asked}.`);
    }
    if (trainer === 'main' && warmupEpochs > 0 && warmupEpochs > Math.max(epochs - 1, 0)) {
      report(where('warmup_epochs'), 'information', 'ul-warmup-capped',
        `The warmup is capped at epochs − 1 = ${Math.max(epochs - 1, 0)} epochs${nbUnknown ? '' : ` (${loop.warmupIterations} batches)`}, leaving the last epoch for regular training.`);
    }
    if (loop.warmupBatches >= loop.totalBatches && loop.warmupBatches > 0) {
      report(where('warmup_epochs'), 'warning', 'ul-warmup-exceeds-run',
        nbUnknown ? `The warmup (${formatNumber(warmupEpochs)} epochs) is as long as the whole run (${epochs} epochs): the LR never reaches lr0.`
          : `The warmup (${loop.warmupIterations} iterations) is as long as the whole run (${loop.totalBatches} batches): the LR never reaches lr0.`);
    }
  }
}

function rootStart(root: ObjectNode): SourceRange {
  const first = root.entries[0];
  return first ? first.keyRange : { start: root.range.start, end: Math.min(root.range.end, root.range.start + 1) };
}
