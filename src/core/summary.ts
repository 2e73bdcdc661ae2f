import { curveAt } from './evaluate';
import { sampleSchedule, type SamplePoint } from './sample';
import type { Schedule, ScheduleSummary } from './schedule';

/**
 * Points for the run's extremes. The sampler keeps every bucket's true minimum and maximum whatever the bucket
 * count, so the summary and the checks, which run on every keystroke, need a few dozen buckets, not a plot's
 * 2,000 points (that cost them most of their time).
 */
export const EXTREMES_POINTS = 64;

/** Points among which the schedule's own peak and minimum lie (with the first and last update), for any N. */
export function extremePoints(schedule: Schedule): SamplePoint[] {
  return sampleSchedule(schedule, EXTREMES_POINTS).points;
}

/** Peak, final and minimum LR of a schedule. */
export function summarize(schedule: Schedule): ScheduleSummary {
  const n = schedule.totalUpdates;
  const points = extremePoints(schedule);
  let peakLr = -Infinity;
  let peakUpdate = 0;
  let minLr = Infinity;
  for (const p of points) {
    if (p.lr > peakLr) { peakLr = p.lr; peakUpdate = p.update; }
    if (p.lr < minLr) minLr = p.lr;
  }
  return {
    totalUpdates: n,
    epochs: schedule.stepsPerEpoch ? n / schedule.stepsPerEpoch : undefined,
    peakLr: points.length ? peakLr : NaN,
    peakUpdate,
    initialLr: n > 0 ? curveAt(schedule.curve, 0) : NaN,
    finalLr: n > 0 ? curveAt(schedule.curve, n - 1) : NaN,
    minLr: points.length ? minLr : NaN,
    warmupUpdates: schedule.warmupUpdates,
  };
}
