import type { Assumption } from '../../core/schedule';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../../core/units';
import type { ObjectNode, SourceRange } from '../../formats/tree';
import { Fields } from '../fields';
import type { AnalysisContext, FactName } from '../types';

/** Where users set each fact LR Lens may need (settings, in-file directive, CLI flag). */
export const HOW_TO_SET: Readonly<Partial<Record<FactName, string>>> = {
  steps_per_epoch: 'set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch',
  epochs: 'set `trainer.max_epochs` in the file, a `# lr-lens: epochs=N` comment, or --epochs',
  max_steps: 'a `# lr-lens: max_steps=N` comment, or --max-steps',
  max_iters: 'a `# lr-lens: max_iters=N` comment, or --max-iters',
  scheduler_interval: 'set `lrLens.schedulerInterval`, a `# lr-lens: scheduler_interval=step` comment, or --interval step|epoch',
  world_size: 'set `lrLens.worldSize`, a `# lr-lens: world_size=N` comment, or --world-size',
  dataset_size: 'set `lrLens.datasetSize`, a `# lr-lens: dataset_size=N` comment, or --dataset-size',
};

/** Lightning's Trainer runs 1000 epochs when neither max_epochs nor max_steps is set (trainer.py / fit_loop). */
export const LIGHTNING_DEFAULT_MAX_EPOCHS = 1000;

export interface RunLengthRequest {
  /** the resolved root of the file */
  root: ObjectNode;
  out: ConstructorParameters<typeof Fields>[1];
  context: AnalysisContext;
  /** how often the scheduler is stepped */
  interval: 'step' | 'epoch';
  /** a Lightning Trainer runs the loop (its max_epochs default applies) */
  lightning: boolean;
  /** scheduler steps the schedule is built for (OneCycleLR total_steps), a last-resort length */
  plannedSteps?: number;
  /** where to point a "cannot tell the length" error */
  range: SourceRange;
  /**
   * A Hydra config-group option (the file is the scheduler's own config, its trainer composed elsewhere): no
   * length is no error (issue 12 §1) but drawn over `steps` scheduler steps, the span its own arguments cover
   * (T_max, milestones, …), as an unknown fact.
   */
  unknownLength?: { steps: number; why: string };
}

export type RunLength =
  | { ok: true; totalUpdates: number; stepsPerEpoch?: number; assumptions: Assumption[];
    /** no one says the updates per epoch: `stepsPerEpoch` counts nominal slices of an epoch (1 when stepped per epoch) */
    updatesPerEpochUnknown?: true }
  | { ok: false; code: string; message: string };

/**
 * N, the number of optimizer updates, from the input facts first (the user stated them), then the file's
 * trainer keys: `max_steps`/`max_iters` (updates), `max_epochs`/`epochs` × updates per epoch. Updates per
 * epoch come from `steps_per_epoch`, or from `dataset_size` / (batch × devices) / gradient accumulation.
 */
export function runLength(request: RunLengthRequest): RunLength {
  const { context, interval } = request;
  const facts = context.facts;
  const assumptions: Assumption[] = [];
  const fromContext = (fact: FactName, value: number | string) => {
    assumptions.push({ fact, value, source: context.sources[fact] ?? 'context', howToSet: HOW_TO_SET[fact] ?? '' });
  };
  const root = new Fields(request.root, request.out, { codePrefix: 'pt-' });
  const trainer = trainerOf(root);
  const positive = (fields: Fields | undefined, key: string): number | undefined => {
    const node = fields?.valueNode(key);
    if (!fields || node?.kind !== 'number') return undefined;
    const value = fields.number(key);
    return value !== undefined && value > 0 ? value : undefined; // Lightning: -1 means "no limit"
  };

  let maxSteps: number | undefined;
  if (facts.max_steps !== undefined) { maxSteps = facts.max_steps; fromContext('max_steps', maxSteps); }
  else if (facts.max_iters !== undefined) { maxSteps = facts.max_iters; fromContext('max_iters', maxSteps); }
  else maxSteps = positive(trainer, 'max_steps') ?? positive(trainer, 'max_iters') ?? positive(root, 'max_steps') ?? positive(root, 'max_iters');

  let epochs: number | undefined;
  if (facts.epochs !== undefined) { epochs = facts.epochs; fromContext('epochs', epochs); }
  else epochs = positive(trainer, 'max_epochs') ?? positive(root, 'max_epochs') ?? positive(root, 'epochs') ?? positive(root, 'num_epochs');
  if (epochs === undefined && maxSteps === undefined && request.lightning) {
    epochs = LIGHTNING_DEFAULT_MAX_EPOCHS;
    assumptions.push({ fact: 'epochs', value: epochs, source: 'default', howToSet: HOW_TO_SET.epochs! });
  }

  let stepsPerEpoch: number | undefined;
  if (facts.steps_per_epoch !== undefined) { stepsPerEpoch = facts.steps_per_epoch; fromContext('steps_per_epoch', stepsPerEpoch); }
  else stepsPerEpoch = positive(trainer, 'steps_per_epoch') ?? positive(trainer, 'iters_per_epoch') ?? positive(root, 'steps_per_epoch') ?? positive(root, 'iters_per_epoch');
  if (stepsPerEpoch === undefined && facts.dataset_size !== undefined) {
    stepsPerEpoch = stepsFromDataset(root, trainer, request, assumptions);
  }

  // Issue 12 §1: unknown updates per epoch are not an error. A scheduler stepped per epoch is exact with one
  // counter step per epoch; one stepped per update over a run given in epochs is drawn at nominal slices per epoch,
  // its lengths (T_max, milestones, total_steps) counting updates that cannot be placed in epochs without it.
  let updatesPerEpochUnknown: true | undefined;
  const unknown = (slices: number, note?: string): number => {
    updatesPerEpochUnknown = true;
    assumptions.push(unknownStepsPerEpoch(note ? `${HOW_TO_SET.steps_per_epoch} (or give dataset_size and the batch size). ${note}` : `${HOW_TO_SET.steps_per_epoch} (or give dataset_size and the batch size)`));
    return slices;
  };
  // A group option's run is set where its trainer is: unknown here, the curve drawn over its own span.
  const span = request.unknownLength;
  const unknownRun = (fact: 'epochs' | 'max_steps', steps: number, why: string, spanned = false): void => {
    assumptions.push({ fact, value: 'unknown', source: 'unknown',
      howToSet: `${HOW_TO_SET[fact]}. The run's ${fact === 'epochs' ? 'epochs are' : 'length is'} not known (${why}): drawn over ${steps} ${fact === 'epochs' ? 'epochs' : 'updates'}${spanned ? ', the span the scheduler\'s own arguments cover' : ''}` });
  };
  const noLength: RunLength = { ok: false, code: 'pt-missing-length',
    message: 'The run length is not in the file: set `trainer.max_epochs` (with updates per epoch) or `trainer.max_steps`, a `# lr-lens: epochs=N` or `# lr-lens: max_steps=N` comment, or --epochs / --max-steps.' };

  let totalUpdates: number;
  if (interval === 'epoch') {
    if (stepsPerEpoch === undefined) {
      let runEpochs = epochs ?? request.plannedSteps;
      if (runEpochs === undefined && maxSteps !== undefined) {
        // Issue 12 §1: the run stops after max_steps updates, an unknown number of epochs; an epoch has at least
        // one update, so it is at most max_steps epochs
        runEpochs = maxSteps;
        unknownRun('epochs', maxSteps, `it stops after max_steps ${maxSteps} updates, which are at most ${maxSteps} epochs`);
        stepsPerEpoch = unknown(1);
        return { ok: true, totalUpdates: Math.round(runEpochs), stepsPerEpoch, assumptions, updatesPerEpochUnknown };
      }
      if (runEpochs === undefined && span) {
        runEpochs = span.steps;
        unknownRun('epochs', span.steps, span.why, true);
        stepsPerEpoch = unknown(1);
        return { ok: true, totalUpdates: Math.round(runEpochs), stepsPerEpoch, assumptions, updatesPerEpochUnknown };
      }
      if (runEpochs === undefined) return noLength;
      if (epochs === undefined) assumptions.push({ fact: 'epochs', value: runEpochs, source: 'file', howToSet: HOW_TO_SET.epochs! });
      stepsPerEpoch = unknown(1, maxSteps !== undefined ? `The run also stops after max_steps ${maxSteps} updates, which cannot be placed in epochs without it: drawn over ${runEpochs} epochs.` : undefined);
      return { ok: true, totalUpdates: Math.round(runEpochs), stepsPerEpoch, assumptions, updatesPerEpochUnknown };
    }
    if (epochs !== undefined) totalUpdates = epochs * stepsPerEpoch;
    else if (maxSteps !== undefined) totalUpdates = maxSteps;
    else if (request.plannedSteps !== undefined) {
      totalUpdates = request.plannedSteps * stepsPerEpoch;
      assumptions.push({ fact: 'epochs', value: request.plannedSteps, source: 'file', howToSet: HOW_TO_SET.epochs! });
    } else if (span) {
      totalUpdates = span.steps * stepsPerEpoch;
      unknownRun('epochs', span.steps, span.why, true);
    } else return noLength;
    // Lightning stops at whichever of max_epochs and max_steps comes first.
    if (maxSteps !== undefined) totalUpdates = Math.min(totalUpdates, maxSteps);
  } else {
    if (maxSteps !== undefined) {
      totalUpdates = maxSteps;
      if (epochs !== undefined && stepsPerEpoch !== undefined && facts.max_steps === undefined && facts.max_iters === undefined) {
        totalUpdates = Math.min(totalUpdates, epochs * stepsPerEpoch);
      }
    } else if (epochs !== undefined) {
      if (stepsPerEpoch === undefined) {
        const slices = nominalSlicesPerEpoch(epochs);
        stepsPerEpoch = unknown(slices, `The scheduler is stepped per update and its lengths count updates, which cannot be placed in ${epochs} epochs without it: drawn as if an epoch had ${slices} updates.`);
      }
      totalUpdates = epochs * stepsPerEpoch;
    } else if (request.plannedSteps !== undefined) {
      totalUpdates = request.plannedSteps;
      assumptions.push({ fact: 'max_steps', value: totalUpdates, source: 'file', howToSet: HOW_TO_SET.max_steps! });
    } else if (span) {
      totalUpdates = span.steps;
      unknownRun('max_steps', span.steps, span.why, true);
    } else return noLength;
  }
  return { ok: true, totalUpdates: Math.round(totalUpdates), stepsPerEpoch, assumptions, ...(updatesPerEpochUnknown ? { updatesPerEpochUnknown } : {}) };
}

/**
 * Updates per epoch from the dataset: ceil(dataset_size / (batch × devices)) batches (DataLoader with
 * drop_last=False, DistributedSampler padding), then ceil(batches / accumulate_grad_batches) updates
 * (Lightning steps on the last, partial accumulation window too).
 */
function stepsFromDataset(root: Fields, trainer: Fields | undefined, request: RunLengthRequest, assumptions: Assumption[]): number | undefined {
  const facts = request.context.facts;
  const data = objectChild(root, 'data');
  const dataArgs = data && objectChild(data, 'init_args');
  const plainNumber = (fields: Fields | undefined, key: string) => fields?.valueNode(key)?.kind === 'number' ? fields.number(key) : undefined;
  const batch = facts.batch_size ?? plainNumber(data, 'batch_size') ?? plainNumber(dataArgs, 'batch_size') ?? plainNumber(root, 'batch_size');
  if (batch === undefined || batch <= 0 || facts.dataset_size === undefined) return undefined;
  let world = facts.world_size;
  if (world === undefined) {
    const devices = plainNumber(trainer, 'devices');
    const nodes = plainNumber(trainer, 'num_nodes') ?? 1;
    world = devices !== undefined && devices > 0 ? devices * nodes : undefined;
  }
  if (world === undefined) {
    world = 1;
    assumptions.push({ fact: 'world_size', value: 1, source: 'default', howToSet: HOW_TO_SET.world_size! });
  }
  assumptions.push({ fact: 'dataset_size', value: facts.dataset_size, source: request.context.sources.dataset_size ?? 'context', howToSet: HOW_TO_SET.dataset_size! });
  const accumulate = plainNumber(trainer, 'accumulate_grad_batches') ?? 1;
  const batches = Math.ceil(facts.dataset_size / (batch * world));
  return Math.ceil(batches / Math.max(1, accumulate));
}

/**
 * The Trainer's arguments: `trainer`, else `pl_trainer` (deepcodebase/classification's train.py builds
 * `pl.Trainer(**cfg.pl_trainer)`).
 */
export function trainerOf(root: Fields): Fields | undefined {
  return objectChild(root, 'trainer') ?? objectChild(root, 'pl_trainer');
}

/** A nested mapping, without complaining when the key holds something else. */
export function objectChild(fields: Fields, key: string): Fields | undefined {
  return fields.valueNode(key)?.kind === 'object' ? fields.child(key) : undefined;
}
