import { curveAt } from './evaluate';
import { sampleSchedule } from './sample';
import type { Schedule, ScheduleSummary } from './schedule';

/**
 * Peak, final and minimum LR of a schedule. The sampler keeps every bucket's true extremes, so the peak and
 * minimum found among its points are the schedule's own, for any N.
 */
export function summarize(schedule: Schedule): ScheduleSummary {
  const n = schedule.totalUpdates;
  const { points } = sampleSchedule(schedule);
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
