import { npInterp, roundHalfEven } from './python';

/**
 * Ultralytics' training loop (`BaseTrainer._do_train` in ultralytics/engine/trainer.py) as far as the LR of
 * `optimizer.param_groups[0]` is concerned:
 *
 * - `scheduler.step()` runs at the START of every epoch (LambdaLR, so epoch e uses `initial_lr · lf(e)`);
 * - during warmup every batch overwrites the LR with `np.interp(ni, [0, nw], [start, initial_lr · lf(epoch)])`
 *   and the gradient accumulation with `round(np.interp(ni, [0, nw], [1, nbs / batch]))`;
 * - an optimizer update happens at batch `ni` when `ni − last_opt_step ≥ accumulate`, so N counts updates, not
 *   batches, and the updates are not aligned with epochs.
 *
 * The two trainer generations differ in the warmup (dialects.md §7.4, golden README "ultralytics"):
 * - 8.3 (@3c5ac618): `nw = max(round(warmup_epochs · nb), 100)` (−1 without warmup), warmup while `ni <= nw`;
 * - main (@00016300): `nw = round(min(warmup_epochs, epochs − 1) · nb)` (0 without warmup), warmup while `ni < nw`.
 *
 * Only the warmup batches are simulated; afterwards the accumulation is constant, so update k's batch and LR
 * have a closed form. A run of any length costs O(warmup batches) once and O(1) per update.
 */
export type UltralyticsTrainer = '8.3' | 'main';

export interface TrainingLoopSettings {
  trainer: UltralyticsTrainer;
  epochs: number;
  /** nb = len(train_loader): batches per epoch on one process */
  batchesPerEpoch: number;
  /** the trainer's batch_size (the total batch), used by the accumulation */
  batch: number;
  nbs: number;
  warmupEpochs: number;
  /** param_groups[0]["initial_lr"] */
  initialLr: number;
  /** where param_groups[0]'s warmup starts: warmup_bias_lr for a bias group, 0.0 for the others */
  warmupStartLr: number;
  /** the LambdaLR factor lf(epoch) */
  lf: (epoch: number) => number;
  /**
   * nb is a nominal count of slices per epoch (the dataset size is unknown): 8.3's 100-iteration minimum, a count
   * of real batches, is left out so the warm-up lasts warmup_epochs.
   */
  nominalBatches?: boolean;
}

export interface TrainingLoop {
  /** nw as the trainer computes it */
  warmupIterations: number;
  /** batches that run the warmup block (ni = 0 … warmupBatches − 1) */
  warmupBatches: number;
  totalBatches: number;
  totalUpdates: number;
  /** updates that happen at warmup batches */
  warmupUpdates: number;
  /** the accumulation after warmup */
  finalAccumulate: number;
  /** the LR of param_groups[0] at update t */
  lrAt(t: number): number;
  /** the batch index ni at which update t happens */
  batchOfUpdate(t: number): number;
  /** update indices where the LR sequence's monotone pieces start (epoch changes during warmup, warmup end) */
  pieceStarts: number[];
}

/** Warmup batches simulated at most (one Float64 pair each); beyond this LR Lens explains instead of computing. */
export const MAX_SIMULATED_BATCHES = 10_000_000;

export function warmupIterations(trainer: UltralyticsTrainer, warmupEpochs: number, epochs: number, nb: number, nominalBatches = false): number {
  if (trainer === '8.3') return warmupEpochs > 0 ? Math.max(roundHalfEven(warmupEpochs * nb), nominalBatches ? 1 : 100) : -1;
  // main: _get_warmup_iterations leaves at least the final epoch for regular training.
  const capped = Math.min(warmupEpochs, Math.max(epochs - 1, 0));
  return capped > 0 ? roundHalfEven(capped * nb) : 0;
}

export function simulateTrainingLoop(s: TrainingLoopSettings): TrainingLoop | { tooManyBatches: number } {
  const nb = s.batchesPerEpoch;
  const totalBatches = nb * s.epochs;
  const nw = warmupIterations(s.trainer, s.warmupEpochs, s.epochs, nb, s.nominalBatches);
  // 8.3 runs the warmup block while ni <= nw, main while ni < nw.
  const warmupBatches = s.trainer === '8.3' ? nw + 1 : nw;
  const simulated = Math.max(0, Math.min(warmupBatches, totalBatches));
  if (simulated > MAX_SIMULATED_BATCHES) return { tooManyBatches: simulated };

  const epochLr = (epoch: number) => s.initialLr * s.lf(epoch);
  let accumulate = Math.max(roundHalfEven(s.nbs / s.batch), 1);
  let lastOptStep = -1;
  let lr = Number.NaN;
  const warmupLrs: number[] = [];
  const warmupUpdateBatches: number[] = [];
  for (let ni = 0; ni < simulated; ni++) {
    const epoch = Math.floor(ni / nb);
    accumulate = Math.max(1, roundHalfEven(npInterp(ni, 0, nw, 1, s.nbs / s.batch)));
    lr = npInterp(ni, 0, nw, s.warmupStartLr, s.initialLr * s.lf(epoch));
    if (ni - lastOptStep >= accumulate) {
      warmupLrs.push(lr);
      warmupUpdateBatches.push(ni);
      lastOptStep = ni;
    }
  }

  // After the warmup: the LR written by the last warmup batch stays until the next epoch's scheduler.step()
  // (main's warmup ends one batch before reaching its target, so this is visible there).
  const holdEpoch = simulated > 0 ? Math.floor((simulated - 1) / nb) : -1;
  const holdLr = lr;
  const k = warmupLrs.length;
  const firstPostBatch = Math.max(simulated, lastOptStep + accumulate);
  const postUpdates = simulated < totalBatches && firstPostBatch <= totalBatches - 1
    ? Math.floor((totalBatches - 1 - firstPostBatch) / accumulate) + 1 : 0;
  const finalAccumulate = accumulate;
  const lrAtBatch = (ni: number) => {
    const epoch = Math.floor(ni / nb);
    return epoch === holdEpoch ? holdLr : epochLr(epoch);
  };
  const batchOfUpdate = (t: number) => (t < k ? warmupUpdateBatches[Math.max(0, t)] : firstPostBatch + (t - k) * finalAccumulate);
  const firstUpdateAtOrAfter = (batch: number): number => {
    if (k > 0 && batch <= warmupUpdateBatches[k - 1]) {
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (warmupUpdateBatches[mid] >= batch) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    return k + Math.max(0, Math.ceil((batch - firstPostBatch) / finalAccumulate));
  };

  const totalUpdates = k + postUpdates;
  const starts = new Set<number>();
  for (let epoch = 1; epoch <= Math.min(holdEpoch + 1, s.epochs - 1); epoch++) starts.add(firstUpdateAtOrAfter(epoch * nb));
  if (simulated > 0) starts.add(k);
  const pieceStarts = [...starts].filter(p => p > 0 && p < totalUpdates).sort((a, b) => a - b);

  return {
    warmupIterations: nw,
    warmupBatches: simulated,
    totalBatches,
    totalUpdates,
    warmupUpdates: k,
    finalAccumulate,
    lrAt: t => (t < k ? warmupLrs[Math.max(0, t)] : lrAtBatch(batchOfUpdate(t))),
    batchOfUpdate,
    pieceStarts,
  };
}
