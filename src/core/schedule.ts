import type { Curve } from './curve';

/** Where a breakpoint comes from, in the user's words. */
export type MarkerKind = 'warmupEnd' | 'milestone' | 'restart' | 'phaseEnd';

/** A labelled breakpoint of a schedule, in optimizer updates. */
export interface Marker {
  update: number;
  kind: MarkerKind;
  label: string;
}

/** Where the value of a fact that the file does not hold came from. */
export type AssumptionSource = 'default' | 'setting' | 'directive' | 'flag' | 'context' | 'file'
  /** read from what the config implies (a known dataset's training split), see `origin` */
  | 'inferred'
  /** no one says it and no default holds: the schedule is drawn without it (`value` says what was used instead) */
  | 'unknown';

/**
 * A fact the file does not state (steps per epoch, devices, how often a scheduler is stepped), the value
 * used, and where the user can set it. Kept as data so hover and CodeLens can show it.
 */
export interface Assumption {
  /** snake_case input key, e.g. `steps_per_epoch`, `world_size`, `scheduler_interval` */
  fact: string;
  value: string | number;
  source: AssumptionSource;
  /** e.g. "set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch" */
  howToSet: string;
  /** where an inferred value comes from, e.g. "ImageNet-1k train split (1,281,167 images), from `data_dir: /data/imagenet`" */
  origin?: string;
}

/**
 * A learning-rate schedule: the LR of every optimizer update t = 0 … totalUpdates − 1 is `curve` at t.
 */
export interface Schedule {
  /** optional display name (the file's `name`, the scheduler class) */
  name?: string;
  totalUpdates: number;
  /** optimizer updates per epoch, when known; with `updatesPerEpochUnknown`, the counter's slices of an epoch */
  stepsPerEpoch?: number;
  /**
   * No one says how many optimizer updates an epoch has (issue 12: a missing fact is never an error). The counter
   * then runs in `stepsPerEpoch` nominal slices of an epoch: 1 for a schedule stepped per epoch (exact in epochs),
   * more for one stepped per update (drawn from its shape: warm-up fraction, cosine over the run). Every front end
   * speaks in epochs only and says that updates/epoch are unknown.
   */
  updatesPerEpochUnknown?: true;
  /** whether the LR changes on every update or only at epoch boundaries */
  changes: 'update' | 'epoch';
  /** the curve, with the optimizer update index as its counter */
  curve: Curve;
  /** labelled breakpoints (warmup end, milestones, restarts, phase ends) in updates */
  markers: Marker[];
  /** updates spent in warmup (0 when there is none) */
  warmupUpdates: number;
  assumptions: Assumption[];
}

/** The numbers a user wants at a glance. */
export interface ScheduleSummary {
  totalUpdates: number;
  /** totalUpdates / stepsPerEpoch when steps per epoch are known */
  epochs?: number;
  peakLr: number;
  /** first update at which the peak is reached */
  peakUpdate: number;
  initialLr: number;
  finalLr: number;
  minLr: number;
  warmupUpdates: number;
}
