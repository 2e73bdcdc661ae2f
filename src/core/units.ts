import type { Assumption } from './schedule';

/**
 * Optimizer updates per epoch from a dataset size: one update per global batch, the last partial batch kept
 * (PyTorch DataLoader drop_last=False: ceil) or dropped (drop_last=True: floor). ImageNet's 1,281,167 images
 * at a global batch of 1024 give 1252 updates per epoch, or 1251 when the last batch is dropped.
 */
export interface EpochLength {
  datasetSize: number;
  globalBatch: number;
  dropLast: boolean;
}

export function stepsPerEpochFrom({ datasetSize, globalBatch, dropLast }: EpochLength): number {
  return dropLast ? Math.floor(datasetSize / globalBatch) : Math.ceil(datasetSize / globalBatch);
}

/** Slices per epoch a run without known updates/epoch is drawn at: at least this many over the run. */
export const NOMINAL_RUN_SLICES = 1000;

/**
 * When no one says how many optimizer updates an epoch has (issue 12: a missing fact is never an error), a
 * schedule stepped per update is drawn from its shape at R nominal slices per epoch: the smallest whole R that
 * gives the run at least 1,000 slices (so about 1,000–2,000), and at least one slice per epoch. 100 epochs →
 * 10 slices each, 3 epochs → 334, 300 epochs → 4 (1,200 slices), 2,000 epochs → 1. A schedule stepped per epoch
 * uses 1 (exact) instead.
 */
export function nominalSlicesPerEpoch(epochs: number): number {
  if (!(epochs > 0) || !Number.isFinite(epochs)) return 1;
  return Math.min(1_000_000, Math.max(1, Math.ceil(NOMINAL_RUN_SLICES / epochs)));
}

/** How a dialect records that the updates per epoch are unknown (the front ends then speak in epochs only). */
export function unknownStepsPerEpoch(howToSet: string): Assumption {
  return { fact: 'steps_per_epoch', value: 'unknown', source: 'unknown', howToSet };
}
