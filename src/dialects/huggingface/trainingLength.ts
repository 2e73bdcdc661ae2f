import type { Assumption } from '../../core/schedule';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../../core/units';
import type { SourceRange } from '../../formats/tree';
import type { Fields } from '../fields';
import type { AnalysisContext } from '../types';

/**
 * How many optimizer updates the Trainer runs (`Trainer.set_initial_training_values`, transformers 4.57.6 and
 * 5.18.0) and how many of them warm up (`TrainingArguments.get_warmup_steps`, which differs between 4 and 5).
 */

export const HOW_TO_SET = {
  steps_per_epoch: 'set `lrLens.stepsPerEpoch` (optimizer updates per epoch), an `lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch',
  dataset_size: 'set `lrLens.datasetSize`, an `lr-lens: dataset_size=N` comment, or --dataset-size',
  world_size: 'set `lrLens.worldSize`, an `lr-lens: world_size=N` comment, or --world-size',
  epochs: 'set `num_train_epochs` in the file, an `lr-lens: epochs=N` comment, or --epochs',
  max_steps: 'set `max_steps` in the file, an `lr-lens: max_steps=N` comment, or --max-steps',
} as const;

export interface TrainingLength {
  totalUpdates: number;
  /** optimizer updates per epoch, when the facts give it; nominal slices of an epoch with `updatesPerEpochUnknown` */
  stepsPerEpoch?: number;
  /** no one says how big the training set is: the run is drawn over num_train_epochs at nominal slices per epoch */
  updatesPerEpochUnknown?: true;
}

/**
 * N = max_steps when > 0; otherwise ceil(num_train_epochs × num_update_steps_per_epoch) with
 * num_update_steps_per_epoch = max(1, ceil(len_dataloader / gradient_accumulation_steps)) (ceil since PR #37923;
 * older 4.x releases floored) and len_dataloader = ceil(dataset_size / (per_device_train_batch_size × world_size)):
 * Accelerate shards the batches of one process's DataLoader over the processes (floors with dataloader_drop_last).
 */
export function trainingLength(
  fields: Fields, context: AnalysisContext, assumptions: Assumption[], anchor: SourceRange,
): TrainingLength | undefined {
  const facts = context.facts;
  const fact = <K extends keyof typeof HOW_TO_SET>(name: K, value: number): number => {
    assumptions.push({ fact: name, value, source: context.sources[name] ?? 'context', howToSet: HOW_TO_SET[name] });
    return value;
  };
  const gradientAccumulation = fields.number('gradient_accumulation_steps', { above: 0, integer: true }) ?? 1;
  const perDevice = fields.number('per_device_train_batch_size', { above: 0, integer: true }) ?? 8;
  const dropLast = fields.boolean('dataloader_drop_last') ?? false;
  const epochs = fields.number('num_train_epochs') ?? (fields.has('num_train_epochs') ? undefined : facts.epochs !== undefined ? fact('epochs', facts.epochs) : 3.0);
  let maxSteps = fields.number('max_steps', { integer: true });
  if (maxSteps === undefined && !fields.has('max_steps') && facts.max_steps !== undefined) maxSteps = fact('max_steps', facts.max_steps);

  let stepsPerEpoch: number | undefined;
  if (facts.steps_per_epoch !== undefined) {
    stepsPerEpoch = facts.steps_per_epoch;
  } else if (facts.dataset_size !== undefined) {
    let worldSize = facts.world_size;
    if (worldSize === undefined) {
      worldSize = 1;
      if (!(maxSteps !== undefined && maxSteps > 0)) {
        assumptions.push({ fact: 'world_size', value: 1, source: 'default', howToSet: HOW_TO_SET.world_size });
      }
    }
    const samplesPerStep = perDevice * Math.max(1, worldSize);
    const batches = dropLast ? Math.floor(facts.dataset_size / samplesPerStep) : Math.ceil(facts.dataset_size / samplesPerStep);
    // len_dataloader // GA + int(len_dataloader % GA > 0), at least 1.
    stepsPerEpoch = Math.max(1, Math.ceil(batches / gradientAccumulation));
  }

  if (maxSteps !== undefined && maxSteps > 0) return { totalUpdates: maxSteps, stepsPerEpoch };
  if (epochs === undefined) return undefined;
  let updatesPerEpochUnknown: true | undefined;
  if (stepsPerEpoch === undefined) {
    // Issue 12 §1: not an error. The LambdaLR is stepped per update, but N = ceil(num_train_epochs × updates per
    // epoch) and a warmup_ratio are relative to the run, so the curve's shape over the epochs is known: drawn at
    // nominal slices per epoch. An absolute `warmup_steps` cannot be placed in epochs without the epoch's length.
    updatesPerEpochUnknown = true;
    stepsPerEpoch = nominalSlicesPerEpoch(epochs);
    const warmup = fields.entry('warmup_steps')?.value;
    const absolute = warmup?.kind === 'number' && warmup.value >= 1 ? warmup.value : undefined;
    assumptions.push(unknownStepsPerEpoch(absolute === undefined ? HOW_TO_SET.steps_per_epoch
      : `${HOW_TO_SET.steps_per_epoch}. \`warmup_steps: ${absolute}\` counts updates, which cannot be placed in epochs without it: drawn as if an epoch had ${stepsPerEpoch} updates`));
  } else if (facts.steps_per_epoch !== undefined) fact('steps_per_epoch', stepsPerEpoch);
  else fact('dataset_size', facts.dataset_size!);
  const totalUpdates = Math.ceil(epochs * stepsPerEpoch);
  if (!(totalUpdates > 0)) {
    fields.report(fields.range('num_train_epochs') ?? anchor, 'no-training-steps',
      `num_train_epochs = ${epochs} gives ${totalUpdates} updates: the Trainer does not train. Set \`num_train_epochs\` > 0 or \`max_steps\`.`);
    return undefined;
  }
  return { totalUpdates, stepsPerEpoch, ...(updatesPerEpochUnknown ? { updatesPerEpochUnknown } : {}) };
}

/**
 * num_warmup_steps. transformers 4: `warmup_steps` if > 0, else ceil(warmup_ratio × N) (warmup_ratio must lie in
 * [0, 1]). transformers 5: `warmup_steps` ≥ 1 is int(warmup_steps), a float in [0, 1) is the ratio ceil(N × value);
 * `warmup_ratio` no longer exists (5.18: HfArgumentParser rejects the key, or drops it with allow_extra_keys).
 */
export function warmupSteps(fields: Fields, version: '4' | '5', totalUpdates: number, text: string): number | undefined {
  const steps = fields.number('warmup_steps', { min: 0 });
  if (steps === undefined && fields.has('warmup_steps')) return undefined;
  const stepsEntry = fields.entry('warmup_steps');
  const ratioEntry = fields.entry('warmup_ratio');
  if (version === '5') {
    if (ratioEntry && ratioEntry.value.kind !== 'null') {
      fields.number('warmup_ratio');
      const ratio = ratioEntry.value.kind === 'number' ? ratioEntry.value.value : undefined;
      // a duplicated key would leave its twin in force after the rename
      // and a ratio that takes the whole run (one update of one) would warm up through all of it
      const canRename = !fields.duplicated('warmup_ratio') && !stepsEntry && ratio !== undefined && ratio >= 0 && ratio < 1 && Math.ceil(ratio * totalUpdates) < totalUpdates;
      fields.report(ratioEntry.keyRange, 'warmup-ratio-removed',
        '`warmup_ratio` was removed in transformers 5 (5.0–5.1 still read it as `warmup_steps`, with a deprecation warning): HfArgumentParser stops with "Some keys are not used by the HfArgumentParser: [\'warmup_ratio\']", ' +
        'and a script that allows extra keys drops it silently, so there is no warm-up (the curve shows that; LR Lens assumes the newest transformers unless told 4.x). ' +
        (canRename ? 'In v5 a float `warmup_steps` below 1 is the ratio: rename the key.'
          : ratio === 1 ? 'In v5 `warmup_steps: 1.0` means one step; to warm up over the whole run write the number of updates.'
          : 'Express the warm-up as `warmup_steps` (a float below 1 is a ratio of the training updates).'),
        'error', canRename ? [{ title: 'Rename to `warmup_steps` (v5 ratio)', edits: [{ range: ratioEntry.keyRange, newText: quoteLike(text, ratioEntry.keyRange, 'warmup_steps') }], preferred: true }] : undefined);
    }
    const value = steps ?? 0;
    if (value === 1 && stepsEntry?.value.text?.includes('.')) {
      fields.report(stepsEntry.value.range, 'warmup-steps-one', '`warmup_steps: 1.0` is one warm-up step in transformers 5, not the whole run (only floats below 1 are ratios).', 'information');
    }
    return value >= 1 ? Math.trunc(value) : Math.ceil(totalUpdates * value);
  }
  const ratio = fields.number('warmup_ratio') ?? 0;
  if (ratio < 0 || ratio > 1) {
    fields.report(fields.range('warmup_ratio')!, 'warmup-ratio-range', `\`warmup_ratio\` must lie in [0, 1] (TrainingArguments raises ValueError), not ${ratio}.`);
    return undefined;
  }
  const value = steps ?? 0;
  if (!Number.isInteger(value)) {
    fields.report(stepsEntry!.value.range, 'warmup-steps-not-integer',
      `transformers 4 declares \`warmup_steps\` as an int: from the command line ${value} is rejected, and from a file the scheduler gets ${value} warm-up steps` +
      (value < 1 ? ' (practically none). A ratio is `warmup_ratio` in v4, or a float `warmup_steps` in v5.' : '.'), 'warning',
      value < 1 && !ratioEntry ? [{ title: 'Rename to `warmup_ratio` (v4 ratio)', edits: [{ range: stepsEntry!.keyRange, newText: quoteLike(text, stepsEntry!.keyRange, 'warmup_ratio') }], preferred: true }] : undefined);
  }
  if (value > 0 && ratio > 0) {
    fields.report(fields.range('warmup_ratio')!, 'warmup-steps-overrides-ratio',
      `Both are set: in transformers 4 \`warmup_steps: ${value}\` wins and \`warmup_ratio: ${ratio}\` has no effect.`, 'warning');
  }
  return value > 0 ? value : Math.ceil(totalUpdates * ratio);
}

/** A replacement key spelled like the original: keeps the quotes when the key range includes them (JSON). */
function quoteLike(text: string, range: SourceRange, key: string): string {
  const original = text.slice(range.start, range.end);
  const quote = /^["']/.exec(original)?.[0];
  return quote ? `${quote}${key}${quote}` : key;
}
