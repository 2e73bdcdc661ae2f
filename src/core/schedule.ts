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
export type AssumptionSource = 'default' | 'setting' | 'directive' | 'flag' | 'context' | 'file';

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
}

/**
 * A learning-rate schedule: the LR of every optimizer update t = 0 … totalUpdates − 1 is `curve` at t.
 */
export interface Schedule {
  /** optional display name (the file's `name`, the scheduler class) */
  name?: string;
  totalUpdates: number;
  /** optimizer updates per epoch, when known */
  stepsPerEpoch?: number;
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
