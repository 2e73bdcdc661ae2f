import type { Assumption } from '../../core/schedule';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../../core/units';
import type { SourceRange } from '../../formats/tree';
import type { Fields } from '../fields';
import type { AnalysisContext } from '../types';

/**
 * How many optimizer updates the Trainer runs (`Trainer.set_initial_training_values`, transformers 4.57.6 and
 * 5.18.0); how many of them warm up, which differs between 4 and 5, is warmup.ts.
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
