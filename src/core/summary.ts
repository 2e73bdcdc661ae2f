import { curveAt } from './evaluate';
import { pieceStarts } from './pieces';
import { extremesIn, sampleSchedule, type SamplePoint } from './sample';
import type { Schedule, ScheduleSummary } from './schedule';

/**
 * Points for the run's extremes. The sampler keeps every bucket's true minimum and maximum whatever the bucket
 * count, so the summary and the checks, which run on every keystroke, need a few dozen buckets, not a plot's
 * 2,000 points (that cost them most of their time).
 */
export const EXTREMES_POINTS = 64;

/** Monotone pieces up to which the whole run is searched at once, as one bucket (extremesIn lists as many). */
const WHOLE_RUN_PIECES = 32;

/** Points among which the schedule's own peak and minimum lie (with the first and last update), for any N. */
export function extremePoints(schedule: Schedule): SamplePoint[] {
  const last = schedule.totalUpdates - 1;
  if (last < 0) return [];
  // Most schedules are a handful of monotone pieces (warm-up, decay phases, milestones): their extremes lie at
  // piece ends, so the whole run is one bucket of a few evaluations. Periodic and unknown shapes take the sampler.
  const pieces = pieceStarts(schedule.curve, 0, last, WHOLE_RUN_PIECES);
  if (pieces.truncated || !pieces.monotone) return sampleSchedule(schedule, EXTREMES_POINTS).points;
  const { minAt, maxAt, min, max } = extremesIn(schedule.curve, 0, last);
  const points: SamplePoint[] = [{ update: 0, lr: curveAt(schedule.curve, 0) }];
  for (const p of [minAt < maxAt ? { update: minAt, lr: min } : { update: maxAt, lr: max }, minAt < maxAt ? { update: maxAt, lr: max } : { update: minAt, lr: min }]) {
    if (p.update > points[points.length - 1].update) points.push(p);
  }
  if (last > points[points.length - 1].update) points.push({ update: last, lr: curveAt(schedule.curve, last) });
  return points;
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
